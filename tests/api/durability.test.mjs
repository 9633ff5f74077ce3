// Durability: kill -9 during a concurrent write load; after a restart every acknowledged game is
// there and the database passes PRAGMA integrity_check.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import http from "node:http";
import { it } from "node:test";
import { promisify } from "node:util";
import { postJson, sleep, startServer, uniqueId, validGame } from "./harness.mjs";

const run = promisify(execFile);
const LOOPS = 8;
const LOAD_MS = 3000;

async function sqlite(db, sql) {
  const { stdout } = await run("sqlite3", [db, sql], { timeout: 30_000 });
  return stdout.trim();
}

it("kill -9 under concurrent writes loses no acknowledged game; integrity_check ok", async () => {
  const first = await startServer({ label: "durability" });
  const db = first.db;
  let second;
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: LOOPS });
    const acked = new Map(); // sessionId → gameId
    const badStatuses = [];
    let stop = false;
    let errors = 0;

    const loop = async (n) => {
      let i = 0;
      while (!stop) {
        i += 1;
        const body = validGame({ sessionId: uniqueId(`d${n}-${i}`), guesses: ["a", "b", "c"], correctCount: i % 4 });
        try {
          const res = await postJson(first.port, "/api/game-data", body, { agent, timeoutMs: 5000 });
          if (res.status >= 200 && res.status < 300) {
            assert.equal(res.json.sessionId, body.sessionId);
            acked.set(body.sessionId, { gameId: res.json.gameId, body });
          } else {
            badStatuses.push(`${res.status} ${res.text.slice(0, 200)}`);
          }
        } catch {
          // The server was killed under this request: it was never acknowledged.
          errors += 1;
          if (first.child.exitCode !== null || first.child.signalCode !== null) return;
          await sleep(5);
        }
      }
    };

    const loops = Array.from({ length: LOOPS }, (_, n) => loop(n));
    await sleep(LOAD_MS);
    const { signal } = await first.kill9(); // while the loops are still writing
    stop = true;
    await Promise.all(loops);
    agent.destroy();
    assert.equal(signal, "SIGKILL");
    assert.deepEqual(badStatuses.slice(0, 5), [], `non-2xx answers under load (${badStatuses.length})`);
    assert.ok(acked.size >= 100, `only ${acked.size} writes acknowledged in ${LOAD_MS} ms (errors ${errors})`);

    second = await startServer({ label: "durability-restart", db });
    const missing = [];
    const entries = [...acked.entries()];
    const checkAgent = new http.Agent({ keepAlive: true, maxSockets: LOOPS });
    let next = 0;
    const check = async () => {
      while (next < entries.length) {
        const [sessionId, { gameId, body }] = entries[next];
        next += 1;
        const res = await postJson(second.port, "/api/game-data", body, { agent: checkAgent });
        if (res.status !== 200 || res.json?.duplicate !== true || res.json?.gameId !== gameId) {
          missing.push(`${sessionId}: ${res.status} duplicate=${res.json?.duplicate} gameId=${res.json?.gameId} (acked ${gameId})`);
        }
      }
    };
    await Promise.all(Array.from({ length: LOOPS }, check));
    checkAgent.destroy();
    assert.deepEqual(
      missing.slice(0, 10),
      [],
      `${missing.length} of ${acked.size} acknowledged games are missing or changed after kill -9`,
    );

    await second.stop({ keepDb: true });
    second = undefined;
    assert.equal(await sqlite(db, "PRAGMA integrity_check"), "ok");
    const stored = Number(await sqlite(db, "SELECT count(*) FROM games"));
    assert.ok(stored >= acked.size, `games table holds ${stored} rows, ${acked.size} were acknowledged`);
  } finally {
    await second?.stop({ expectCode: null, keepDb: true }).catch(() => {});
    first.cleanup();
  }
});
