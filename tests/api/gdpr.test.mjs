// GDPR against the real binary: consents (self-service and the original's paths),
// export completeness, export jobs with expiring downloads, erasure that leaves no row
// pointing at the person (checked by scanning every table of the database file),
// IDOR refusals, retention dry-run, and the encrypt/decrypt endpoints incl. the
// original's Fernet tokens.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Client, STRONG_PASSWORD, cli, createApiKey } from "./auth_helpers.mjs";
import { postJson, request, startServer, validGame } from "./harness.mjs";

const FERNET_PASSPHRASE = "original-service-passphrase";
const FERNET_SALT = "journeyman_salt";
const env = { JOURNEYMAN_LEGACY_FERNET_PASSPHRASE: FERNET_PASSPHRASE, JOURNEYMAN_LEGACY_FERNET_SALT: FERNET_SALT };
let server;
let port;
let adminKey;
let analystKey;

const sqlite = (db, query) => {
  const res = spawnSync("sqlite3", ["-json", db, query], { encoding: "utf8" });
  assert.equal(res.status, 0, res.stderr);
  return res.stdout.trim() ? JSON.parse(res.stdout) : [];
};

/** Every text value of every table, as "table.column=value" lines. */
function everyValue(db) {
  const tables = sqlite(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name);
  const lines = [];
  for (const table of tables) {
    for (const row of sqlite(db, `SELECT * FROM "${table}"`)) {
      for (const [column, value] of Object.entries(row)) {
        if (value !== null) lines.push(`${table}.${column}=${value}`);
      }
    }
  }
  return lines;
}

async function signUp(name, email) {
  const client = new Client(port);
  const res = await client.register({ name, email, password: STRONG_PASSWORD });
  assert.equal(res.status, 201, res.text);
  return client;
}

async function playServerGame(client) {
  const started = await client.call("POST", "/api/v1/games", { mode: "easy", rounds: 1 });
  assert.equal(started.status, 201, started.text);
  const id = started.json.game.gameId;
  const guess = await client.call("POST", `/api/v1/games/${id}/guesses`, { guess: "Nobody Atall" });
  assert.ok([200, 201].includes(guess.status), guess.text);
  return id;
}

before(async () => {
  server = await startServer({
    label: "gdpr",
    env,
    args: ["--argon2-memory-kib", "1024", "--argon2-iterations", "1", "--export-inline-max-games", "3"],
  });
  port = server.port;
  adminKey = createApiKey(server, "admin", "gdpr admin", env).key;
  analystKey = createApiKey(server, "analyst", "gdpr analyst", env).key;
});

after(() => server.stop());

