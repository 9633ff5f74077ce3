#!/usr/bin/env node
// WebSocket fan-out: CLIENTS (default 1,000) clients on /ws?channel=public, then one game
// finished through the HTTP API; measures the time from sending the finish request until
// the last client received the event (target ≤ 1 s), RUNS times (default 5), and prints
// the median. Needs build/journeyman (or $JOURNEYMAN_BIN) and tests/api/node_modules (ws).
//
//   node bench/ws_fanout.mjs             # full report
//   node bench/ws_fanout.mjs --summary   # one line, for bench/run.sh
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const RUNS = Number(process.env.RUNS ?? 5);
const summary = process.argv.includes("--summary");

// Each client is a socket on both sides: raise the open-file limit (which the server we
// spawn inherits) by re-running under a shell with `ulimit -n`.
if (!process.env.WS_FANOUT_ULIMIT_RAISED) {
  const want = CLIENTS * 2 + 256;
  const script = `ulimit -n ${want} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  const child = spawnSync("bash", ["-c", script, process.execPath, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, WS_FANOUT_ULIMIT_RAISED: "1" },
  });
  process.exit(child.status ?? 1);
}

const { startServer } = await import("../tests/api/harness.mjs");
const { finishGame, openLive } = await import("../tests/api/live.mjs");

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const server = await startServer({
  label: "ws-fanout",
  args: ["--access-log", "off"],
});
const clients = [];
let exitCode = 0;
try {
  // Connect in batches so the listen backlog never overflows.
  const connectStarted = performance.now();
  for (let i = 0; i < CLIENTS; i += 100) {
    const batch = Math.min(100, CLIENTS - i);
    clients.push(...(await Promise.all(Array.from({ length: batch }, () => openLive(server.port)))));
  }
  await Promise.all(clients.map((c) => c.next((m) => m.type === "hello", 30_000)));
  const connectMs = performance.now() - connectStarted;

  // Each client notes when it saw a game_finished with seq > its mark.
  const arrivals = new Array(clients.length);
  let expectSeq = 0;
  clients.forEach((client, index) => {
    client.ws.on("message", (data) => {
      const event = JSON.parse(data.toString("utf8"));
      if (event.type === "game_finished" && event.seq > expectSeq && arrivals[index] === undefined) {
        arrivals[index] = performance.now();
      }
    });
  });

  await finishGame(server.port); // warm-up (not measured): first store write, first fan-out
  await new Promise((resolve) => setTimeout(resolve, 500));
  const latencies = [];
  for (let run = 1; run <= RUNS; run++) {
    expectSeq = Math.max(0, ...clients.map((c) => c.messages.at(-1)?.seq ?? 0));
    arrivals.fill(undefined);
    const sent = performance.now();
    await finishGame(server.port);
    const deadline = performance.now() + 10_000;
    while (arrivals.some((t) => t === undefined) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const missing = arrivals.filter((t) => t === undefined).length;
    if (missing) throw new Error(`run ${run}: ${missing} of ${clients.length} clients did not receive the event within 10 s`);
    const ms = Math.max(...arrivals) - sent;
    latencies.push(ms);
    if (!summary) console.log(`run ${run}: all ${clients.length} clients had the event ${ms.toFixed(1)} ms after the finish request`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  const med = median(latencies);
  const verdict = med <= 1000 ? "target ≤ 1000 ms met" : "target ≤ 1000 ms MISSED";
  const line = `${clients.length} clients, median of ${RUNS} runs: **${med.toFixed(1)} ms** from finish request to the last client (${verdict}); connecting all took ${connectMs.toFixed(0)} ms`;
  console.log(summary ? line : `\n${line}`);
} catch (error) {
  console.error(`ws_fanout: ${error.message}`);
  exitCode = 1;
} finally {
  for (const c of clients) c.ws.terminate();
  await server.stop().catch((error) => {
    console.error(`ws_fanout: ${error.message}`);
    exitCode = 1;
  });
}
process.exit(exitCode);
