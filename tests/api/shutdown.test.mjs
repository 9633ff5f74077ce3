// Graceful shutdown (SIGTERM drains in-flight requests, exits 0, stops accepting) and slow clients.
import assert from "node:assert/strict";
import net from "node:net";
import { describe, it } from "node:test";
import {
  canConnect,
  parseResponse,
  postJson,
  rawExchange,
  sleep,
  startServer,
  validGame,
} from "./harness.mjs";

function postHead(length, extra = "") {
  return `POST /api/game-data HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n${extra}\r\n`;
}

/** A keep-alive connection that can send several requests in turn. */
function openConnection(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    let buffer = Buffer.alloc(0);
    let closed = false;
    let waiter = null;
    const check = () => {
      if (!waiter) return;
      const res = parseResponse(buffer);
      if (res?.complete) {
        const end = buffer.indexOf("\r\n\r\n") + 4 + res.body.length;
        buffer = buffer.subarray(end);
        const w = waiter;
        waiter = null;
        w.resolve(res);
      } else if (closed) {
        const w = waiter;
        waiter = null;
        w.resolve(null);
      }
    };
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      check();
    });
    socket.on("close", () => {
      closed = true;
      check();
    });
    socket.on("error", () => {});
    socket.on("connect", () =>
      resolve({
        socket,
        get closed() {
          return closed;
        },
        /** Sends raw text; resolves the next complete response, or null when the server closed. */
        exchange(text) {
          return new Promise((res2) => {
            waiter = { resolve: res2 };
            if (closed) {
              check();
              return;
            }
            socket.write(text, () => {});
          });
        },
        close() {
          socket.destroy();
        },
      }),
    );
    socket.on("error", reject);
  });
}

