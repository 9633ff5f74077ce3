// Accounts end to end against the real binary: register, login, refresh rotation and
// reuse detection, logout, CSRF, lockout and recovery, legacy bcrypt rehash, adoption
// of visitor games, and that no password, key or token reaches the logs.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { Client, STRONG_PASSWORD, createApiKey, parseSetCookies } from "./auth_helpers.mjs";
import { postJson, request, startServer, validGame } from "./harness.mjs";

let server;
let port;
const secretsSeen = [];

before(async () => {
  // A short lockout so the recovery case does not wait 15 minutes; cheap argon2 settings.
  server = await startServer({
    label: "accounts",
    args: ["--lockout-seconds", "2", "--argon2-memory-kib", "1024", "--argon2-iterations", "1"],
  });
  port = server.port;
});

after(async () => {
  await server.stop();
});

describe("register", () => {
  it("creates an account, answers 201 with a token and sets hardened cookies", async () => {
    const client = new Client(port);
    const res = await client.register({ name: "Reggie Wayne", email: "Reggie@Example.com", password: STRONG_PASSWORD });
    secretsSeen.push(STRONG_PASSWORD, client.cookies.jm_refresh, res.json.accessToken);
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.user.email, "reggie@example.com");
    assert.equal(res.json.user.role, "player");
    assert.equal(res.json.expiresIn, 900);
    assert.match(res.json.accessToken, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    const cookies = parseSetCookies(res.headers);
    for (const attr of ["httponly", "secure", "samesite=strict", "path=/api/v1/auth"]) {
      assert.ok(cookies.jm_refresh.attributes.includes(attr), `jm_refresh lacks ${attr}`);
    }
    assert.ok(!cookies.jm_csrf.attributes.includes("httponly"), "the CSRF cookie must be readable by the page");
    assert.ok(cookies.jm_csrf.attributes.includes("secure"));
    assert.equal(cookies.jm_csrf.value, res.json.csrfToken);
    assert.equal(res.headers["cache-control"], "no-store");

    const me = await client.call("GET", "/api/v1/me");
    assert.equal(me.status, 200);
    assert.equal(me.json.user.id, res.json.user.id);
  });

  it("refuses a second account for the same address (any case) with 409", async () => {
    const res = await new Client(port).register({ name: "Reggie Two", email: "REGGIE@example.com", password: STRONG_PASSWORD });
    assert.equal(res.status, 409);
    assert.equal(res.json.error.code, "email_taken");
    assert.equal(res.json.error.field, "email");
  });

  for (const [label, body, field] of [
    ["no name", { email: "a@example.com", password: STRONG_PASSWORD }, "name"],
    ["script in name", { name: "<b>x</b>", email: "a@example.com", password: STRONG_PASSWORD }, "name"],
    ["bad e-mail", { name: "Ann", email: "not-an-email", password: STRONG_PASSWORD }, "email"],
    ["short password", { name: "Ann", email: "a@example.com", password: "short" }, "password"],
    ["non-string password", { name: "Ann", email: "a@example.com", password: 1234567890123 }, "password"],
    ["over-long password", { name: "Ann", email: "a@example.com", password: "x".repeat(129) + "y" }, "password"],
  ]) {
    it(`answers 400 naming the field for ${label}`, async () => {
      const res = await postJson(port, "/api/v1/auth/register", body);
      assert.equal(res.status, 400, res.text);
      assert.equal(res.json.error.field, field);
    });
  }

  it("adopts the games a visitor played with the same address", async () => {
    const email = "visitor.turned.member@example.com";
    const played = await postJson(port, "/api/game-data", validGame({ email, name: "Vic Visitor" }));
    assert.equal(played.status, 201);
    const client = new Client(port);
    const res = await client.register({ name: "Vic Visitor", email, password: STRONG_PASSWORD });
    assert.equal(res.status, 201, res.text);
    assert.equal(res.json.adoptedGames, true);
    assert.equal(res.json.user.id, played.json.playerId, "the account is the visitor's row");
  });
});

