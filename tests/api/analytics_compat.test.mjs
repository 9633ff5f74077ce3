// The original's analytics paths against the real binary, after known games: the shapes
// and numbers of /analytics, /leaderboard, /api/admin/stats, /trends, /advanced-analytics,
// /player-progression, /player-profile; who may call them (401/403); 400s naming the
// field; and the analytics export end to end (202 → job done → CSV/JSON download).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, describe, it } from "node:test";

import { Client, STRONG_PASSWORD, TEST_JWT_SECRET, createApiKey, createUser } from "./auth_helpers.mjs";
import { BINARY, REPO, request, sleep, startServer, uniqueId, validGame } from "./harness.mjs";

const env = { JOURNEYMAN_JWT_SECRET: TEST_JWT_SECRET };
let server;
const keys = {};
const who = {};
const HEX64 = /[0-9a-f]{64}/i;
// No API accepts commas or quotes in a name, but rows imported from the original can
// hold them: the test writes them into the database directly.
const TRICKY_NAME = 'Smith, "Ace" Jr';
const FORMULA_NAME = "=1+2";
const reporters = { tricky: `${uniqueId("tricky")}@example.com`, plain: `${uniqueId("plain")}@example.com` };
const solverEmail = `${uniqueId("solver")}@example.com`;

const get = (path, headers = {}) => request(server.port, "GET", path, { headers });
const asAnalyst = (path) => get(path, { "X-API-Key": keys.analyst });
const post = (path, body, headers) => request(server.port, "POST", path, { body, headers });

async function playDaily(name, email, solve) {
  const start = await post("/api/v1/games", { mode: "daily", player: { name, email }, consent: true });
  assert.equal(start.status, 201, start.text);
  const id = start.json.game.gameId;
  if (solve) {
    const answer = execFileSync(BINARY, ["puzzle", "answer", "--db", server.db], { cwd: REPO, encoding: "utf8" }).trim();
    const guess = await post(`/api/v1/games/${id}/guesses`, { guess: answer });
    assert.equal(guess.json.verdict, "correct", guess.text);
  } else {
    assert.equal((await post(`/api/v1/games/${id}/give-up`)).status, 200);
  }
  const finish = await post(`/api/v1/games/${id}/finish`, { sharedOnSocial: solve });
  assert.equal(finish.status, 200, finish.text);
}

