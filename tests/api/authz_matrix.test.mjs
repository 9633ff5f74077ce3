// The authorization matrix, generated from the server's own route table
// (`journeyman routes`), so a new protected route is covered the day it is added:
// every non-public route × (no credentials, expired token, tampered token, token signed
// with another key, revoked API key) → 401, and × (the wrong role) → 403.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Client, STRONG_PASSWORD, TEST_JWT_SECRET, cli, createApiKey, signJwt, tamper } from "./auth_helpers.mjs";
import { request, startServer } from "./harness.mjs";

const env = { JOURNEYMAN_JWT_SECRET: TEST_JWT_SECRET };
let server;
let routes;
const creds = {};

function concretePath(route, otherUserId) {
  return route.path
    .replace(":user_id", otherUserId)
    .replace(":type", "analytics")
    .replace(/:[a-zA-Z_]+/g, "00000000-0000-4000-8000-000000000000");
}

function call(route, path, headers) {
  const withBody = ["POST", "PUT", "PATCH", "DELETE"].includes(route.method);
  return request(server.port, route.method, path, { headers, body: withBody ? {} : undefined });
}

before(async () => {
  server = await startServer({ label: "authz", env, args: ["--argon2-memory-kib", "1024", "--argon2-iterations", "1"] });
  routes = JSON.parse(cli(server, ["routes"], { env }).stdout);

  const player = new Client(server.port);
  const reg = await player.register({ name: "Pat Player", email: "pat.player@example.com", password: STRONG_PASSWORD });
  assert.equal(reg.status, 201, reg.text);
  creds.player = player;
  const other = new Client(server.port);
  await other.register({ name: "Olive Other", email: "olive.other@example.com", password: STRONG_PASSWORD });
  creds.otherUserId = other.user.id;

  creds.analystKey = createApiKey(server, "analyst", "matrix analyst", env).key;
  const revoked = createApiKey(server, "admin", "matrix revoked", env);
  cli(server, ["apikey", "revoke", revoked.keyId], { env });
  creds.revokedKey = revoked.key;

  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: player.user.id, role: "admin", jti: "matrix", iat: now - 3600 };
  creds.expired = signJwt({ ...claims, exp: now - 60 });
  creds.wrongKey = signJwt({ ...claims, exp: now + 600 }, "some-other-secret-of-32-characters!!");
  creds.tampered = tamper(player.accessToken);
});

after(() => server.stop());

describe("every protected route refuses the wrong caller", () => {
  it("the route table lists protected routes of every access level", () => {
    const levels = new Set(routes.map((r) => r.access));
    for (const level of ["public", "player", "self_or_admin", "analyst", "admin"]) {
      assert.ok(levels.has(level), `no ${level} route in ${JSON.stringify([...levels])}`);
    }
  });

  it("401 without credentials or with bad ones, 403 with the wrong role", async () => {
    const failures = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.access !== "public")) {
      const path = concretePath(route, creds.otherUserId);
      const cases = [
        ["no credentials", {}, 401],
        ["expired token", { Authorization: `Bearer ${creds.expired}` }, 401],
        ["tampered token", { Authorization: `Bearer ${creds.tampered}` }, 401],
        ["token signed with another key", { Authorization: `Bearer ${creds.wrongKey}` }, 401],
        ["revoked API key", { "X-API-Key": creds.revokedKey }, 401],
        ["revoked API key as Bearer", { Authorization: `Bearer ${creds.revokedKey}` }, 401],
        ["malformed API key", { "X-API-Key": "jm_nothing" }, 401],
      ];
      if (route.access === "admin") {
        cases.push(["analyst API key", { "X-API-Key": creds.analystKey }, 403]);
        cases.push(["player token", { Authorization: `Bearer ${creds.player.accessToken}` }, 403]);
      } else if (route.access === "analyst") {
        cases.push(["player token", { Authorization: `Bearer ${creds.player.accessToken}` }, 403]);
      } else if (route.access === "player") {
        cases.push(["analyst API key (not a person)", { "X-API-Key": creds.analystKey }, 403]);
      } else if (route.access === "self_or_admin") {
        cases.push(["another player's token", { Authorization: `Bearer ${creds.player.accessToken}` }, 403]);
        cases.push(["analyst API key", { "X-API-Key": creds.analystKey }, 403]);
      }
      for (const [label, headers, expected] of cases) {
        const res = await call(route, path, headers);
        checked += 1;
        if (res.status !== expected) failures.push(`${route.method} ${route.path} with ${label}: ${res.status} (wanted ${expected})`);
        else if (expected === 401 && !res.headers["www-authenticate"]) failures.push(`${route.method} ${route.path} with ${label}: 401 without WWW-Authenticate`);
        else if (!res.headers["x-request-id"] || !res.headers["content-security-policy"]) failures.push(`${route.method} ${route.path} with ${label}: security headers missing`);
      }
    }
    assert.deepEqual(failures, [], `${failures.length} of ${checked} checks failed`);
    assert.ok(checked > 50, `only ${checked} checks ran`);
  });

  it("the right caller gets through (the matrix is not refusing everything)", async () => {
    const me = await creds.player.call("GET", "/api/v1/me");
    assert.equal(me.status, 200);
    const own = await creds.player.call("GET", `/api/consent/${creds.player.user.id}`);
    assert.equal(own.status, 200, own.text);
    const admin = createApiKey(server, "admin", "matrix admin", env).key;
    const audit = await request(server.port, "GET", "/api/v1/admin/audit", { headers: { Authorization: `Bearer ${admin}` } });
    assert.equal(audit.status, 200);
    const forged = signJwt({ sub: creds.player.user.id, role: "player", jti: "x", iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 60 });
    const accepted = await request(server.port, "GET", "/api/v1/me", { headers: { Authorization: `Bearer ${forged}` } });
    assert.equal(accepted.status, 200, "a token signed with the configured secret is accepted (so the refusals above are about the token)");
  });
});