describe("login", () => {
  const email = "login.case@example.com";
  before(async () => {
    const res = await new Client(port).register({ name: "Lou Login", email, password: STRONG_PASSWORD });
    assert.equal(res.status, 201);
  });

  it("signs in with the right password (e-mail case-insensitive)", async () => {
    const client = new Client(port);
    const res = await client.login("Login.Case@example.com", STRONG_PASSWORD);
    assert.equal(res.status, 200, res.text);
    assert.ok(client.cookies.jm_refresh);
    assert.equal((await client.call("GET", "/api/v1/me")).status, 200);
  });

  it("gives one answer for a wrong password and an unknown account", async () => {
    const wrong = await postJson(port, "/api/v1/auth/login", { email, password: "wrong password!" });
    const unknown = await postJson(port, "/api/v1/auth/login", { email: "nobody@example.com", password: "wrong password!" });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.json.error.code, "invalid_credentials");
    assert.equal(wrong.json.error.message, unknown.json.error.message);
  });

  it("locks the account after 5 failures in the window, then recovers", async () => {
    const lockEmail = "lock.me@example.com";
    assert.equal((await new Client(port).register({ name: "Lock Me", email: lockEmail, password: STRONG_PASSWORD })).status, 201);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push((await postJson(port, "/api/v1/auth/login", { email: lockEmail, password: `wrong-${i}-password` })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
    const locked = await postJson(port, "/api/v1/auth/login", { email: lockEmail, password: STRONG_PASSWORD });
    assert.equal(locked.status, 429, "even the right password waits out the lock");
    assert.equal(locked.json.error.code, "account_locked");
    assert.ok(Number(locked.headers["retry-after"]) >= 1);
    await new Promise((r) => setTimeout(r, 2200));
    const ok = await postJson(port, "/api/v1/auth/login", { email: lockEmail, password: STRONG_PASSWORD });
    assert.equal(ok.status, 200, "the lock expires");
    const again = await postJson(port, "/api/v1/auth/login", { email: lockEmail, password: "wrong-again-password" });
    assert.equal(again.status, 401, "a success clears the failure count");
  });
});

describe("refresh tokens", () => {
  it("rotate on every refresh; replaying a rotated one revokes the whole family", async () => {
    const client = new Client(port);
    await client.register({ name: "Rory Rotate", email: "rotate@example.com", password: STRONG_PASSWORD });
    const first = client.cookies.jm_refresh;
    const res = await client.refresh();
    assert.equal(res.status, 200, res.text);
    const second = client.cookies.jm_refresh;
    assert.notEqual(first, second);
    assert.equal((await client.call("GET", "/api/v1/me")).status, 200);

    // A thief replays the first token: refused, and the family dies with it.
    const thief = new Client(port);
    thief.cookies = { jm_refresh: first, jm_csrf: client.cookies.jm_csrf };
    const replay = await thief.refresh();
    assert.equal(replay.status, 401);
    assert.equal(replay.json.error.code, "invalid_refresh");
    const legit = await client.refresh();
    assert.equal(legit.status, 401, "the current token of the family was revoked too");
  });

  it("needs the CSRF header matching the cookie", async () => {
    const client = new Client(port);
    await client.register({ name: "Cass Csrf", email: "csrf@example.com", password: STRONG_PASSWORD });
    const missing = await client.refresh({ csrf: null });
    assert.equal(missing.status, 403);
    assert.equal(missing.json.error.code, "csrf_failed");
    const wrong = await client.refresh({ csrf: "not-the-token" });
    assert.equal(wrong.status, 403);
    const right = await client.refresh();
    assert.equal(right.status, 200, "the session survived the refused attempts");
  });

  it("logout revokes the refresh token and clears the cookies", async () => {
    const client = new Client(port);
    await client.register({ name: "Lola Logout", email: "logout@example.com", password: STRONG_PASSWORD });
    const token = client.cookies.jm_refresh;
    const csrf = client.cookies.jm_csrf;
    const res = await client.logout();
    assert.equal(res.status, 204);
    const cleared = parseSetCookies(res.headers);
    assert.equal(cleared.jm_refresh.value, "");
    assert.ok(cleared.jm_refresh.attributes.includes("max-age=0"));
    const after = await request(port, "POST", "/api/v1/auth/refresh", {
      headers: { Cookie: `jm_refresh=${token}; jm_csrf=${csrf}`, "X-CSRF-Token": csrf },
    });
    assert.equal(after.status, 401);
  });
});

describe("legacy bcrypt hashes", () => {
  it("verify, and are rehashed with argon2id on the first login", async () => {
    // A user migrated from the original service keeps its bcrypt hash ($2b$, cost 4,
    // made with libxcrypt's crypt(3) for "correct horse battery staple").
    const email = "legacy.bcrypt@example.com";
    await new Client(port).register({ name: "Old Timer", email, password: "a different password" });
    const bcrypt = "$2b$04$GEh8A9VEzwYR6uKbT9T8c.L3o34PvLxw5FDqfiS5DoblqGcxQvnI2";
    const sql = (q) => spawnSync("sqlite3", [server.db, q], { encoding: "utf8" });
    const id = (await postJson(port, "/api/v1/auth/login", { email, password: "a different password" })).json.user.id;
    assert.equal(sql(`UPDATE users SET password_hash = '${bcrypt}' WHERE public_id = '${id}'`).status, 0);

    const res = await postJson(port, "/api/v1/auth/login", { email, password: STRONG_PASSWORD });
    assert.equal(res.status, 200, res.text);
    const stored = sql(`SELECT password_hash FROM users WHERE public_id = '${id}'`).stdout.trim();
    assert.match(stored, /^\$argon2id\$/, "rehashed on login");
    assert.equal((await postJson(port, "/api/v1/auth/login", { email, password: STRONG_PASSWORD })).status, 200);
  });
});

describe("logs", () => {
  it("never contain a password, an API key or a token", async () => {
    const { key } = createApiKey(server, "admin", "log check");
    const res = await request(port, "GET", "/api/v1/admin/audit", { headers: { "X-API-Key": key } });
    assert.equal(res.status, 200);
    secretsSeen.push(key);
    await new Promise((r) => setTimeout(r, 200));
    const log = fs.readFileSync(server.logFile, "utf8");
    for (const secret of secretsSeen.filter(Boolean)) {
      assert.ok(!log.includes(secret), `a secret (${secret.slice(0, 6)}…) appears in ${server.logFile}`);
    }
    assert.ok(!log.includes(key.slice(16)), "the secret half of the API key is not logged");
  });
});
