// PostgreSQL made unreachable for 10 s under a bounded write load, through a TCP proxy the
// test cuts (open connections reset, new ones refused, as with pg_ctl stop -m fast; the
// shared test cluster itself keeps running for the other suites):
//   * while it is down every request is answered within the request deadline, with 503 and
//     Retry-After (no hang, no crash);
//   * the service is writing again within 5 s of the database's return (measured);
//   * no acknowledged write is lost: every 2xx sessionId is in the database afterwards.
// And the same for a read replica (DATABASE_READ_URL through a cut proxy): reads fall back
// to the primary. Skipped unless JOURNEYMAN_TEST_PG_URL is set.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import { describe, test } from "node:test";

import { postJson, request, sleep, startServer, uniqueId, validGame } from "./harness.mjs";
import { freshDatabase, psql } from "./pg_admin.mjs";
import { TcpProxy } from "./tcp_proxy.mjs";

const BASE_URL = process.env.JOURNEYMAN_TEST_PG_URL;
const skip = BASE_URL ? false : "JOURNEYMAN_TEST_PG_URL is not set";

// The deadline a client gives each request. The server is configured so that no database
// wait can outlast it (statement timeout 2 s + the client margin, connect timeout 2 s).
const REQUEST_DEADLINE_MS = 8_000;
const SERVER_ARGS = ["--pg-statement-timeout-ms", "2000", "--pg-connect-timeout", "2"];
const OUTAGE_MS = 10_000;
const RECOVERY_LIMIT_MS = 5_000;



