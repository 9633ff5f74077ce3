// Server-judged play through the real binary: every mode to the end, the daily with a
// wrong and a right guess, and the rule that no response reveals the answer (name,
// surname or initials) before its round is over.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, test } from "node:test";

import { BINARY, REPO, request, startServer, uniqueId } from "./harness.mjs";

let server;
before(async () => {
  server = await startServer({ label: "game" });
});
after(async () => {
  await server?.stop();
});

const player = () => ({ name: "Ada O'Brien", email: `${uniqueId("p")}@example.com` });

/** Records every response body of the current round, to check for leaks once it ends. */
class Recorder {
  constructor() {
    this.bodies = [];
  }
  async call(method, path, body) {
    const res = await request(server.port, method, path, { body });
    this.bodies.push({ path, text: res.text, hintsTaken: res.json?.game?.round?.hints?.map((h) => h.kind) ?? [] });
    return res;
  }
  /** Asserts no recorded body (taken while the round was playing) names the answer. */
  assertNoLeak(answerName) {
    const tokens = answerName.split(/\s+/).filter((t) => !/^(jr\.?|sr\.?|ii|iii|iv)$/i.test(t));
    const surname = tokens[tokens.length - 1];
    const initials = `${tokens[0][0]}.${surname[0]}.`;
    for (const { path, text, hintsTaken } of this.bodies) {
      assert.ok(!text.includes(answerName), `${path} leaked the answer's name`);
      assert.ok(!text.includes(`"${surname}`) && !text.includes(` ${surname}"`), `${path} leaked the surname`);
      if (!hintsTaken.includes("initials")) assert.ok(!text.includes(initials), `${path} leaked initials`);
    }
    this.bodies = [];
  }
}

async function startGame(mode, extra = {}) {
  const rec = new Recorder();
  const res = await rec.call("POST", "/api/v1/games", { mode, player: player(), consent: true, ...extra });
  assert.equal(res.status, 201, res.text);
  return { rec, game: res.json.game, playerId: res.json.playerId };
}

for (const mode of ["easy", "challenge", "practice"]) {
  test(`${mode}: a whole game with a wrong guess, a hint and give-ups, then finish`, async () => {
    const { rec, game } = await startGame(mode, { rounds: 2 });
    assert.equal(game.mode, mode);
    assert.equal(game.roundCount, 2);
    assert.equal(game.round.status, "playing");
    assert.equal(game.round.teams.length, game.round.teamsTotal, "all teams shown outside daily");
    if (mode === "challenge") assert.ok(game.round.teams.every((t) => t.from === null && t.to === null));
    const id = game.gameId;

    let res = await rec.call("POST", `/api/v1/games/${id}/guesses`, { guess: "Zzyzx Qwerty" });
    assert.equal(res.status, 200);
    assert.equal(res.json.verdict, "wrong");
    assert.equal(res.json.game.round.guessesLeft, 5);
    res = await rec.call("POST", `/api/v1/games/${id}/hints`);
    assert.equal(res.status, 200);
    assert.equal(res.json.hint.kind, "position");
    res = await rec.call("GET", `/api/v1/games/${id}`);
    assert.equal(res.status, 200);

    res = await request(server.port, "POST", `/api/v1/games/${id}/give-up`);
    assert.equal(res.status, 200);
    assert.equal(res.json.game.round.status, "failed");
    const answer = res.json.game.round.answer;
    assert.ok(answer?.name, "the answer is shown once the round is over");
    rec.assertNoLeak(answer.name);

    res = await request(server.port, "POST", `/api/v1/games/${id}/guesses`, { body: { guess: answer.name } });
    assert.equal(res.status, 409, "no guessing on a finished round");

    res = await rec.call("POST", `/api/v1/games/${id}/next`);
    assert.equal(res.status, 200);
    assert.equal(res.json.game.roundIndex, 1);
    res = await request(server.port, "POST", `/api/v1/games/${id}/give-up`);
    rec.assertNoLeak(res.json.game.round.answer.name);

    res = await request(server.port, "POST", `/api/v1/games/${id}/finish`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.game.status, "finished");
    assert.equal(res.json.result.score, 0);
    assert.equal(typeof res.json.result.shareText, "string");
    const again = await request(server.port, "POST", `/api/v1/games/${id}/finish`);
    assert.equal(again.status, 200);
    assert.deepEqual(again.json.result, res.json.result, "finish is idempotent");
    const late = await request(server.port, "POST", `/api/v1/games/${id}/hints`);
    assert.equal(late.status, 409);

    // Sharing from the result screen marks the stored game, without moving it in time.
    const row = () =>
      execFileSync("sqlite3", [server.db, `SELECT shared_on_social, finished_at, status FROM games WHERE session_id='${id}'`], {
        encoding: "utf8",
      }).trim();
    const before = row().split("|");
    assert.equal(before[0], "0");
    assert.equal(before[2], "finished");
    const shared = await request(server.port, "POST", `/api/v1/games/${id}/finish`, { body: { sharedOnSocial: true } });
    assert.equal(shared.status, 200);
    const afterShare = row().split("|");
    assert.equal(afterShare[0], "1");
    assert.equal(afterShare[1], before[1], "finished_at is kept");
    const bad = await request(server.port, "POST", `/api/v1/games/${id}/finish`, { body: { sharedOnSocial: "yes" } });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.field, "sharedOnSocial");
  });
}