describe("consents", () => {
  it("self-service: all four types listed, changes recorded with time, IP and user agent", async () => {
    const client = await signUp("Connie Consent", "connie@example.com");
    const initial = await client.call("GET", "/api/v1/me/consents");
    assert.equal(initial.status, 200);
    assert.deepEqual(initial.json.consents.map((c) => c.type), ["essential", "analytics", "marketing", "third_party"]);
    const put = await client.call("PUT", "/api/v1/me/consents", { analytics: true, marketing: false }, { "User-Agent": "consent-test/1" });
    assert.equal(put.status, 200, put.text);
    const byType = Object.fromEntries(put.json.consents.map((c) => [c.type, c]));
    assert.equal(byType.analytics.status, "granted");
    assert.equal(byType.marketing.status, "denied");
    assert.equal(byType.third_party.status, "none");
    assert.ok(Date.parse(byType.analytics.recordedAt) > Date.now() - 60_000);
    const rows = sqlite(server.db, "SELECT consent_type, status, ip, user_agent FROM user_consents ORDER BY id");
    assert.ok(rows.some((r) => r.consent_type === "analytics" && r.ip === "127.0.0.1" && r.user_agent === "consent-test/1"));

    for (const bad of [{ essential: false }, { analytics: "yes" }, { snooping: true }]) {
      const res = await client.call("PUT", "/api/v1/me/consents", bad);
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.ok(res.json.error.field);
    }
  });

  it("a withdrawn analytics consent keeps the client's analytics out of stored results", async () => {
    const email = "wanda.withdrawn@example.com";
    const client = await signUp("Wanda Withdrawn", email);
    const stored = async (sessionId) => {
      const res = await postJson(port, "/api/game-data", validGame({ email, name: "Wanda Withdrawn", sessionId }), { headers: { "User-Agent": "wanda-browser/2" } });
      assert.equal(res.status, 201, res.text);
      const [row] = sqlite(server.db, `SELECT metadata_json, user_agent FROM games WHERE session_id = '${sessionId}'`);
      return { metadata: JSON.parse(row.metadata_json), userAgent: row.user_agent };
    };
    const before = await stored("consent-before-1");
    assert.ok(before.metadata.analyticsData && before.metadata.browserInfo, "collected while not withdrawn");

    assert.equal((await client.call("PUT", "/api/v1/me/consents", { analytics: false })).status, 200);
    const after = await stored("consent-after-1");
    for (const key of ["analyticsData", "browserInfo", "sessionInfo"]) assert.equal(after.metadata[key], undefined, key);
    assert.ok(after.metadata.gameSpecificData, "the game itself is kept");
    assert.equal(after.userAgent ?? "", "");

    assert.equal((await client.call("PUT", "/api/v1/me/consents", { analytics: true })).status, 200);
    assert.ok((await stored("consent-regranted-1")).metadata.analyticsData, "collected again once granted");
  });

  it("the original's paths: POST records, GET lists history, DELETE revokes with a withdrawal time", async () => {
    const client = await signUp("Orin Original", "orin@example.com");
    const id = client.user.id;
    const posted = await client.call("POST", `/api/consent/${id}`, { consent_type: "marketing", granted: true });
    assert.equal(posted.status, 200, posted.text);
    assert.equal(posted.json.success, true);
    assert.equal(posted.json.consent.status, "granted");
    assert.equal(posted.json.consent.user_id, id);
    assert.equal(posted.json.consent.ip_address, "127.0.0.1");

    const bad = await client.call("POST", `/api/consent/${id}`, { consent_type: "telepathy", granted: true });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.success, false);
    assert.equal(bad.json.field, "consent_type");

    const revoked = await client.call("DELETE", `/api/consent/${id}/marketing`);
    assert.equal(revoked.status, 200);
    const list = await client.call("GET", `/api/consent/${id}`);
    assert.equal(list.status, 200);
    const history = list.json.consents.filter((c) => c.consent_type === "marketing");
    assert.deepEqual(history.map((c) => c.status), ["granted", "revoked"]);
    assert.ok(history[0].withdrawn_at, "the grant was closed by the revoke");
  });

  it("nobody reads or changes another person's consents (IDOR)", async () => {
    const alice = await signUp("Alice Idor", "alice.idor@example.com");
    const mallory = await signUp("Mallory Idor", "mallory.idor@example.com");
    for (const [method, path, body] of [
      ["GET", `/api/consent/${alice.user.id}`],
      ["POST", `/api/consent/${alice.user.id}`, { consent_type: "analytics", granted: false }],
      ["DELETE", `/api/consent/${alice.user.id}/analytics`],
      ["GET", `/api/gdpr/export/${alice.user.id}`],
      ["DELETE", `/api/gdpr/delete/${alice.user.id}`],
    ]) {
      const res = await mallory.call(method, path, body);
      assert.equal(res.status, 403, `${method} ${path}: ${res.status}`);
    }
    assert.equal((await alice.call("GET", "/api/v1/me")).status, 200, "alice is untouched");
  });
});