const pgPort = (url) => Number(/@[^:/]+:(\d+)\//.exec(url)[1]);

describe("PostgreSQL outage under load", { skip }, () => {
  test("10 s down: 503 + Retry-After within the deadline, recovery ≤ 5 s, no acknowledged write lost", async () => {
    const db = await freshDatabase(BASE_URL, "jm_outage");
    const proxy = await new TcpProxy("127.0.0.1", pgPort(db.url)).start();
    const server = await startServer({
      label: "db-outage",
      databaseUrl: proxy.url(db.url),
      args: SERVER_ARGS,
      readyTimeoutMs: 60_000,
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const results = []; // { start, end, status, retryAfter, sessionId, error }
    let stop = false;
    try {
      const t0 = performance.now();
      const loop = async (n) => {
        for (let i = 1; !stop; i += 1) {
          const body = validGame({ sessionId: uniqueId(`out${n}-${i}`) });
          const start = performance.now() - t0;
          try {
            const res = await postJson(server.port, "/api/game-data", body, { agent, timeoutMs: REQUEST_DEADLINE_MS });
            results.push({ start, end: performance.now() - t0, status: res.status, retryAfter: res.headers["retry-after"], sessionId: body.sessionId });
            if (res.status === 503) await sleep(50); // a polite client backs off a little
          } catch (error) {
            results.push({ start, end: performance.now() - t0, status: 0, error: String(error), sessionId: body.sessionId });
            await sleep(50);
          }
        }
      };
      const loops = Array.from({ length: 8 }, (_, n) => loop(n));

      await sleep(2000);
      const cutAt = performance.now() - t0;
      await proxy.cut();
      await sleep(OUTAGE_MS);
      await proxy.restore();
      const backAt = performance.now() - t0;
      // Run on until writes succeed again (bounded), then a little longer.
      const giveUp = backAt + RECOVERY_LIMIT_MS + 5000;
      while (performance.now() - t0 < giveUp && !results.some((r) => r.start >= backAt && r.status >= 200 && r.status < 300)) {
        await sleep(50);
      }
      await sleep(1000);
      stop = true;
      await Promise.all(loops);

      assert.equal(server.child.exitCode, null, "the server is still running");
      assert.equal(server.child.signalCode, null, "the server is still running");

      const failures = results.filter((r) => r.status === 0);
      assert.deepEqual(failures.slice(0, 3), [], `${failures.length} requests got no answer within ${REQUEST_DEADLINE_MS} ms`);
      const slowest = Math.max(...results.map((r) => r.end - r.start));
      assert.ok(slowest < REQUEST_DEADLINE_MS, `slowest answer ${slowest.toFixed(0)} ms`);
      const odd = results.filter((r) => !(r.status >= 200 && r.status < 300) && r.status !== 503);
      assert.deepEqual(odd.slice(0, 3), [], "only 2xx or 503");
      const unavailable = results.filter((r) => r.status === 503);
      assert.ok(unavailable.length >= 20, `only ${unavailable.length} 503s: was the database really gone?`);
      for (const r of unavailable) assert.match(String(r.retryAfter), /^\d+$/, "503 carries Retry-After");
      const duringOutage = results.filter((r) => r.start > cutAt + 500 && r.end < backAt);
      assert.ok(duringOutage.length > 0 && duringOutage.every((r) => r.status === 503),
        "while the database is down, writes are refused with 503");

      const firstOk = results
        .filter((r) => r.start >= backAt && r.status >= 200 && r.status < 300)
        .reduce((min, r) => Math.min(min, r.end), Infinity);
      const recoveryMs = firstOk - backAt;
      console.log(`# outage: ${results.length} requests, ${unavailable.length} × 503, slowest ${slowest.toFixed(0)} ms, recovered ${recoveryMs.toFixed(0)} ms after the database returned`);
      assert.ok(recoveryMs <= RECOVERY_LIMIT_MS, `recovered ${recoveryMs.toFixed(0)} ms after the database returned`);

      const health = await request(server.port, "GET", "/ready");
      assert.equal(health.status, 200, health.text);

      const acked = results.filter((r) => r.status >= 200 && r.status < 300).map((r) => r.sessionId);
      assert.ok(acked.length >= 50, `only ${acked.length} writes acknowledged`);
      const list = acked.map((id) => `('${id}')`).join(",");
      const missing = await psql(db.url,
        `SELECT count(*) FROM (VALUES ${list}) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM games g WHERE g.session_id = a.id)`);
      assert.equal(missing, "0", `acknowledged but missing (of ${acked.length})`);
    } finally {
      stop = true;
      agent.destroy();
      await server.stop({ expectCode: null });
      await proxy.stop();
      await db.drop();
    }
  });

  test("read replica cut: reads fall back to the primary, writes carry on", async () => {
    const db = await freshDatabase(BASE_URL, "jm_outage");
    // The "replica" is the primary seen through a proxy: what matters is the cut.
    const proxy = await new TcpProxy("127.0.0.1", pgPort(db.url)).start();
    const server = await startServer({
      label: "db-replica-outage",
      databaseUrl: db.url,
      env: { DATABASE_READ_URL: proxy.url(db.url) },
      args: SERVER_ARGS,
      readyTimeoutMs: 60_000,
    });
    try {
      // Every read a new limit: the response cache would otherwise answer without the store.
      let reads = 0;
      const check = async (phase) => {
        for (let i = 0; i < 10; i += 1) {
          const started = performance.now();
          reads += 1;
          const read = await request(server.port, "GET", `/api/v1/leaderboard?mode=daily&limit=${reads}`, { timeoutMs: REQUEST_DEADLINE_MS });
          assert.equal(read.status, 200, `${phase}: ${read.text}`);
          assert.ok(performance.now() - started < REQUEST_DEADLINE_MS);
          const write = await postJson(server.port, "/api/game-data", validGame());
          assert.ok(write.status >= 200 && write.status < 300, `${phase}: ${write.text}`);
        }
      };
      await check("replica up");
      await proxy.cut();
      await check("replica down");
      const health = await request(server.port, "GET", "/ready");
      assert.equal(health.status, 200, health.text);
      await proxy.restore();
      await check("replica back");
      const log = fs.readFileSync(server.logFile, "utf8");
      assert.match(log, /postgres_unreachable[^\n]*replica/, "the replica outage was noticed (and survived)");
    } finally {
      await server.stop({ expectCode: null });
      await proxy.stop();
      await db.drop();
    }
  });
});