describe("daily", () => {
  const dailyAnswer = () =>
    execFileSync(BINARY, ["puzzle", "answer", "--db", server.db], { cwd: REPO, encoding: "utf8" }).trim();

  test("teams one at a time: a wrong guess reveals the next, the right one solves", async () => {
    const meta = await request(server.port, "GET", "/api/v1/puzzles/daily");
    assert.equal(meta.status, 200);
    const { rec, game, playerId } = await startGame("daily");
    assert.equal(game.puzzleNumber, meta.json.number);
    assert.equal(game.round.teams.length, 1);
    const answer = dailyAnswer();
    assert.ok(!meta.text.includes(answer), "daily metadata holds no answer");

    let res = await rec.call("POST", `/api/v1/games/${game.gameId}/guesses`, { guess: "Zzyzx Qwerty" });
    assert.equal(res.json.verdict, "wrong");
    assert.equal(res.json.game.round.teams.length, Math.min(2, game.round.teamsTotal));
    rec.assertNoLeak(answer);

    res = await request(server.port, "POST", `/api/v1/games/${game.gameId}/guesses`, {
      body: { guess: answer.toUpperCase() },
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.verdict, "correct");
    assert.equal(res.json.game.round.status, "solved");
    assert.ok(res.json.game.round.points > 0);

    res = await request(server.port, "POST", `/api/v1/games/${game.gameId}/finish`);
    assert.equal(res.status, 200);
    assert.equal(res.json.result.solved, 1);
    assert.equal(res.json.result.streak.current, 1);
    assert.ok(!res.json.result.shareText.includes(answer), "share text has no spoiler");

    const board = await request(server.port, "GET", "/api/v1/leaderboard?period=daily&mode=daily");
    assert.equal(board.status, 200);
    const row = board.json.entries.find((e) => e.name === "Ada O'Brien");
    assert.ok(row, "the finished game is on the leaderboard at once");
    assert.ok(!board.text.includes("@"), "no e-mails on the leaderboard");

    const history = await request(server.port, "GET", `/api/v1/players/${playerId}/history`);
    assert.equal(history.status, 200);
    assert.equal(history.json.games[0].gameId, game.gameId);
    assert.equal(history.json.games[0].puzzleNumber, game.puzzleNumber);
    assert.deepEqual(history.json.streak, { current: 1, best: 1 });
    assert.ok(!history.text.includes("@"), "no e-mails in the history");
    const stranger = await request(server.port, "GET", "/api/v1/players/00000000-0000-4000-8000-000000000000/history");
    assert.deepEqual(stranger.json.games, []);
  });

  test("two concurrent right guesses score once", async () => {
    const { game } = await startGame("daily");
    const answer = dailyAnswer();
    const [a, b] = await Promise.all(
      [0, 1].map(() => request(server.port, "POST", `/api/v1/games/${game.gameId}/guesses`, { body: { guess: answer } })),
    );
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 409], `one wins, the other finds the round over: ${a.text} ${b.text}`);
    const state = await request(server.port, "GET", `/api/v1/games/${game.gameId}`);
    assert.equal(state.json.game.round.guesses.filter((g) => g.verdict === "correct").length, 1);
  });
});

