// The response cache through the real binary: ETag and Cache-Control on the cached public
// reads, 304 on If-None-Match, a leaderboard that shows a finished game on the very next
// read, and the cache counters on /metrics.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { request, startServer, uniqueId } from "./harness.mjs";
import { createApiKey } from "./auth_helpers.mjs";
import { parsePrometheusText } from "./prometheus_parser.mjs";

let server;
let scraper;
before(async () => {
  server = await startServer({ label: "cache" });
  scraper = { "X-API-Key": createApiKey(server, "analyst", "cache-test").key };
});
after(async () => {
  await server?.stop();
});

const get = (path, headers = {}) => request(server.port, "GET", path, { headers });
const STRONG_ETAG = /^"[0-9a-f]{32}"$/;

async function cacheCounter(name, cache) {
  const res = await get("/metrics", scraper);
  assert.equal(res.status, 200);
  return parsePrometheusText(res.text).value(name, { cache }) ?? 0;
}

/** Plays a one-round easy game as `name` to the end: it is then on the boards. */
async function finishGame(name) {
  const player = { name, email: `${uniqueId("c")}@example.com` };
  let res = await request(server.port, "POST", "/api/v1/games", {
    body: { mode: "easy", rounds: 1, player, consent: true },
  });
  assert.equal(res.status, 201, res.text);
  const id = res.json.game.gameId;
  res = await request(server.port, "POST", `/api/v1/games/${id}/give-up`);
  assert.equal(res.status, 200, res.text);
  res = await request(server.port, "POST", `/api/v1/games/${id}/finish`);
  assert.equal(res.status, 200, res.text);
}

describe("GET /api/v1/leaderboard", () => {
  test("carries a strong ETag and Cache-Control: no-cache (revalidate every use)", async () => {
    const res = await get("/api/v1/leaderboard");
    assert.equal(res.status, 200);
    assert.match(res.headers.etag, STRONG_ETAG);
    assert.equal(res.headers["cache-control"], "public, no-cache");
    assert.equal(res.headers["content-type"], "application/json");
    assert.ok(res.headers["x-request-id"], "middleware still runs");
    assert.ok(res.headers["content-security-policy"], "security headers still set");
  });

  test("If-None-Match with the current ETag (strong or weak) answers 304 without a body", async () => {
    const first = await get("/api/v1/leaderboard?period=all&limit=5");
    for (const tag of [first.headers.etag, `W/${first.headers.etag}`, `"nope", ${first.headers.etag}`, "*"]) {
      const res = await get("/api/v1/leaderboard?period=all&limit=5", { "If-None-Match": tag });
      assert.equal(res.status, 304, tag);
      assert.equal(res.raw.length, 0);
      assert.equal(res.headers.etag, first.headers.etag);
      assert.equal(res.headers["cache-control"], "public, no-cache");
    }
    const stale = await get("/api/v1/leaderboard?period=all&limit=5", { "If-None-Match": '"0123"' });
    assert.equal(stale.status, 200);
    assert.deepEqual(stale.json, first.json);
  });

  test("every spelling of one query shares an entry; errors are not cached", async () => {
    const a = await get("/api/v1/leaderboard?limit=7&period=weekly");
    const b = await get("/api/v1/leaderboard?period=weekly&limit=07");
    assert.equal(a.status, 200);
    assert.equal(a.headers.etag, b.headers.etag);
    const bad = await get("/api/v1/leaderboard?period=yearly");
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.etag, undefined);
    assert.equal(bad.headers["cache-control"], "no-store");
  });

  test("a finished game is on every board variant on the very next read", async () => {
    const name = `Cachey ${uniqueId("n").replace(/[^a-z]/gi, "").slice(-8)}`;
    const paths = [
      "/api/v1/leaderboard",
      "/api/v1/leaderboard?period=daily",
      "/api/v1/leaderboard?period=weekly&mode=easy&limit=100",
      "/api/v1/leaderboard?period=all&mode=easy&limit=100",
    ];
    const before = {};
    for (const p of paths) {
      before[p] = await get(p);
      assert.equal((await get(p)).headers.etag, before[p].headers.etag, "cached between writes");
    }
    await finishGame(name);
    for (const p of paths.slice(2)) {
      const res = await get(p, { "If-None-Match": before[p].headers.etag });
      assert.equal(res.status, 200, `${p} changed`);
      assert.notEqual(res.headers.etag, before[p].headers.etag);
      assert.ok(res.json.entries.some((e) => e.name === name), `${p} shows the new game`);
    }
  });

  test("hits and misses are counted on /metrics", async () => {
    const path = `/api/v1/leaderboard?limit=${3 + Math.floor(Math.random() * 90)}`;
    const hits0 = await cacheCounter("journeyman_cache_hits_total", "leaderboard");
    const misses0 = await cacheCounter("journeyman_cache_misses_total", "leaderboard");
    await get(path);
    await get(path);
    await get(path, { "If-None-Match": "*" });
    assert.equal(await cacheCounter("journeyman_cache_misses_total", "leaderboard"), misses0 + 1);
    assert.equal(await cacheCounter("journeyman_cache_hits_total", "leaderboard"), hits0 + 2);
  });
});

describe("GET /api/v1/puzzles/daily", () => {
  test("public with a max-age of at most 60 s (never past the reset), ETag and 304", async () => {
    const res = await get("/api/v1/puzzles/daily");
    assert.equal(res.status, 200);
    assert.match(res.headers.etag, STRONG_ETAG);
    const m = /^public, max-age=(\d+)$/.exec(res.headers["cache-control"]);
    assert.ok(m, res.headers["cache-control"]);
    const untilReset = (Date.parse(res.json.resetsAt) - Date.now()) / 1000;
    assert.ok(Number(m[1]) <= 60 && Number(m[1]) <= untilReset + 1, m[1]);
    const again = await get("/api/v1/puzzles/daily", { "If-None-Match": res.headers.etag });
    assert.equal(again.status, 304);
    assert.equal(again.raw.length, 0);
    assert.ok((await cacheCounter("journeyman_cache_hits_total", "daily")) >= 1);
  });
});

describe("responses that are not cached", () => {
  test("keep no-store", async () => {
    const res = await get("/health");
    assert.equal(res.headers["cache-control"], "no-store");
    assert.equal(res.headers.etag, undefined);
  });
});
