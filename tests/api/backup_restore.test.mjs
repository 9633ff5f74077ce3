// The restore drill, for SQLite and PostgreSQL: write games, accounts and consents through
// the API; `journeyman backup` (SQLite: while the server runs); wipe the database (delete the
// file / drop and recreate the database); `journeyman restore`; compare the manifest's row
// counts with the database; start a server on the restored data and read everything back
// through the API. Also: a restore refuses a database a running server holds, refuses to
// replace one without --yes, and fails loudly when the data does not match the manifest.
// The PostgreSQL part is skipped unless JOURNEYMAN_TEST_PG_URL is set.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";

import { Client, STRONG_PASSWORD } from "./auth_helpers.mjs";
import { BINARY, REPO, postJson, request, startServer, uniqueId, validGame } from "./harness.mjs";
import { psql } from "./pg_admin.mjs";

const PG_URL = process.env.JOURNEYMAN_TEST_PG_URL;

/** `journeyman ARGS` (with `env` added to the environment); returns { status, stdout, stderr }. */
function journeyman(args, env = {}) {
  const r = spawnSync(BINARY, args, {
    cwd: REPO,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}


function sqliteCount(db, table) {
  const r = spawnSync("sqlite3", [db, `SELECT count(*) FROM "${table}"`], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

/** Writes an account with consents, a server-judged game and compatible games; returns what to read back. */
async function writeData(port) {
  const email = `${uniqueId("drill")}@example.com`;
  const client = new Client(port);
  const reg = await client.register({ name: "Drill Sergeant", email, password: STRONG_PASSWORD });
  assert.equal(reg.status, 201, reg.text);
  const consents = await client.call("PUT", "/api/v1/me/consents", { analytics: true, marketing: true });
  assert.equal(consents.status, 200, consents.text);

  const player = { name: "Ada Drill", email: `${uniqueId("p")}@example.com` };
  const started = await request(port, "POST", "/api/v1/games", { body: { mode: "easy", rounds: 1, player, consent: true } });
  assert.equal(started.status, 201, started.text);
  const serverGameId = started.json.game.gameId;
  assert.equal((await request(port, "POST", `/api/v1/games/${serverGameId}/give-up`)).status, 200);

  const games = [];
  for (let i = 0; i < 5; i += 1) {
    const body = validGame({ sessionId: uniqueId(`drill${i}`) });
    const res = await postJson(port, "/api/game-data", body);
    assert.ok(res.status >= 200 && res.status < 300, res.text);
    games.push({ body, gameId: res.json.gameId });
  }
  return { email, serverGameId, games };
}

/** Reads everything writeData wrote back through the API of a server on the restored database. */
async function readBack(port, written) {
  const client = new Client(port);
  const login = await client.login(written.email, STRONG_PASSWORD);
  assert.equal(login.status, 200, `the restored account signs in: ${login.text}`);
  const consents = await client.call("GET", "/api/v1/me/consents");
  assert.equal(consents.status, 200, consents.text);
  const byType = Object.fromEntries(consents.json.consents.map((c) => [c.type, c]));
  assert.equal(byType.analytics.status, "granted", JSON.stringify(byType));
  assert.equal(byType.marketing.status, "granted", JSON.stringify(byType));

  const game = await request(port, "GET", `/api/v1/games/${written.serverGameId}`);
  assert.equal(game.status, 200, game.text);
  assert.equal(game.json.game.gameId, written.serverGameId);

  for (const { body, gameId } of written.games) {
    // A retry of a stored game is answered as a duplicate naming the stored game.
    const again = await postJson(port, "/api/game-data", body);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.duplicate, true, again.text);
    assert.equal(again.json.gameId, gameId);
  }
}

function readManifest(file) {
  const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, "utf8"));
  assert.equal(manifest.formatVersion, 2, "a sealed backup");
  assert.match(manifest.sealedWith, /^[A-Za-z0-9_-]{1,32}$/);
  // Sealed at rest: neither SQLite's nor pg_dump's header, and no player's name in clear.
  const bytes = fs.readFileSync(file);
  assert.equal(bytes.subarray(0, 8).toString("latin1"), "JMSEAL1\n");
  assert.equal(bytes.includes("Drill Sergeant"), false, "no plaintext in the backup");
  assert.deepEqual(manifest.migrations.slice(0, 3), ["001_init", "002_server_games", "003_accounts"]);
  const rows = Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows]));
  assert.ok(rows.games >= 6, `games in the manifest: ${rows.games}`);
  assert.ok(rows.users >= 2, `users in the manifest: ${rows.users}`);
  assert.ok(rows.user_consents >= 2, `consents in the manifest: ${rows.user_consents}`);
  for (const t of manifest.tables) assert.match(t.sha256, /^[0-9a-f]{64}$/);
  return manifest;
}