describe("input and ids", () => {
  test("start validates mode, player, consent and rounds", async () => {
    const base = { mode: "easy", player: player(), consent: true };
    const cases = [
      [{ ...base, mode: "hard" }, "mode"],
      [{ ...base, mode: 5 }, "mode"],
      [{ ...base, player: "Ada" }, "player"],
      [{ ...base, rounds: 2.5 }, "rounds"],
      [{ ...base, player: { name: "<b>x</b>", email: "a@b.co" } }, "player.name"],
      [{ ...base, player: { name: "Ada", email: "nope" } }, "player.email"],
      [{ ...base, consent: false }, "consent"],
      [{ ...base, rounds: 11 }, "rounds"],
      [{ ...base, mode: "daily", date: "1999-01-01" }, "date"],
    ];
    for (const [body, field] of cases) {
      const res = await request(server.port, "POST", "/api/v1/games", { body });
      assert.equal(res.status, 400, `${field}: ${res.text}`);
      assert.equal(res.json.error.field, field);
    }
  });

  test("unknown game ids are 404 on every move", async () => {
    for (const path of ["", "/guesses", "/hints", "/give-up", "/next", "/finish"]) {
      const method = path === "" ? "GET" : "POST";
      const res = await request(server.port, method, `/api/v1/games/00000000-0000-4000-8000-000000000000${path}`, {
        body: path === "/guesses" ? { guess: "x" } : undefined,
      });
      assert.equal(res.status, 404, `${method} ${path}`);
    }
  });

  test("player search: prefix, accents, limits", async () => {
    let res = await request(server.port, "GET", "/api/v1/players/search?q=fitzpat");
    assert.equal(res.status, 200);
    assert.ok(res.json.results.some((r) => r.name === "Ryan Fitzpatrick"));
    assert.ok(res.json.results.length <= 10);
    res = await request(server.port, "GET", `/api/v1/players/search?q=${encodeURIComponent("pierre garcon")}`);
    assert.ok(res.json.results.some((r) => r.name === "Pierre Garçon"));
    res = await request(server.port, "GET", "/api/v1/players/search?q=");
    assert.equal(res.status, 400);
    assert.equal(res.json.error.field, "q");
  });

  test("leaderboard validates its parameters and ignores client-reported games", async () => {
    const email = `${uniqueId("c")}@example.com`;
    const reported = await request(server.port, "POST", "/api/game-data", {
      body: { name: "Client Reporter", email, mode: "daily", guesses: ["x"], correctCount: 1, sessionId: uniqueId("c") },
    });
    assert.equal(reported.status, 201);
    const board = await request(server.port, "GET", "/api/v1/leaderboard?period=all");
    assert.equal(board.status, 200);
    assert.ok(!board.json.entries.some((e) => e.name === "Client Reporter"));
    for (const q of ["period=yearly", "mode=hard", "limit=0", "limit=abc", "offset=-1"]) {
      const res = await request(server.port, "GET", `/api/v1/leaderboard?${q}`);
      assert.equal(res.status, 400, q);
    }
  });
});
