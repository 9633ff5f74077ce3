// Rate limits per route class and client IP, against the real server with limits ON (the
// harness turns them off for every other suite). Tiny rules ("3/2s") keep this fast.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";

import { BINARY, REPO, SECURITY_HEADERS, postJson, request, sleep, startServer, validGame } from "./harness.mjs";

// Tiny rules: general allows 3 per 2 s, every other class 4 per 2 s (so a path that is not
// yet routed, and therefore counts as general, is told apart by its RateLimit-Limit).
const WINDOW = 2;
const limitOf = (cls) => (cls === "general" ? 3 : 4);

// One representative request per class; `legacy` marks the original's paths, whose errors
// keep the original's shape. Classes whose routes are not in this build yet
// (they arrive with the accounts, GDPR and admin work) are reported as skipped until
// their route answers with the class's limit.
const CLASSES = [
  { cls: "general", method: "GET", path: "/api/v1/no-such-thing" },
  { cls: "game", method: "GET", path: "/api/v1/puzzles/daily" },
  { cls: "submit", legacy: true, method: "POST", path: "/save-player", body: () => validGame() },
  { cls: "strict", method: "GET", path: "/api/admin/stats" },
  { cls: "auth", method: "POST", path: "/api/v1/auth/login", body: () => ({ email: "a@b.co", password: "x" }) },
  { cls: "gdpr_export", legacy: true, method: "GET", path: "/api/gdpr/export/someone" },
  { cls: "gdpr_delete", legacy: true, method: "DELETE", path: "/api/gdpr/delete/someone" },
  { cls: "consent_read", legacy: true, method: "GET", path: "/api/consent/someone" },
  { cls: "consent_write", legacy: true, method: "POST", path: "/api/consent/someone", body: () => ({ consent_type: "analytics", granted: true }) },
  { cls: "consent_delete", legacy: true, method: "DELETE", path: "/api/consent/someone/analytics" },
  { cls: "crypto", legacy: true, method: "POST", path: "/api/encrypt", body: () => ({ data: "x" }) },
  { cls: "analytics", legacy: true, method: "GET", path: "/analytics" },
];

const envName = (cls) => `JOURNEYMAN_RATE_${cls.toUpperCase()}`;

function send(port, { method, path, body }, headers = {}) {
  return request(port, method, path, { headers, body: body ? body() : undefined });
}

function assertRateHeaders(res, limit) {
  assert.equal(res.headers["ratelimit-limit"], String(limit));
  assert.match(res.headers["ratelimit-remaining"], /^\d+$/);
  assert.match(res.headers["ratelimit-reset"], /^[1-9]\d*$/);
  assert.equal(res.headers["ratelimit-policy"], `${limit};w=${WINDOW}`);
}

// Exhausts the class's bucket, checks the refusal, waits as told, and checks recovery.
async function exerciseClass(t, port, entry) {
  const limit = limitOf(entry.cls);
  const first = await send(port, entry);
  if (first.headers["ratelimit-limit"] !== String(limit)) {
    t.skip(`${entry.method} ${entry.path} is not routed as class ${entry.cls} in this build`);
    return;
  }
  assertRateHeaders(first, limit);
  assert.equal(first.headers["ratelimit-remaining"], String(limit - 1));
  assert.notEqual(first.status, 429);

  // The bucket refills continuously (one token per WINDOW/limit s), so a slow machine may
  // squeeze in one extra request before the refusal.
  let admitted = 1;
  let refused;
  for (let i = 0; i < limit + 2 && !refused; i++) {
    const res = await send(port, entry);
    if (res.status === 429) refused = res;
    else admitted += 1;
  }
  assert.ok(refused, "no 429");
  assert.ok(admitted === limit || admitted === limit + 1, `admitted ${admitted}`);
  assertRateHeaders(refused, limit);
  assert.equal(refused.headers["ratelimit-remaining"], "0");
  assert.equal(refused.headers["retry-after"], "1");
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) {
    assert.match(refused.headers[name] ?? "", pattern, name);
  }
  assert.equal(refused.json.requestId, refused.headers["x-request-id"]);
  if (entry.legacy) {
    // The original API's paths keep the original's shape.
    assert.equal(refused.json.success, false);
    assert.equal(refused.json.error, "Rate limit exceeded");
    assert.equal(refused.json.message, "Too many requests, retry in 1 s");
  } else {
    assert.equal(refused.json.error.code, "rate_limited");
    assert.equal(refused.json.error.message, "Too many requests, retry in 1 s");
  }

  // Retry-After is honest: a token is back after it.
  await sleep(1000);
  assert.notEqual((await send(port, entry)).status, 429, "after Retry-After");
  // After a whole window the bucket is full again.
  await sleep(WINDOW * 1000);
  for (let i = 0; i < limit; i++) assert.notEqual((await send(port, entry)).status, 429, `after the window, request ${i}`);
}