/** A copy of the backup whose manifest claims one more game than there is. */
function tamperedCopy(file, dir) {
  const copy = path.join(dir, "tampered.backup");
  fs.copyFileSync(file, copy);
  const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, "utf8"));
  manifest.backupFile = "tampered.backup";
  manifest.tables.find((t) => t.name === "games").rows += 1;
  fs.writeFileSync(`${copy}.manifest.json`, JSON.stringify(manifest));
  return copy;
}

describe("restore drill", () => {
  test("SQLite: backup while serving, wipe, restore, verify, read back", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journeyman-drill-"));
    const db = path.join(dir, "live.db");
    const backup = path.join(dir, "drill.backup");
    try {
      const server = await startServer({ label: "drill-sqlite", db });
      let written;
      try {
        written = await writeData(server.port);
        // Consistent while the server keeps running (and writing).
        const writes = Promise.all(
          Array.from({ length: 20 }, () => postJson(server.port, "/api/game-data", validGame())),
        );
        const b = journeyman(["backup", "--out", backup, "--db", db]);
        assert.equal(b.status, 0, b.stderr);
        assert.match(b.stdout, /sqlite, \d+ tables/);
        await writes;

        const refused = journeyman(["restore", "--from", backup, "--db", db, "--yes"]);
        assert.notEqual(refused.status, 0, "a restore over a served database is refused");
        assert.match(refused.stderr, /running server holds/);
      } finally {
        await server.stop();
      }
      const manifest = readManifest(backup);

      const noYes = journeyman(["restore", "--from", backup, "--db", db]);
      assert.notEqual(noYes.status, 0);
      assert.match(noYes.stderr, /pass --yes/);

      // Without the key it was sealed with, a backup does not open.
      const otherKeys = { JOURNEYMAN_FIELD_KEYS: `other:${crypto.randomBytes(32).toString("base64")}` };
      const locked = journeyman(["restore", "--from", backup, "--db", db, "--yes"], otherKeys);
      assert.notEqual(locked.status, 0, locked.stdout);
      assert.match(locked.stderr, /sealed with field key '[^']+', which the configured key ring does not hold/);
      assert.equal(fs.readdirSync(dir).filter((f) => f.startsWith(".journeyman-restore-")).length, 0);

      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(db + suffix, { force: true });
      const r = journeyman(["restore", "--from", backup, "--db", db]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /checksums match/);
      for (const t of manifest.tables) assert.equal(sqliteCount(db, t.name), t.rows, t.name);

      const bad = journeyman(["restore", "--from", tamperedCopy(backup, dir), "--db", db, "--yes"]);
      assert.equal(bad.status, 1, "a mismatch fails the restore");
      assert.match(bad.stderr, /RESTORE VERIFICATION FAILED[\s\S]*games: \d+ rows, expected/);

      // The good backup again, then serve it.
      assert.equal(journeyman(["restore", "--from", backup, "--db", db, "--yes"]).status, 0);
      const restored = await startServer({ label: "drill-sqlite-restored", db });
      try {
        await readBack(restored.port, written);
      } finally {
        await restored.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("PostgreSQL: backup, drop and recreate, restore, verify, read back", { skip: PG_URL ? false : "JOURNEYMAN_TEST_PG_URL is not set" }, async () => {
    const name = `jm_drill_${process.pid}_${Date.now().toString(36)}`;
    const url = PG_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journeyman-drill-pg-"));
    const backup = path.join(dir, "drill.dump");
    await psql(PG_URL, `CREATE DATABASE ${name}`);
    try {
      const server = await startServer({ label: "drill-pg", databaseUrl: url, readyTimeoutMs: 60_000 });
      let written;
      try {
        written = await writeData(server.port);
        const b = journeyman(["backup", "--out", backup, "--database-url", url]);
        assert.equal(b.status, 0, b.stderr);
        assert.match(b.stdout, /postgres, \d+ tables/);
      } finally {
        await server.stop();
      }
      const manifest = readManifest(backup);

      const noYes = journeyman(["restore", "--from", backup, "--database-url", url]);
      assert.notEqual(noYes.status, 0);
      assert.match(noYes.stderr, /pass --yes/);

      await psql(PG_URL, `DROP DATABASE ${name} WITH (FORCE)`);
      await psql(PG_URL, `CREATE DATABASE ${name}`);
      const r = journeyman(["restore", "--from", backup, "--database-url", url]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /checksums match/);
      for (const t of manifest.tables) {
        assert.equal(Number(await psql(url, `SELECT count(*) FROM "${t.name}"`)), t.rows, t.name);
      }

      const bad = journeyman(["restore", "--from", tamperedCopy(backup, dir), "--database-url", url, "--yes"]);
      assert.equal(bad.status, 1, "a mismatch fails the restore");
      assert.match(bad.stderr, /RESTORE VERIFICATION FAILED/);
      assert.equal(journeyman(["restore", "--from", backup, "--database-url", url, "--yes"]).status, 0);

      const restored = await startServer({ label: "drill-pg-restored", databaseUrl: url, readyTimeoutMs: 60_000 });
      try {
        await readBack(restored.port, written);
      } finally {
        await restored.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await psql(PG_URL, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  });
});
