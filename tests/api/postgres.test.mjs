// The real binary on PostgreSQL (DATABASE_URL=postgres://…): the compatible
// POST /api/game-data (saved, then a retry answered as a duplicate), a whole
// server-judged game, and durability: after kill -9 every acknowledged game is in the
// database. Each test gets a database of its own. Skipped unless JOURNEYMAN_TEST_PG_URL
// is set (scripts/start-test-services.sh; `make test` sets it).
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, test } from "node:test";

import { postJson, request, sleep, startServer, uniqueId, validGame } from "./harness.mjs";
import { freshDatabase, psql } from "./pg_admin.mjs";

const BASE_URL = process.env.JOURNEYMAN_TEST_PG_URL;

/** Runs SQL with psql against `url`; returns the unaligned, tuples-only output. */


describe("PostgreSQL", { skip: BASE_URL ? false : "JOURNEYMAN_TEST_PG_URL is not set" }, () => {
  let db;
  let server;
  before(async () => {
    db = await freshDatabase(BASE_URL, "jm_api");
    server = await startServer({ label: "postgres", databaseUrl: db.url, readyTimeoutMs: 60_000 });
  });
  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  test("healthy on PostgreSQL: migrations recorded, catalogue seeded, connections named", async () => {
    const res = await request(server.port, "GET", "/health");
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.database, "connected");
    const dbName = db.url.slice(db.url.lastIndexOf("/") + 1);
    assert.ok(
      Number(await psql(BASE_URL,
        `SELECT count(*) FROM pg_stat_activity WHERE datname = '${dbName}' AND application_name = 'journeyman'`)) > 0,
      "the server's pool holds connections named 'journeyman'",
    );
    assert.equal(await psql(db.url, "SELECT string_agg(name, ',' ORDER BY version) FROM schema_migrations"),
      "001_init,002_server_games,003_accounts,004_analytics_aggregates,005_job_leases,006_lean_game_indexes");
    assert.ok(Number(await psql(db.url, "SELECT count(*) FROM nfl_players")) > 0, "seeded at start");
  });

  test("POST /api/game-data stores once; the retry is a duplicate with the same game", async () => {
    const body = validGame();
    const first = await postJson(server.port, "/api/game-data", body);
    assert.ok(first.status >= 200 && first.status < 300, first.text);
    const again = await postJson(server.port, "/api/game-data", body);
    assert.equal(again.status, 200, again.text);
    assert.equal(again.json.duplicate, true);
    assert.equal(again.json.gameId, first.json.gameId);
    const row = await psql(db.url,
      `SELECT mode || '|' || correct_count || '|' || guesses_json FROM games WHERE session_id = '${body.sessionId}'`);
    assert.equal(row, `daily|1|${JSON.stringify(body.guesses)}`);
    assert.equal(await psql(db.url, `SELECT count(*) FROM games WHERE session_id = '${body.sessionId}'`), "1");
  });

  test("a server-judged game from start to finish", async () => {
    const player = { name: "Ada Pg", email: `${uniqueId("pg")}@example.com` };
    let res = await request(server.port, "POST", "/api/v1/games", { body: { mode: "easy", rounds: 1, player, consent: true } });
    assert.equal(res.status, 201, res.text);
    const id = res.json.game.gameId;
    res = await request(server.port, "POST", `/api/v1/games/${id}/guesses`, { body: { guess: "Zzyzx Qwerty" } });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.verdict, "wrong");
    res = await request(server.port, "POST", `/api/v1/games/${id}/give-up`);
    assert.equal(res.status, 200, res.text);
    res = await request(server.port, "POST", `/api/v1/games/${id}/finish`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.game.status, "finished");
    const row = await psql(db.url,
      `SELECT g.source || '|' || g.status || '|' || g.version || '|' || count(r.id) FROM games g` +
      ` JOIN game_rounds r ON r.game_id = g.id WHERE g.session_id = '${id}' GROUP BY g.id`);
    assert.match(row, /^server\|finished\|\d+\|1$/);
  });
});

describe("PostgreSQL durability", { skip: BASE_URL ? false : "JOURNEYMAN_TEST_PG_URL is not set" }, () => {
  test("kill -9 under concurrent writes: every acknowledged game is in the database", async () => {
    const db = await freshDatabase(BASE_URL, "jm_api");
    const server = await startServer({ label: "postgres-durability", databaseUrl: db.url, readyTimeoutMs: 60_000 });
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
      const acked = [];
      let stop = false;
      const loop = async (n) => {
        for (let i = 1; !stop; i += 1) {
          const body = validGame({ sessionId: uniqueId(`pgd${n}-${i}`) });
          try {
            const res = await postJson(server.port, "/api/game-data", body, { agent, timeoutMs: 5000 });
            if (res.status >= 200 && res.status < 300) acked.push(body.sessionId);
          } catch {
            if (server.child.exitCode !== null || server.child.signalCode !== null) return;
            await sleep(5);
          }
        }
      };
      const loops = Array.from({ length: 8 }, (_, n) => loop(n));
      await sleep(2000);
      const { signal } = await server.kill9();
      stop = true;
      await Promise.all(loops);
      agent.destroy();
      assert.equal(signal, "SIGKILL");
      assert.ok(acked.length >= 50, `only ${acked.length} writes acknowledged`);
      const list = acked.map((id) => `('${id}')`).join(",");
      const missing = await psql(db.url,
        `SELECT count(*) FROM (VALUES ${list}) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM games g WHERE g.session_id = a.id)`);
      assert.equal(missing, "0", `acknowledged but missing after kill -9 (of ${acked.length})`);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) await server.kill9();
      await db.drop();
    }
  });
});