describe("export", () => {
  it("holds the account, games with rounds, consents and audit entries", async () => {
    const email = "export.me@example.com";
    const client = await signUp("Ezra Export", email);
    const gameId = await playServerGame(client);
    await client.call("PUT", "/api/v1/me/consents", { analytics: true });
    const res = await client.call("GET", "/api/v1/me/export");
    assert.equal(res.status, 200, res.text);
    assert.match(res.headers["content-disposition"], /attachment; filename="journeyman-export-/);
    const doc = res.json;
    assert.equal(doc.user.email, email);
    assert.equal(doc.user.id, client.user.id);
    const game = doc.games.find((g) => g.gameId === gameId);
    assert.ok(game, "the server-judged game is exported");
    assert.ok(Array.isArray(game.rounds) && game.rounds.length === 1);
    assert.ok(doc.consents.some((c) => c.type === "analytics" && c.status === "granted"));
    assert.ok(doc.auditLog.some((e) => e.action === "auth.register"), JSON.stringify(doc.auditLog.map((e) => e.action)));

    const legacy = await request(port, "GET", `/api/gdpr/export/${client.user.id}`, { headers: { "X-API-Key": adminKey } });
    assert.equal(legacy.status, 200, legacy.text);
    assert.equal(legacy.json.success, true);
    assert.equal(legacy.json.data.user_id, client.user.id);
    assert.equal(legacy.json.data.personal_data.email, email);
    assert.ok(legacy.json.data.activity_logs.length >= 1);
    assert.ok(legacy.json.exported_at);

    const unknown = await request(port, "GET", "/api/gdpr/export/00000000-0000-4000-8000-000000000000", { headers: { "X-API-Key": adminKey } });
    assert.equal(unknown.status, 404);
    const analyst = await request(port, "GET", `/api/gdpr/export/${client.user.id}`, { headers: { "X-API-Key": analystKey } });
    assert.equal(analyst.status, 403);
  });

  it("a large export runs as a job whose download only its owner can fetch", async () => {
    const client = await signUp("Jo Job", "jo.job@example.com");
    for (let i = 0; i < 4; i += 1) await playServerGame(client);
    const res = await client.call("GET", "/api/v1/me/export");
    assert.equal(res.status, 202, res.text);
    const statusUrl = res.json.job.statusUrl;
    let status;
    for (let i = 0; i < 100; i += 1) {
      status = await client.call("GET", statusUrl);
      if (status.json.status === "done") break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status.json.status, "done", status.text);
    assert.ok(Date.parse(status.json.expiresAt) > Date.now());
    const download = await client.call("GET", status.json.downloadUrl);
    assert.equal(download.status, 200);
    assert.equal(download.json.games.length, 4);

    const stranger = await signUp("Stan Stranger", "stan.stranger@example.com");
    assert.equal((await stranger.call("GET", statusUrl)).status, 404);
    assert.equal((await stranger.call("GET", status.json.downloadUrl)).status, 404);
  });
});

describe("erasure", () => {
  it("self-service delete leaves no row that points at the person; games stay as anonymous results", async () => {
    const email = "erin.erase@example.com";
    const name = "Erin Erasable";
    const visitorGame = await postJson(port, "/api/game-data", validGame({ email, name, sessionId: "erase-me-visitor-1" }));
    assert.equal(visitorGame.status, 201);
    const client = await signUp(name, email);
    const id = client.user.id;
    const serverGame = await playServerGame(client);
    await client.call("PUT", "/api/v1/me/consents", { marketing: true });
    const gamesBefore = sqlite(server.db, "SELECT COUNT(*) AS n FROM games")[0].n;

    const refused = await client.call("DELETE", "/api/v1/me", { confirm: "yes" });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.error.field, "confirm");
    const res = await client.call("DELETE", "/api/v1/me", { confirm: "DELETE" });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.deleted, true);
    await new Promise((r) => setTimeout(r, 200)); // the request's own audit row

    const hits = everyValue(server.db).filter((line) => line.includes(id) || line.toLowerCase().includes(email) || line.includes(name));
    assert.deepEqual(hits, [], "rows still point at the erased person");
    assert.equal(sqlite(server.db, "SELECT COUNT(*) AS n FROM games")[0].n, gamesBefore, "games stay, anonymised");
    const anon = sqlite(server.db, `SELECT user_id, ip, user_agent FROM games WHERE session_id IN ('erase-me-visitor-1', '${serverGame}')`);
    assert.equal(anon.length, 2);
    for (const row of anon) assert.deepEqual(row, { user_id: null, ip: null, user_agent: null });
    const proof = sqlite(server.db, "SELECT * FROM data_deletions");
    assert.ok(proof.length >= 1, "a data_deletions row records the request");

    assert.equal((await client.call("GET", "/api/v1/me")).status, 401, "the token of an erased account is useless");
    const login = await postJson(port, "/api/v1/auth/login", { email, password: STRONG_PASSWORD });
    assert.equal(login.status, 401);
    const exported = await request(port, "GET", `/api/gdpr/export/${id}`, { headers: { "X-API-Key": adminKey } });
    assert.equal(exported.status, 404, "a following export finds nothing");
  });

  it("the original's admin path erases too and answers in its shape", async () => {
    const client = await signUp("Adam Admin-Erased", "adam.erased@example.com");
    const res = await request(port, "DELETE", `/api/gdpr/delete/${client.user.id}`, { headers: { "X-API-Key": adminKey } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.success, true);
    assert.equal(res.json.message, "User data has been anonymized");
    assert.ok(res.json.processed_at);
    const again = await request(port, "DELETE", `/api/gdpr/delete/${client.user.id}`, { headers: { "X-API-Key": adminKey } });
    assert.equal(again.status, 404);
  });
});

