// Issue #6 item 4: three instances on one PostgreSQL and one Redis behind nginx (started
// here on loopback, its config generated from deploy/nginx.conf's settings: least_conn,
// upstream keepalive, WebSocket upgrade). A client's rate limit holds across instances,
// a game continues on another instance, a WebSocket client sees a game finished through
// another instance, an access token revoked on one is refused by the others, SIGKILL of
// one instance under a write load loses no acknowledged write while nginx routes around
// it, and a rolling restart with SIGTERM drops no request. Bounded in time and requests.
// Skipped unless JOURNEYMAN_TEST_PG_URL is set and redis-server and nginx are installed.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { Client, STRONG_PASSWORD } from "./auth_helpers.mjs";
import { OUTPUT_DIR, canConnect, errorCode, request, sleep, startServer, uniqueId, validGame } from "./harness.mjs";
import { psql } from "./pg_admin.mjs";
import { openLive } from "./live.mjs";
import { HAVE_REDIS, freePort, startRedis, waitFor } from "./redis_server.mjs";

const PG_URL = process.env.JOURNEYMAN_TEST_PG_URL;
const NGINX = ["/usr/sbin/nginx", "/usr/bin/nginx"].find((p) => fs.existsSync(p));
const HAVE_PSQL = spawnSync("psql", ["--version"]).status === 0;
const skip = !PG_URL
  ? "JOURNEYMAN_TEST_PG_URL is not set (scripts/start-test-services.sh)"
  : !HAVE_REDIS
    ? "redis-server is not installed"
    : !NGINX
      ? "nginx is not installed"
      : !HAVE_PSQL
        ? "psql is not installed"
        : false;

const STRICT_LIMIT = 6;
const key32 = () => crypto.randomBytes(32).toString("base64");
// One set of keys for the cluster: every instance must read what another wrote.
const KEYS = {
  JOURNEYMAN_JWT_SECRET: crypto.randomBytes(36).toString("base64"),
  JOURNEYMAN_FIELD_KEYS: `k1:${key32()}`,
  JOURNEYMAN_INDEX_KEY: key32(),
  JOURNEYMAN_PSEUDONYM_KEY: key32(),
};


