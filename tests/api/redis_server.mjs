// A private redis-server for API tests that stop and restart Redis: 127.0.0.1, a free
// port, no persistence, its log under test-output/api/. A private one (not the shared
// JOURNEYMAN_TEST_REDIS_URL) so killing it disturbs no other suite.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

import { OUTPUT_DIR, canConnect, sleep } from "./harness.mjs";

export const HAVE_REDIS = spawnSync("redis-server", ["--version"], { encoding: "utf8" }).status === 0;

/** A free TCP port on 127.0.0.1. */
export async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts redis-server; returns { port, url, start(), kill(), stop() }. start() reuses the port. */
export async function startRedis(label = "redis") {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const port = await freePort();
  let child = null;
  const redis = {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    async start() {
      const log = fs.openSync(path.join(OUTPUT_DIR, `${label}-${process.pid}-${port}.log`), "a");
      child = spawn(
        "redis-server",
        ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
        { stdio: ["ignore", log, log] },
      );
      const deadline = Date.now() + 10_000;
      while (!(await canConnect(port, 200))) {
        if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
        await sleep(20);
      }
    },
    /** SIGKILL: as abrupt as a crash. */
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGKILL");
      await exited;
    },
    stop() {
      return redis.kill();
    },
  };
  await redis.start();
  return redis;
}

/** Polls `check` (async, truthy = done) every 50 ms for up to `timeoutMs`; returns ms taken. */
export async function waitFor(check, timeoutMs, what) {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}
