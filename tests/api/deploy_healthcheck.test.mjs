// deploy/healthcheck.sh (the image's HEALTHCHECK, bash /dev/tcp instead of curl) against the
// real server: 0 for a 200, non-zero for any other status or when nothing listens.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { REPO, startServer } from "./harness.mjs";

const SCRIPT = path.join(REPO, "deploy", "healthcheck.sh");

function check(port, probePath, host = "127.0.0.1") {
  const args = probePath === undefined ? [] : [probePath];
  return spawnSync(SCRIPT, args, {
    env: { PATH: process.env.PATH, HOST: host, PORT: String(port) },
    encoding: "utf8",
    timeout: 10_000,
  });
}

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("deploy/healthcheck.sh", () => {
  let server;
  before(async () => {
    server = await startServer({ label: "deploy-healthcheck" });
  });
  after(async () => {
    await server?.stop();
  });

  test("exits 0 for /health (the default) and /ready on a running server", () => {
    for (const probe of [undefined, "/health", "/ready"]) {
      const run = check(server.port, probe);
      assert.equal(run.status, 0, `${probe ?? "default"}: ${run.stdout}${run.stderr}`);
    }
  });

  test("a wildcard HOST is probed on loopback", () => {
    assert.equal(check(server.port, "/health", "0.0.0.0").status, 0);
  });

  test("fails on a non-200 status and names it", () => {
    const run = check(server.port, "/api/v1/no-such-route");
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /404/);
  });

  test("fails when nothing listens", async () => {
    const run = check(await closedPort(), "/health");
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /no connection/);
  });
});