/** RFC 4180 parser: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else field += c;
  }
  return rows;
}

async function waitForJob(id, headers) {
  for (let i = 0; i < 100; i += 1) {
    const res = await get(`/api/v1/jobs/${id}`, headers);
    assert.equal(res.status, 200, res.text);
    if (res.json.status === "done" || res.json.status === "failed") return res.json;
    await sleep(50);
  }
  throw new Error(`job ${id} did not finish`);
}

before(async () => {
  server = await startServer({ label: "analytics-compat", env, args: ["--argon2-memory-kib", "1024", "--argon2-iterations", "1"] });
  keys.analyst = createApiKey(server, "analyst", "compat analyst", env).key;
  keys.otherAnalyst = createApiKey(server, "analyst", "another analyst", env).key;
  keys.admin = createApiKey(server, "admin", "compat admin", env).key;
  who.player = new Client(server.port);
  assert.equal((await who.player.register({ name: "Pat Player", email: `${uniqueId("pat")}@example.com`, password: STRONG_PASSWORD })).status, 201);
  const analystEmail = `${uniqueId("ana")}@example.com`;
  createUser(server, { email: analystEmail, name: "Ana Lyst", role: "analyst", password: STRONG_PASSWORD }, env);
  who.analyst = new Client(server.port);
  assert.equal((await who.analyst.login(analystEmail, STRONG_PASSWORD)).status, 200);

  // Four client reports (two players) and two server-judged dailies (one solved).
  const reports = [
    validGame({ name: "Tricky Reporter", email: reporters.tricky, mode: "easy", correctCount: 2, durationInSeconds: 40, sharedOnSocial: true }),
    validGame({ name: "Tricky Reporter", email: reporters.tricky, mode: "challenge", correctCount: 0, durationInSeconds: 200 }),
    validGame({ name: "Plain Reporter", email: reporters.plain, mode: "easy", correctCount: 1, durationInSeconds: 20 }),
    validGame({ name: "Plain Reporter", email: reporters.plain, mode: "easy", correctCount: 1, durationInSeconds: 400 }),
  ];
  for (const body of reports) {
    const res = await post("/save-player", body);
    assert.ok([200, 201].includes(res.status), res.text);
  }
  const sql = `UPDATE users SET name = '${TRICKY_NAME.replaceAll("'", "''")}' WHERE name = 'Tricky Reporter';` +
    `UPDATE users SET name = '${FORMULA_NAME}' WHERE name = 'Plain Reporter';`;
  execFileSync("sqlite3", [server.db, sql]);
  await playDaily("Sol Solver", solverEmail, true);
  await playDaily("Gus Giveup", `${uniqueId("gus")}@example.com`, false);
});

after(() => server?.stop());

describe("GET /analytics/:gameType?", () => {
  it("computes the original's fields from the stored games", async () => {
    const res = await asAnalyst("/analytics");
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.success, true);
    assert.ok(res.json.timestamp);
    const d = res.json.data;
    assert.equal(d.totalSessions, 6);
    assert.equal(d.totalPlayers, 4);
    assert.equal(d.activeToday, 4);
    assert.equal(d.socialShares, 2);
    assert.deepEqual(d.modeDistribution, { easy: 3, challenge: 1, daily: 2 });
    assert.equal(d.completionRate, 66.67, "4 of 6 games had a correct answer");
    assert.ok(d.highestScore > 0, "the solved daily scored");
    assert.equal(d.fastestTime > 0, true);
    assert.ok(typeof d.averageScore === "number" && typeof d.averageCorrectCount === "number");
    assert.ok(d.lastPlayed);
    for (const path of ["/analytics/all", "/analytics/journeyman"]) assert.equal((await asAnalyst(path)).json.data.totalSessions, 6);
    const easy = await asAnalyst("/analytics/easy");
    assert.equal(easy.json.data.totalSessions, 3);
    assert.equal(easy.json.data.totalPlayers, 2);
  });

  it("filters by startDate/endDate and validates them", async () => {
    const future = await asAnalyst("/analytics?startDate=2030-01-01&endDate=2030-01-31");
    assert.equal(future.status, 200);
    assert.equal(future.json.data.totalSessions, 0);
    const cases = [
      ["/analytics/poker", "gameType"],
      ["/analytics?startDate=yesterday", "startDate"],
      ["/analytics?endDate=2026-13-01", "endDate"],
      ["/analytics?startDate=2026-02-01&endDate=2026-01-01", "endDate"],
      ["/analytics?startDate=2024-01-01&endDate=2026-01-01", "endDate"],
    ];
    for (const [path, field] of cases) {
      const res = await asAnalyst(path);
      assert.equal(res.status, 400, `${path}: ${res.text}`);
      assert.equal(res.json.success, false, "the original's error shape");
      assert.equal(res.json.field, field, path);
    }
  });

  it("needs an analyst: 401 without a credential, 403 for a player", async () => {
    const none = await get("/analytics");
    assert.equal(none.status, 401);
    const player = await who.player.call("GET", "/analytics");
    assert.equal(player.status, 403);
    const account = await who.analyst.call("GET", "/analytics");
    assert.equal(account.status, 200, "an analyst's account works like an analyst key");
  });
});

describe("GET /leaderboard/:gameType?", () => {
  it("is public, ranks server-judged games and never shows e-mails or hashes", async () => {
    const res = await get("/leaderboard");
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.success, true);
    const rows = res.json.data;
    assert.equal(rows.length, 2, "client reports are not ranked");
    assert.deepEqual(Object.keys(rows[0]).sort(), ["best_score", "fastest_time", "games_played", "last_played", "name", "player_name", "rank"]);
    assert.equal(rows[0].rank, 1);
    assert.equal(rows[0].player_name, "Sol Solver");
    assert.equal(rows[0].name, "Sol Solver");
    assert.ok(rows[0].best_score > 0);
    assert.ok(rows[0].fastest_time >= 0);
    assert.equal(rows[0].games_played, 1);
    assert.equal(rows[1].player_name, "Gus Giveup");
    assert.equal(rows[1].fastest_time, null);
    assert.ok(!res.text.includes("@"), "no e-mails");
    assert.ok(!HEX64.test(res.text), "no hashes");
    const paged = await get("/leaderboard/daily?limit=1&offset=1");
    assert.equal(paged.json.data.length, 1);
    assert.equal(paged.json.data[0].rank, 2);
    assert.equal((await get("/leaderboard/easy")).json.data.length, 0);
  });

  it("validates limit, offset and gameType", async () => {
    for (const [path, field] of [["/leaderboard?limit=101", "limit"], ["/leaderboard?limit=0", "limit"], ["/leaderboard?offset=-1", "offset"], ["/leaderboard/chess", "gameType"]]) {
      const res = await get(path);
      assert.equal(res.status, 400, path);
      assert.equal(res.json.field, field, path);
    }
  });
});

describe("GET /api/admin/stats", () => {
  it("gives an admin the real numbers", async () => {
    const res = await get("/api/admin/stats", { "X-API-Key": keys.admin });
    assert.equal(res.status, 200, res.text);
    const d = res.json.data;
    assert.deepEqual(d.games, { total: 6, today: 6, finished: 6, active: 0 });
    assert.equal(d.players, 4);
    assert.equal(d.accounts.analyst, 1);
    assert.ok(d.accounts.player >= 1);
    assert.equal(typeof d.jobs.queued, "number");
    assert.equal(d.store.healthy, true);
    assert.ok(d.uptimeSeconds >= 0);
  });

  it("refuses everyone else", async () => {
    assert.equal((await get("/api/admin/stats")).status, 401);
    assert.equal((await asAnalyst("/api/admin/stats")).status, 403);
  });
});

describe("trends, advanced analytics, progression, profiles", () => {
  it("GET /trends buckets by period", async () => {
    for (const period of ["day", "week", "month"]) {
      const res = await asAnalyst(`/trends?period=${period}`);
      assert.equal(res.status, 200, res.text);
      const t = res.json.data;
      assert.equal(t.period, period);
      assert.equal(t.performanceTrends.length, 12);
      const last = t.performanceTrends.at(-1);
      assert.equal(last.total_sessions, 6);
      assert.equal(last.active_players, 4);
      assert.equal(last.easy_sessions, 3);
      assert.equal(last.challenge_sessions, 1);
      assert.equal(t.acquisitionTrends.at(-1).new_players, 4);
      assert.ok(Array.isArray(t.modePreferences));
    }
    const bad = await asAnalyst("/trends/easy?period=year");
    assert.equal(bad.status, 400);
    assert.equal(bad.json.field, "period");
  });

  it("GET /advanced-analytics", async () => {
    const res = await asAnalyst("/advanced-analytics");
    assert.equal(res.status, 200, res.text);
    const a = res.json.data;
    const sessions = a.durationPerformanceCorrelation.reduce((n, b) => n + b.sessions, 0);
    assert.equal(sessions, 6);
    assert.ok(a.durationPerformanceCorrelation.some((b) => b.duration_range === "5min+"));
    const easy = a.modeAnalysis.find((m) => m.mode === "easy");
    assert.equal(easy.total_sessions, 3);
    assert.equal(easy.social_shares, 1);
    assert.equal(easy.share_rate_percent, 33.33);
    const multi = a.retentionAnalysis.find((r) => r.player_type === "Multi-session");
    assert.equal(multi.players, 2);
    assert.equal(multi.avg_sessions_per_player, 2);
  });

  it("GET /player-progression/:email answers with the pseudonym, never the address", async () => {
    const res = await asAnalyst(`/player-progression/${encodeURIComponent(reporters.tricky)}`);
    assert.equal(res.status, 200, res.text);
    assert.match(res.json.playerId, /^[0-9a-f]{16}$/);
    assert.equal(res.json.data.length, 2);
    assert.deepEqual(res.json.data.map((g) => g.game_number), [1, 2]);
    assert.equal(res.json.data[1].rolling_avg_correct, 1);
    assert.ok(!res.text.includes("@"));
    const unknown = await asAnalyst("/player-progression/nobody%40example.com");
    assert.equal(unknown.status, 404);
    assert.equal((await who.player.call("GET", `/player-progression/${reporters.tricky}`)).status, 403);
  });

  it("GET /player-profile lists profiles with games, paginated; one by e-mail", async () => {
    const list = await asAnalyst("/player-profile?limit=3");
    assert.equal(list.status, 200, list.text);
    assert.equal(list.json.pagination.total, 4);
    assert.equal(list.json.data.length, 3);
    for (const p of list.json.data) {
      assert.match(p.playerId, /^[0-9a-f]{16}$/);
      assert.ok(p.skill_level && p.player_type && p.engagement_level);
    }
    assert.ok(!list.text.includes("@"));
    const rest = await asAnalyst("/player-profile?limit=3&offset=3");
    assert.equal(rest.json.data.length, 1);
    const one = await asAnalyst(`/player-profile/${encodeURIComponent(reporters.plain)}`);
    assert.equal(one.status, 200, one.text);
    assert.equal(one.json.data.total_games, 2);
    assert.equal(one.json.data.engagement_level, "Moderately Engaged");
    const progression = await asAnalyst(`/player-progression/${encodeURIComponent(reporters.plain)}`);
    assert.equal(one.json.data.playerId, progression.json.playerId, "one pseudonym per person");
    assert.equal((await asAnalyst("/player-profile?limit=500")).json.field, "limit");
  });
});

describe("POST /export-analytics", () => {
  const today = new Date().toISOString().slice(0, 10);
  const period = { startDate: "2026-01-01", endDate: today > "2026-01-01" ? today : "2026-12-31" };

  it("validates the period and who may ask for e-mails", async () => {
    const headers = { "X-API-Key": keys.analyst };
    const cases = [
      [{ endDate: period.endDate }, "startDate"],
      [{ startDate: "01/02/2026", endDate: period.endDate }, "startDate"],
      [{ startDate: "2026-03-01", endDate: "2026-02-01" }, "endDate"],
      [{ startDate: "2025-01-01", endDate: "2026-06-01" }, "endDate"],
      [{ ...period, format: "xml" }, "format"],
      [{ ...period, gameType: "poker" }, "gameType"],
    ];
    for (const [body, field] of cases) {
      const res = await post("/export-analytics", body, headers);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(res.json.field, field, JSON.stringify(body));
    }
    const emails = await post("/export-analytics", { ...period, includeEmail: true }, headers);
    assert.equal(emails.status, 403, emails.text);
    assert.equal((await post("/export-analytics", period)).status, 401);
    assert.equal((await who.player.call("POST", "/export-analytics", period)).status, 403);
  });

  it("an analyst's CSV: 202, job done, escaped names, no e-mail column; only the asker sees it", async () => {
    const headers = { "X-API-Key": keys.analyst };
    const res = await post("/export-analytics", { ...period, format: "csv" }, headers);
    assert.equal(res.status, 202, res.text);
    assert.equal(res.json.success, true);
    assert.equal(res.json.statusUrl, `/api/v1/jobs/${res.json.exportKey}`);
    assert.ok(res.json.message && res.json.timestamp);
    const job = await waitForJob(res.json.exportKey, headers);
    assert.equal(job.status, "done", JSON.stringify(job));
    assert.ok(job.expiresAt);

    const other = await get(res.json.statusUrl, { "X-API-Key": keys.otherAnalyst });
    assert.equal(other.status, 404, "another analyst cannot see the export");
    assert.equal((await who.player.call("GET", res.json.statusUrl)).status, 404);

    const file = await get(job.downloadUrl, headers);
    assert.equal(file.status, 200, file.text);
    assert.match(file.headers["content-type"], /^text\/csv/);
    assert.match(file.headers["content-disposition"], /attachment; filename=".*\.csv"/);
    const rows = parseCsv(file.text);
    const header = rows[0];
    assert.ok(!header.includes("email"), "no e-mail column for an analyst");
    assert.ok(!file.text.includes("@"), "no address anywhere");
    assert.equal(rows.length, 7, "a header and six games");
    const nameAt = header.indexOf("player_name");
    const tricky = rows.filter((r) => r[nameAt] === TRICKY_NAME);
    assert.equal(tricky.length, 2, "the comma and quotes survive a round trip");
    assert.equal(rows.filter((r) => r[nameAt] === `'${FORMULA_NAME}`).length, 2, "a formula is defused");
    assert.match(tricky[0][header.indexOf("player_id")], /^[0-9a-f]{16}$/);
  });

  it("an admin may include e-mails; an analyst's account exports JSON and reads its own job", async () => {
    const admin = { "X-API-Key": keys.admin };
    const res = await post("/export-analytics", { ...period, includeEmail: true }, admin);
    assert.equal(res.status, 202, res.text);
    const job = await waitForJob(res.json.exportKey, admin);
    const rows = parseCsv((await get(job.downloadUrl, admin)).text);
    const emailAt = rows[0].indexOf("email");
    assert.ok(emailAt > 0);
    assert.ok(rows.slice(1).some((r) => r[emailAt] === reporters.tricky));

    const mine = await who.analyst.call("POST", "/export-analytics", { ...period, format: "json", gameType: "daily" });
    assert.equal(mine.status, 202, mine.text);
    const bearer = { Authorization: `Bearer ${who.analyst.accessToken}` };
    const done = await waitForJob(mine.json.exportKey, bearer);
    const doc = await get(done.downloadUrl, bearer);
    assert.equal(doc.status, 200, doc.text);
    assert.equal(doc.json.count, 2);
    assert.ok(doc.json.rows.every((r) => r.mode === "daily" && !("email" in r)));
    assert.equal((await get(mine.json.statusUrl, { "X-API-Key": keys.analyst })).status, 404);
  });
});