describe("graceful shutdown", () => {
  it("SIGTERM while slow requests are in flight: they complete 2xx and are stored, exit 0, new connections refused", async () => {
    const server = await startServer({ label: "shutdown-drain", args: ["--shutdown-grace", "10"] });
    const { port } = server;
    let restarted;
    try {
      // An idle keep-alive connection that has already been served once.
      const idle = await openConnection(port);
      const first = await idle.exchange("GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assert.equal(first?.status, 200);

      // Four requests whose bodies arrive in two halves, 300 ms apart; SIGTERM comes in between.
      const bodies = Array.from({ length: 4 }, () => validGame());
      const inFlight = bodies.map((body) => {
        const text = JSON.stringify(body);
        const half = Math.floor(text.length / 2);
        return rawExchange(port, [postHead(Buffer.byteLength(text)) + text.slice(0, half), 300, text.slice(half)], {
          timeoutMs: 8000,
        });
      });
      await sleep(100);
      const signalledAt = performance.now();
      server.child.kill("SIGTERM");
      await sleep(100);

      // Draining: the listener is closed while the slow requests are still in flight.
      assert.equal(await canConnect(port, 500), false, "a new connection was accepted after SIGTERM");

      // A request on an existing keep-alive connection is either refused with 503 + Retry-After
      // (the server drains) or the server has closed that idle connection.
      const during = await idle.exchange("GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      if (during !== null) {
        assert.equal(during.status, 503, `GET /ready while draining → ${during.status}`);
        assert.ok(during.headers["retry-after"], "503 while draining without Retry-After");
      }
      idle.close();

      const results = await Promise.all(inFlight);
      for (const [i, r] of results.entries()) {
        assert.ok(r.response, `in-flight request ${i}: no response (closed=${r.closed}, error=${r.error})`);
        assert.equal(r.response.status, 201, `in-flight request ${i}: ${r.response.status} ${r.response.body}`);
      }
      // keepDb: the restart below reopens this database.
      const { code, signal } = await server.stop({ expectCode: null, keepDb: true });
      assert.equal(signal, null, `killed by ${signal}`);
      assert.equal(code, 0, `exit code ${code}`);
      assert.ok(performance.now() - signalledAt < 9000, "drained within the grace period");
      assert.equal(await canConnect(port, 500), false);

      // The drained requests were committed: a restart on the same database knows them.
      restarted = await startServer({ label: "shutdown-drain-restart", db: server.db });
      for (const [i, body] of bodies.entries()) {
        const again = await postJson(restarted.port, "/api/game-data", body);
        assert.equal(again.status, 200, `request ${i} after restart: ${again.status} ${again.text}`);
        assert.equal(again.json.gameId, results[i].response.json.gameId);
      }
    } finally {
      await server.stop({ expectCode: null, keepDb: true }).catch(() => {});
      await restarted?.stop().catch(() => {});
      server.cleanup();
    }
  });

  it("SIGTERM with nothing in flight → exit 0 promptly", async () => {
    const server = await startServer({ label: "shutdown-idle" });
    const started = performance.now();
    await server.stop();
    assert.ok(performance.now() - started < 3000, "an idle server exits within 3 s of SIGTERM");
  });

  it("a request that never finishes does not hold shutdown past --shutdown-grace", async () => {
    const server = await startServer({ label: "shutdown-grace", args: ["--shutdown-grace", "1", "--read-timeout", "60"] });
    const stalled = rawExchange(server.port, [postHead(1000) + '{"name":"Slow'], { timeoutMs: 10_000 });
    await sleep(200);
    const started = performance.now();
    const { code } = await server.stop({ expectCode: null, timeoutMs: 8000 });
    const elapsed = performance.now() - started;
    assert.equal(code, 0);
    assert.ok(elapsed < 4000, `exit took ${Math.round(elapsed)} ms with --shutdown-grace 1`);
    const r = await stalled;
    assert.ok(r.closed, "the stalled connection is closed");
  });
});

describe("slow clients", () => {
  it("half a header: the server closes the connection after --idle-timeout 1", async () => {
    const server = await startServer({ label: "slow-header", args: ["--idle-timeout", "1", "--read-timeout", "1"] });
    try {
      const r = await rawExchange(server.port, ["GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slo"], {
        timeoutMs: 5000,
        untilResponse: false,
      });
      assert.ok(r.closed, "the server kept a half-sent header open for 5 s");
      assert.ok(r.elapsedMs >= 800, `closed after ${Math.round(r.elapsedMs)} ms, before the idle timeout`);
      assert.ok(r.elapsedMs < 3500, `closed after ${Math.round(r.elapsedMs)} ms`);
      if (r.data.length > 0) assert.equal(parseResponse(r.data)?.status, 408, r.data.toString());
      // A header trickled one byte at a time does not reset the timer forever.
      const trickle = ["GET /health HTTP/1.1\r\n"];
      for (let i = 0; i < 40; i += 1) trickle.push(100, "X");
      const t = await rawExchange(server.port, trickle, { timeoutMs: 6000, untilResponse: false });
      assert.ok(t.closed && t.elapsedMs < 3500, `trickled header held for ${Math.round(t.elapsedMs)} ms`);
      // The server still serves normal clients.
      assert.equal((await postJson(server.port, "/api/game-data", validGame())).status, 201);
    } finally {
      await server.stop();
    }
  });

  it("an idle keep-alive connection is closed after --idle-timeout 1", async () => {
    const server = await startServer({ label: "slow-idle", args: ["--idle-timeout", "1"] });
    try {
      const conn = await openConnection(server.port);
      const started = performance.now();
      const res = await conn.exchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      assert.equal(res?.status, 200);
      const deadline = performance.now() + 4000;
      while (!conn.closed && performance.now() < deadline) await sleep(50);
      const elapsed = performance.now() - started;
      assert.ok(conn.closed, "idle keep-alive connection still open after 4 s");
      assert.ok(elapsed >= 800, `closed after ${Math.round(elapsed)} ms`);
      conn.close();
    } finally {
      await server.stop();
    }
  });

  it("a body that stalls is cut off after --read-timeout 1", async () => {
    const server = await startServer({ label: "slow-body", args: ["--read-timeout", "1", "--idle-timeout", "5"] });
    try {
      const r = await rawExchange(server.port, [postHead(500) + '{"name":'], { timeoutMs: 6000, untilResponse: false });
      assert.ok(r.closed, "a stalled body held the connection for 6 s");
      assert.ok(r.elapsedMs < 4000, `closed after ${Math.round(r.elapsedMs)} ms`);
      if (r.data.length > 0) assert.equal(parseResponse(r.data)?.status, 408, r.data.toString());
    } finally {
      await server.stop();
    }
  });
});