describe("retention", () => {
  it("a dry run reports and deletes nothing", () => {
    const before = sqlite(server.db, "SELECT COUNT(*) AS n FROM audit_logs")[0].n;
    const out = cli(server, ["retention", "run", "--dry-run", "--retention-audit-days", "0"], { env });
    const report = JSON.parse(out.stdout);
    assert.equal(report.dryRun, true);
    assert.equal(sqlite(server.db, "SELECT COUNT(*) AS n FROM audit_logs")[0].n >= before, true);
  });
});

describe("encrypt / decrypt", () => {
  const call = (path, body, key = adminKey) => request(port, "POST", path, { body, headers: { "X-API-Key": key } });

  it("round-trips through an AES-256-GCM envelope with a key id", async () => {
    const enc = await call("/api/encrypt", { plaintext: "Ryan Fitzpatrick" });
    assert.equal(enc.status, 200, enc.text);
    assert.match(enc.json.encrypted, /^v1\.[\w-]+\.[\w-]+$/);
    const again = await call("/api/encrypt", { plaintext: "Ryan Fitzpatrick" });
    assert.notEqual(again.json.encrypted, enc.json.encrypted, "a fresh nonce every time");
    const dec = await call("/api/decrypt", { ciphertext: enc.json.encrypted });
    assert.equal(dec.status, 200);
    assert.equal(dec.json.decrypted, "Ryan Fitzpatrick");
    assert.equal((await call("/api/decrypt", { ciphertext: "" })).json.decrypted, "");
  });

  it("answers 400, never 500, for tampered or malformed input", async () => {
    const enc = (await call("/api/encrypt", { plaintext: "secret" })).json.encrypted;
    const last = enc.at(-2) === "A" ? "B" : "A";
    for (const bad of [enc.slice(0, -2) + last + enc.at(-1), "v1.nokey.AAAA", "v1..", "garbage", "gAAAAA" + "x".repeat(80)]) {
      const res = await call("/api/decrypt", { ciphertext: bad });
      assert.equal(res.status, 400, bad);
      assert.equal(res.json.success, false);
    }
    assert.equal((await call("/api/encrypt", { plaintext: 42 })).status, 400);
    assert.equal((await call("/api/decrypt", {})).status, 400);
  });

  it("reads the original service's Fernet tokens", async () => {
    const key = crypto.pbkdf2Sync(FERNET_PASSPHRASE, FERNET_SALT, 100_000, 32, "sha256");
    const iv = crypto.randomBytes(16);
    const cipher = crypto.createCipheriv("aes-128-cbc", key.subarray(16), iv);
    const body = Buffer.concat([cipher.update("jane@example.com"), cipher.final()]);
    const ts = Buffer.alloc(8);
    ts.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000)));
    const signed = Buffer.concat([Buffer.from([0x80]), ts, iv, body]);
    const mac = crypto.createHmac("sha256", key.subarray(0, 16)).update(signed).digest();
    const token = Buffer.concat([signed, mac]).toString("base64url") + "=".repeat((4 - (Buffer.concat([signed, mac]).toString("base64url").length % 4)) % 4);
    const res = await call("/api/decrypt", { ciphertext: token });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.decrypted, "jane@example.com");
  });

  it("refuses callers without the admin role", async () => {
    assert.equal((await call("/api/encrypt", { plaintext: "x" }, analystKey)).status, 403);
    assert.equal((await request(port, "POST", "/api/encrypt", { body: { plaintext: "x" } })).status, 401);
  });
});
