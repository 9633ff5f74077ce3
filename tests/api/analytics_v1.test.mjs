// GET /api/v1/analytics/summary|timeseries|careers|funnel against the real binary: the
// contract's shapes, 400s that name the field, 401 without a credential, 403 for a
// player, and the numbers after a known set of games (a retry counted once).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { Client, STRONG_PASSWORD, createApiKey } from "./auth_helpers.mjs";
import { postJson, request, startServer, validGame } from "./harness.mjs";

const PATHS = ["summary", "timeseries", "careers", "funnel"].map((p) => `/api/v1/analytics/${p}`);
const today = () => new Date().toISOString().slice(0, 10);

let server;
let analystKey;
let playerToken;

const get = (path, headers = { "X-API-Key": analystKey }) => request(server.port, "GET", path, { headers });

before(async () => {
  server = await startServer({ label: "analytics-v1", args: ["--argon2-memory-kib", "1024", "--argon2-iterations", "1"] });
  analystKey = createApiKey(server, "analyst", "analytics test").key;
  const player = new Client(server.port);
  const res = await player.register({ name: "Pat Player", email: "pat@example.com", password: STRONG_PASSWORD });
  assert.equal(res.status, 201, res.text);
  playerToken = player.accessToken;
});

after(async () => {
  await server?.stop();
});

describe("access", () => {
  it("refuses a request without a credential (401) and a player (403)", async () => {
    for (const path of PATHS) {
      const anonymous = await request(server.port, "GET", path);
      assert.equal(anonymous.status, 401, `${path}: ${anonymous.text}`);
      const player = await get(path, { Authorization: `Bearer ${playerToken}` });
      assert.equal(player.status, 403, `${path}: ${player.text}`);
    }
  });
});

describe("validation", () => {
  const cases = [
    ["/api/v1/analytics/summary?from=yesterday", "from"],
    ["/api/v1/analytics/summary?to=2026-02-30", "to"],
    ["/api/v1/analytics/timeseries?from=2026-11-03&to=2026-11-02", "from"],
    ["/api/v1/analytics/timeseries?from=2024-01-01&to=2026-01-01", "from"],
    ["/api/v1/analytics/funnel?mode=hard", "mode"],
    ["/api/v1/analytics/careers?sort=worst", "sort"],
    ["/api/v1/analytics/careers?limit=0", "limit"],
    ["/api/v1/analytics/careers?limit=101", "limit"],
    ["/api/v1/analytics/careers?offset=-1", "offset"],
    ["/api/v1/analytics/careers?minShown=x", "minShown"],
  ];
  for (const [path, field] of cases) {
    it(`${path} → 400 naming ${field}`, async () => {
      const res = await get(path);
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json.error.field, field);
      assert.equal(res.json.error.code, "invalid_field");
      assert.ok(res.json.requestId);
    });
  }
});

describe("figures after known games", () => {
  before(async () => {
    const games = [
      validGame({ email: "a@example.com", mode: "easy", durationInSeconds: 42, correctCount: 3, guesses: ["x", "y", "z", "w"], sharedOnSocial: true }),
      validGame({ email: "b@example.com", mode: "easy", durationInSeconds: 100, correctCount: 0, guesses: ["x", "y"] }),
      validGame({ email: "a@example.com", mode: "challenge", durationInSeconds: 60, correctCount: 1, guesses: ["x", "y"] }),
    ];
    for (const game of games) {
      const res = await postJson(server.port, "/api/game-data", game);
      assert.ok(res.status === 200 || res.status === 201, res.text);
    }
    // A retry of the first submission must not count twice.
    const retry = await postJson(server.port, "/api/game-data", games[0]);
    assert.ok(retry.status < 300, retry.text);
  });

  it("summary", async () => {
    const res = await get("/api/v1/analytics/summary");
    assert.equal(res.status, 200, res.text);
    const s = res.json;
    assert.equal(s.to, today());
    assert.equal(s.mode, null);
    assert.equal(s.gamesStarted, 3);
    assert.equal(s.gamesFinished, 3);
    assert.equal(s.gamesSolved, 2);
    assert.equal(s.completionRate, 1);
    assert.equal(s.solveRate, 2 / 3);
    assert.equal(s.accuracy, 4 / 8);
    assert.equal(s.averageDuration, (42 + 100 + 60) / 3);
    assert.equal(typeof s.p50Duration, "number");
    assert.ok(s.p90Duration >= s.p50Duration);
    assert.equal(s.shares, 1);
    assert.equal(s.players, 2);
    assert.deepEqual(s.byMode.map((m) => m.mode), ["challenge", "easy"]);
    const easy = s.byMode.find((m) => m.mode === "easy");
    assert.equal(easy.gamesStarted, 2);
    assert.equal(easy.gamesSolved, 1);
    for (const key of ["completionRate", "solveRate", "accuracy", "averageDuration", "p50Duration", "p90Duration", "shares", "gamesFinished"]) {
      assert.ok(key in easy, key);
    }
    assert.ok(!Number.isNaN(Date.parse(s.generatedAt)));

    const challenge = await get("/api/v1/analytics/summary?mode=challenge");
    assert.equal(challenge.json.mode, "challenge");
    assert.equal(challenge.json.gamesStarted, 1);
    assert.equal(challenge.json.players, 1);
    assert.equal(challenge.json.p50Duration, 45 + 15 * 0.5);  // one game in (45, 60]
  });

  it("timeseries: one zero-filled entry per day", async () => {
    const res = await get("/api/v1/analytics/timeseries");
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.days.length, 30);
    const last = res.json.days.at(-1);
    assert.equal(last.date, today());
    assert.equal(last.gamesStarted, 3);
    assert.equal(last.gamesFinished, 3);
    assert.equal(res.json.days[0].gamesStarted, 0);
    assert.equal(res.json.days[0].accuracy, 0);
    for (const key of ["date", "gamesStarted", "gamesFinished", "gamesSolved", "completionRate", "accuracy", "averageDuration", "p50Duration", "p90Duration", "shares"]) {
      assert.ok(key in last, key);
    }
    const one = await get(`/api/v1/analytics/timeseries?from=${today()}&to=${today()}&mode=easy`);
    assert.equal(one.json.days.length, 1);
    assert.equal(one.json.days[0].gamesStarted, 2);
  });

  it("funnel", async () => {
    const res = await get("/api/v1/analytics/funnel");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json.steps, [
      { step: "started", count: 3 },
      { step: "finished", count: 3 },
      { step: "solved", count: 2 },
      { step: "shared", count: 1 },
    ]);
  });

  it("careers: shape and paging echo", async () => {
    const res = await get("/api/v1/analytics/careers?sort=most_shown&limit=5&offset=0&minShown=1");
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(Object.keys(res.json).sort(), ["items", "limit", "offset", "sort", "total"]);
    assert.equal(res.json.sort, "most_shown");
    assert.equal(res.json.limit, 5);
    assert.ok(Array.isArray(res.json.items));
    assert.equal(res.json.total, 0);  // client-reported games have no rounds
  });
});