describe("every class with a tiny rule", () => {
  let server;
  before(async () => {
    const env = { JOURNEYMAN_RATE_LIMITS: "on" };
    for (const { cls } of CLASSES) env[envName(cls)] = `${limitOf(cls)}/${WINDOW}s`;
    // Cheap password hashing: at the real cost (and under ASan) a login takes longer than the
    // tiny rule's refill interval, and the auth bucket would never run dry.
    server = await startServer({ label: "rate-limits", env, args: ["--argon2-memory-kib", "1024", "--argon2-iterations", "1"] });
  });
  after(() => server?.stop());

  it("general: 429 with Retry-After once the bucket is empty, and recovery", (t) =>
    exerciseClass(t, server.port, CLASSES[0]));

  // Each class is its own bucket, so they run side by side. A class whose route is missing
  // costs the general bucket one request, after general's own test has finished.
  describe("the specific classes", { concurrency: true }, () => {
    for (const entry of CLASSES.slice(1)) {
      it(`${entry.cls}: 429 with Retry-After once the bucket is empty, and recovery`, (t) =>
        exerciseClass(t, server.port, entry));
    }
  });

  it("/health, /api/health and /ready are never limited", async () => {
    for (let i = 0; i < 20; i++) {
      for (const path of ["/health", "/api/health", "/ready"]) {
        const res = await request(server.port, "GET", path);
        assert.equal(res.status, 200, path);
        assert.equal(res.headers["ratelimit-limit"], undefined, path);
      }
    }
  });

  it("X-Forwarded-For from an untrusted peer does not buy a fresh bucket", async () => {
    const entry = { method: "GET", path: "/api/v1/also-not-here" };
    let res;
    for (let i = 0; i < 10 && res?.status !== 429; i++) {
      res = await send(server.port, entry, { "X-Forwarded-For": `198.51.100.${i}` });
    }
    assert.equal(res.status, 429);
    const spoofed = await send(server.port, entry, { "X-Forwarded-For": "203.0.113.77" });
    assert.equal(spoofed.status, 429);
  });
});

describe("default rules behind a trusted proxy", () => {
  let server;
  before(async () => {
    server = await startServer({
      label: "rate-limits-proxy",
      env: { JOURNEYMAN_RATE_LIMITS: "on", JOURNEYMAN_TRUSTED_PROXIES: "127.0.0.1" },
    });
  });
  after(() => server?.stop());

  it("25 rapid /save-player requests from one address get at least one 429", async () => {
    const headers = { "X-Forwarded-For": "198.51.100.25" };
    const statuses = [];
    for (let i = 0; i < 25; i++) {
      const res = await postJson(server.port, "/save-player", validGame(), { headers });
      statuses.push(res.status);
      if (i === 0) {
        assert.equal(res.headers["ratelimit-limit"], "20");
        assert.equal(res.headers["ratelimit-policy"], "20;w=900");
      }
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(201));
    assert.deepEqual(statuses.slice(20), Array(5).fill(429));
  });

  it("limits are per client address when the proxy is trusted", async () => {
    const other = await postJson(server.port, "/save-player", validGame(), { headers: { "X-Forwarded-For": "198.51.100.26" } });
    assert.equal(other.status, 201);
    // The right-most untrusted address counts: a client cannot prepend its way out.
    const prepended = await postJson(server.port, "/save-player", validGame(), {
      headers: { "X-Forwarded-For": "1.2.3.4, 198.51.100.25" },
    });
    assert.equal(prepended.status, 429);
  });

  it("the game class is generous enough for real play", async () => {
    const res = await request(server.port, "GET", "/api/v1/puzzles/daily", { headers: { "X-Forwarded-For": "198.51.100.30" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["ratelimit-limit"], "600");
  });
});

describe("configuration", () => {
  it("limits off (the harness default) logs a warning at start and sends no RateLimit headers", async () => {
    const server = await startServer({ label: "rate-limits-off" });
    try {
      for (let i = 0; i < 30; i++) {
        const res = await postJson(server.port, "/save-player", validGame());
        assert.equal(res.status, 201);
        assert.equal(res.headers["ratelimit-limit"], undefined);
      }
    } finally {
      await server.stop();
    }
    assert.match(fs.readFileSync(server.logFile, "utf8"), /"event":"rate_limits_disabled"/);
  });

  it("a malformed rule stops the server at start, naming the variable", () => {
    const res = spawnSync(BINARY, ["serve", "--port", "0", "--db", "/nonexistent/x.db"], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, JOURNEYMAN_RATE_AUTH: "5 per minute" },
    });
    assert.equal(res.status, 2);
    assert.match(res.stderr, /JOURNEYMAN_RATE_AUTH: expected COUNT\/WINDOW/);
  });
});
