// Two instances sharing one Redis (REDIS_URL; a SQLite database each): a client's rate
// limit holds across them, a WebSocket client on one sees a game finished on the other,
// and when Redis dies each keeps serving (local limits, /ready "degraded" but 200) and
// comes back by itself when Redis does. Skipped without redis-server.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { createApiKey } from "./auth_helpers.mjs";
import { request, startServer } from "./harness.mjs";
import { finishGame, openLive } from "./live.mjs";
import { parsePrometheusText as parseMetrics } from "./prometheus_parser.mjs";
import { HAVE_REDIS, startRedis, waitFor } from "./redis_server.mjs";

const GENERAL_LIMIT = 6;

describe("two instances sharing Redis", { skip: HAVE_REDIS ? false : "redis-server is not installed" }, () => {
  let redis;
  let a;
  let b;
  const scrapers = new Map(); // server → headers of an analyst API key (/metrics needs one)
  const metricsOf = async (server) => {
    const res = await request(server.port, "GET", "/metrics", { headers: scrapers.get(server) });
    assert.equal(res.status, 200, res.text);
    return parseMetrics(res.text);
  };
  before(async () => {
    redis = await startRedis("redis-api");
    const env = {
      REDIS_URL: redis.url,
      JOURNEYMAN_RATE_LIMITS: "on",
      JOURNEYMAN_RATE_GENERAL: `${GENERAL_LIMIT}/1m`,
    };
    [a, b] = await Promise.all([
      startServer({ label: "redis-a", env }),
      startServer({ label: "redis-b", env }),
    ]);
    // Both report Redis up before the tests rely on it.
    for (const server of [a, b]) {
      scrapers.set(server, { "X-API-Key": createApiKey(server, "analyst").key });
      await waitFor(async () => (await request(server.port, "GET", "/ready")).json?.redis === "up", 10_000, "redis up");
    }
  });
  after(async () => {
    await Promise.allSettled([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  test("/ready names Redis; /metrics has journeyman_redis_up 1", async () => {
    const ready = await request(a.port, "GET", "/ready");
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json, { status: "ready", database: "connected", redis: "up" });
    const metrics = await metricsOf(a);
    assert.equal(metrics.value("journeyman_redis_up"), 1);
  });

  test("a client's rate limit holds across instances", async () => {
    const statuses = [];
    let remaining = [];
    for (let i = 0; i < GENERAL_LIMIT + 2; i += 1) {
      const server = i % 2 === 0 ? a : b;
      const res = await request(server.port, "GET", "/api/v1/no-such-thing");
      statuses.push(res.status);
      remaining.push(res.headers["ratelimit-remaining"]);
      assert.equal(res.headers["ratelimit-limit"], String(GENERAL_LIMIT));
    }
    // One bucket for both: 6 admitted in total (alternating), then 429 on either.
    // (A slow machine may refill one token in between: 10 s per token.)
    const admitted = statuses.filter((s) => s === 404).length;
    assert.ok(admitted === GENERAL_LIMIT || admitted === GENERAL_LIMIT + 1, `statuses ${statuses}, remaining ${remaining}`);
    assert.equal(statuses.at(-1), 429, `statuses ${statuses}`);
    assert.equal(remaining[0], String(GENERAL_LIMIT - 1));
    assert.equal(remaining[1], String(GENERAL_LIMIT - 2), "b saw a's request");
  });

  test("a WebSocket client on A sees a game finished on B within 1 s, once", async () => {
    const live = await openLive(a.port);
    try {
      // Let the subscription settle (the welcome message arrives first).
      await live.next((m) => m.type === "hello", 2000);
      const finished = await finishGame(b.port, { name: "Remote Runner" });
      const started = Date.now();
      const event = await live.next((m) => m.type === "game_finished", 1000);
      assert.ok(Date.now() - started <= 1000);
      assert.equal(event.mode, "practice");
      assert.equal(event.gameId, undefined, "public channel: anonymised");
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(live.messages.filter((m) => m.type === "game_finished").length, 1, "delivered once");
      assert.ok(finished.id);
      // And B's own clients get B's events once too (local delivery, its own echo dropped).
      const liveB = await openLive(b.port);
      try {
        await finishGame(b.port);
        await liveB.next((m) => m.type === "game_finished", 1000);
        await new Promise((resolve) => setTimeout(resolve, 300));
        assert.equal(liveB.messages.filter((m) => m.type === "game_finished").length, 1);
      } finally {
        liveB.ws.close();
      }
    } finally {
      live.ws.close();
    }
  });

  test("Redis dies: degraded but serving with local limits; back by itself when Redis returns", async () => {
    await redis.kill();
    await waitFor(async () => (await request(a.port, "GET", "/ready")).json?.redis === "down", 5000, "redis down on A");
    const ready = await request(a.port, "GET", "/ready");
    assert.equal(ready.status, 200, "still ready: the instance serves without Redis");
    assert.equal(ready.json.status, "degraded");

    // Requests are still served and limited (locally), never 5xx.
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await request(b.port, "GET", "/api/v1/no-such-thing")).status);
    assert.ok(statuses.every((s) => s === 404 || s === 429), `statuses ${statuses}`);
    const health = await request(a.port, "GET", "/health");
    assert.equal(health.status, 200);
    const metrics = await metricsOf(b);
    assert.equal(metrics.value("journeyman_redis_up"), 0);
    assert.ok(metrics.value("journeyman_redis_fallbacks_total") >= 4, "local decisions are counted");
    assert.ok(metrics.value("journeyman_redis_errors_total") >= 1);

    await redis.start();
    for (const server of [a, b]) {
      const ms = await waitFor(
        async () => (await request(server.port, "GET", "/ready")).json?.status === "ready",
        8000,
        "ready again",
      );
      assert.ok(ms < 8000);
    }
    const back = await request(a.port, "GET", "/ready");
    assert.deepEqual(back.json, { status: "ready", database: "connected", redis: "up" });
  });
});