// deploy/nginx.conf's proxy settings on loopback. proxy_next_upstream adds non_idempotent:
// the write this test sends (POST /api/game-data) is idempotent on its sessionId, so nginx
// may retry it on another instance when one dies mid-request.
function nginxConfig(dir, port, upstreamPorts) {
  const temp = (name) => path.join(dir, name);
  return `
${process.getuid?.() === 0 ? "user root;" : ""}
worker_processes 1;
daemon off;
pid ${temp("nginx.pid")};
error_log ${temp("error.log")} warn;
events { worker_connections 1024; }
http {
  access_log ${temp("access.log")};
  client_body_temp_path ${temp("body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  map $http_upgrade $connection_upgrade { default upgrade; "" ""; }
  upstream journeyman {
    least_conn;
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=1s;`).join("\n")}
    keepalive 16;
    keepalive_requests 10000;
    keepalive_timeout 50s;
  }
  server {
    listen 127.0.0.1:${port};
    proxy_http_version 1.1;
    proxy_set_header Host $host;
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $connection_upgrade;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_connect_timeout 1s;
    proxy_read_timeout 30s;
    proxy_next_upstream error timeout http_502 http_503 non_idempotent;
    proxy_next_upstream_tries 3;
    location /ws {
      proxy_pass http://journeyman;
      proxy_read_timeout 1h;
      proxy_buffering off;
    }
    location / { proxy_pass http://journeyman; }
  }
}
`;
}

describe("three instances behind nginx (PostgreSQL + Redis)", { skip }, () => {
  let dbName;
  let dbUrl;
  let redis;
  let nginx;
  let nginxPort;
  let workDir;
  const ports = [];
  const instances = [];
  let env;

  const startInstance = (i) =>
    startServer({ label: `multi-${i}`, databaseUrl: dbUrl, port: ports[i], env, readyTimeoutMs: 60_000 });

  before(async () => {
    dbName = `jm_multi_${process.pid}_${Date.now().toString(36)}`;
    await psql(PG_URL, `CREATE DATABASE ${dbName}`);
    dbUrl = PG_URL.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
    redis = await startRedis("redis-multi");
    env = {
      ...KEYS,
      REDIS_URL: redis.url,
      JOURNEYMAN_RATE_LIMITS: "on",
      JOURNEYMAN_RATE_STRICT: `${STRICT_LIMIT}/1m`,
      JOURNEYMAN_RATE_GENERAL: "1000000/1m",
      JOURNEYMAN_RATE_SUBMIT: "1000000/1m",
      JOURNEYMAN_RATE_GAME: "1000000/1m",
      JOURNEYMAN_TRUSTED_PROXIES: "127.0.0.1",
      JOURNEYMAN_PG_POOL_MIN: "1",
      JOURNEYMAN_PG_POOL_MAX: "8",
      JOURNEYMAN_SHUTDOWN_GRACE: "5",
    };
    for (let i = 0; i < 3; i += 1) ports.push(await freePort());
    instances[0] = await startInstance(0); // runs the migrations alone
    [instances[1], instances[2]] = await Promise.all([startInstance(1), startInstance(2)]);
    for (const server of instances) {
      await waitFor(async () => (await request(server.port, "GET", "/ready")).json?.redis === "up", 10_000, "redis up");
    }

    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "journeyman-nginx-"));
    fs.chmodSync(workDir, 0o755);
    nginxPort = await freePort();
    fs.writeFileSync(path.join(workDir, "nginx.conf"), nginxConfig(workDir, nginxPort, ports));
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const log = fs.openSync(path.join(OUTPUT_DIR, `nginx-${process.pid}.log`), "a");
    nginx = spawn(NGINX, ["-c", path.join(workDir, "nginx.conf"), "-p", workDir], { stdio: ["ignore", log, log] });
    await waitFor(() => canConnect(nginxPort, 200), 10_000, "nginx listening");
  });

  after(async () => {
    if (nginx && nginx.exitCode === null) {
      const exited = once(nginx, "exit");
      nginx.kill("SIGTERM");
      await exited;
    }
    if (workDir) {
      for (const name of ["error.log", "access.log"]) {
        const file = path.join(workDir, name);
        if (fs.existsSync(file)) fs.copyFileSync(file, path.join(OUTPUT_DIR, `nginx-${process.pid}-${name}`));
      }
      fs.rmSync(workDir, { recursive: true, force: true });
    }
    await Promise.allSettled(instances.map((s) => s?.stop({ expectCode: null })));
    await redis?.stop();
    if (dbName) await psql(PG_URL, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  });

  test("a client's rate limit holds across instances", async () => {
    const statuses = [];
    for (let i = 0; i < STRICT_LIMIT + 2; i += 1) {
      const res = await request(instances[i % 3].port, "GET", "/api/v1/admin/audit");
      assert.equal(res.headers["ratelimit-limit"], String(STRICT_LIMIT));
      statuses.push(res.status);
    }
    const refused = statuses.filter((s) => s === 429).length;
    assert.ok(refused >= 1 && statuses.at(-1) === 429, `statuses ${statuses}`);
    assert.ok(statuses.slice(0, STRICT_LIMIT).every((s) => s !== 429), `statuses ${statuses}`);
    // And through nginx (X-Forwarded-For from a trusted proxy): the same bucket.
    const viaNginx = await request(nginxPort, "GET", "/api/v1/admin/audit");
    assert.equal(viaNginx.status, 429);
  });

  test("a game started on one instance continues on another and finishes on a third", async () => {
    const player = { name: "Moving Mover", email: `${uniqueId("multi")}@example.com` };
    let res = await request(instances[0].port, "POST", "/api/v1/games", {
      body: { mode: "practice", rounds: 1, player, consent: true },
    });
    assert.equal(res.status, 201, res.text);
    const id = res.json.game.gameId;
    res = await request(instances[1].port, "POST", `/api/v1/games/${id}/guesses`, { body: { guess: "Zzyzx Qwerty" } });
    assert.equal(res.status, 200, res.text);
    res = await request(instances[2].port, "GET", `/api/v1/games/${id}`);
    assert.equal(res.status, 200, res.text);
    res = await request(instances[2].port, "POST", `/api/v1/games/${id}/finish`);
    assert.equal(res.status, 200, res.text);
  });

  test("a WebSocket client (through nginx) sees a game finished through another instance", async () => {
    const live = await openLive(nginxPort);
    try {
      await live.next((m) => m.type === "hello", 2000);
      for (const server of instances) {
        const started = await request(server.port, "POST", "/api/v1/games", {
          body: { mode: "practice", rounds: 1, player: { name: "Ws Watcher", email: `${uniqueId("ws")}@example.com` }, consent: true },
        });
        assert.equal(started.status, 201, started.text);
        const finished = await request(server.port, "POST", `/api/v1/games/${started.json.game.gameId}/finish`);
        assert.equal(finished.status, 200, finished.text);
      }
      // Whichever instance nginx chose, it hears all three (two of them via Redis), once each.
      await waitFor(async () => live.messages.filter((m) => m.type === "game_finished").length >= 3, 2000, "3 events");
      await sleep(300);
      assert.equal(live.messages.filter((m) => m.type === "game_finished").length, 3);
      const seqs = live.messages.filter((m) => m.seq !== undefined && m.type === "game_finished").map((m) => m.seq);
      assert.deepEqual(seqs, [...seqs].sort((x, y) => x - y), "seq increases");
    } finally {
      live.ws.close();
    }
  });

  test("logout on one instance revokes the access token on the others at once", async () => {
    const client = new Client(instances[0].port);
    const email = `${uniqueId("rev")}@example.com`;
    const reg = await client.register({ name: "Rev Oked", email, password: STRONG_PASSWORD });
    assert.equal(reg.status, 201, reg.text);
    client.port = instances[1].port;
    assert.equal((await client.call("GET", "/api/v1/me")).status, 200);
    client.port = instances[0].port;
    const token = client.accessToken;
    const out = await request(instances[0].port, "POST", "/api/v1/auth/logout", {
      headers: { Cookie: client.cookieHeader(), "X-CSRF-Token": client.cookies.jm_csrf, Authorization: `Bearer ${token}` },
    });
    assert.equal(out.status, 204, out.text);
    for (const server of [instances[1], instances[2]]) {
      const ms = await waitFor(async () => {
        const res = await request(server.port, "GET", "/api/v1/me", { headers: { Authorization: `Bearer ${token}` } });
        return res.status === 401 && errorCode(res.json) === "token_revoked";
      }, 1000, "revoked elsewhere");
      assert.ok(ms <= 1000);
    }
  });

  // A bounded write load through nginx: `writers` clients posting games for `durationMs`.
  async function writeLoad(durationMs, writers, during) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: writers });
    const acked = new Set();
    const failures = [];
    let sent = 0;
    const deadline = Date.now() + durationMs;
    const worker = async (w) => {
      let i = 0;
      while (Date.now() < deadline && sent < 3000) {
        sent += 1;
        const body = validGame({ sessionId: uniqueId(`m${w}-${i++}`) });
        const at = Date.now();
        try {
          const res = await request(nginxPort, "POST", "/api/game-data", { body, agent, timeoutMs: 10_000 });
          if (res.status >= 200 && res.status < 300) acked.add(body.sessionId);
          else failures.push({ at, status: res.status, text: res.text.slice(0, 200) });
        } catch (error) {
          failures.push({ at, error: error.message });
        }
      }
    };
    await Promise.all([Promise.all(Array.from({ length: writers }, (_, w) => worker(w))), during()]);
    agent.destroy();
    return { acked, failures, sent };
  }

  async function assertAllStored(acked) {
    const ids = [...acked];
    const found = new Set();
    for (let i = 0; i < ids.length; i += 500) {
      const list = ids.slice(i, i + 500).map((s) => `'${s}'`).join(",");
      const rows = await psql(dbUrl, `SELECT session_id FROM games WHERE session_id IN (${list})`);
      for (const row of rows.split("\n")) if (row) found.add(row);
    }
    const missing = ids.filter((s) => !found.has(s));
    assert.deepEqual(missing.slice(0, 10), [], `${missing.length} acknowledged writes missing`);
  }

  test("SIGKILL of one instance under load: no acknowledged write lost, nginx routes around it", async () => {
    let killedAt = 0;
    const { acked, failures, sent } = await writeLoad(3000, 4, async () => {
      await sleep(1000);
      killedAt = Date.now();
      await instances[2].kill9();
    });
    assert.ok(acked.size > 20, `only ${acked.size} of ${sent} acknowledged`);
    // nginx retries a request the dead instance dropped on another one; after it marked
    // the instance failed nothing goes there at all.
    const late = failures.filter((f) => f.at > killedAt + 500);
    assert.deepEqual(late, [], `failures after the kill: ${JSON.stringify(late.slice(0, 3))}`);
    assert.ok(failures.length <= 4, `failures: ${JSON.stringify(failures.slice(0, 5))}`);
    await assertAllStored(acked);
    instances[2].cleanup();
    instances[2] = await startInstance(2); // back for the rolling restart
    await waitFor(async () => (await request(instances[2].port, "GET", "/ready")).json?.redis === "up", 10_000, "redis up");
  });

  test("a rolling restart with SIGTERM drops no request", async () => {
    const { acked, failures, sent } = await writeLoad(9000, 3, async () => {
      for (let i = 0; i < 3; i += 1) {
        await instances[i].stop();
        instances[i] = await startInstance(i);
        // As a rolling update does: the next one goes only once the load balancer has taken
        // this one back (nginx retries a failed server after fail_timeout, 1 s).
        await sleep(1500);
      }
    });
    assert.deepEqual(failures.slice(0, 5), [], `${failures.length} of ${sent} failed`);
    assert.ok(acked.size > 20);
    await assertAllStored(acked);
  });
});
