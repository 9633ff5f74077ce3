// The live feed over GET /ws: events from games finished through the HTTP API, the
// anonymised public channel, the analyst channel's refusal, slow clients, heartbeats,
// resume with ?since= and the graceful drain on SIGTERM.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";

import { Client, STRONG_PASSWORD, createApiKey } from "./auth_helpers.mjs";
import { request, sleep, startServer } from "./harness.mjs";
import { finishGame, openLive } from "./live.mjs";

const isGame = (m) => m.type === "game_finished";

describe("live feed", () => {
  let server;
  before(async () => {
    server = await startServer({
      label: "websocket",
      args: [
        "--ws-ping-interval", "1", "--live-counters-interval", "1",
        "--argon2-memory-kib", "1024", "--argon2-iterations", "1",
      ],
    });
  });
  after(async () => {
    await server?.stop();
  });

  test("a public client sees a finished game within 1 s, without names, e-mails or ids", async () => {
    const client = await openLive(server.port);
    const hello = await client.next((m) => m.type === "hello");
    assert.equal(hello.channel, "public");
    assert.equal(typeof hello.seq, "number");
    assert.ok(hello.requestId);

    const game = await finishGame(server.port, { name: "Quentin Uniquename" });
    const finishedAt = performance.now();
    const event = await client.next(isGame, 1000);
    assert.ok(performance.now() - finishedAt < 1000);
    assert.equal(event.mode, "practice");
    assert.equal(event.rounds, 1);
    assert.equal(typeof event.score, "number");
    assert.equal(typeof event.solved, "number");
    assert.equal(typeof event.durationSeconds, "number");
    assert.ok(event.seq > hello.seq);
    assert.ok(!Number.isNaN(Date.parse(event.at)));
    const text = JSON.stringify(event);
    for (const secret of [game.id, game.email, "Quentin", "Uniquename", "gameId", "playerName", "@"]) {
      assert.ok(!text.includes(secret), `the public event leaks ${secret}: ${text}`);
    }
    client.ws.close();
  });

  test("listeners get counters from the store: games finished today", async () => {
    const client = await openLive(server.port);
    await finishGame(server.port);
    const counters = await client.next((m) => m.type === "counters" && m.gamesFinishedToday >= 1, 3000);
    assert.ok(counters.gamesFinishedSinceStart >= 1);
    assert.ok(counters.listeners >= 1);
    assert.equal(typeof counters.seq, "number");
    client.ws.close();
  });

  test("the analyst channel refuses a client without a valid token with 1008", async () => {
    for (const query of ["?channel=analyst", "?channel=analyst&token=not-a-token"]) {
      const client = await openLive(server.port, query);
      const { code } = await client.closed;
      assert.equal(code, 1008, query);
      assert.equal(client.messages.length, 0, "no hello, no events");
    }
  });

  test("an analyst API key opens the analyst channel, which names the game; a player's token does not", async () => {
    const { key } = createApiKey(server, "analyst", "live dashboard");
    const client = await openLive(server.port, `?channel=analyst&token=${encodeURIComponent(key)}`);
    const hello = await client.next((m) => m.type === "hello");
    assert.equal(hello.channel, "analyst");
    const game = await finishGame(server.port, { name: "Ana Lyst" });
    const event = await client.next(isGame, 1000);
    assert.equal(event.gameId, game.id);
    assert.equal(event.playerName, "Ana Lyst");
    client.ws.close();

    const player = new Client(server.port);
    const reg = await player.register({ name: "Pia Player", email: "pia.live@example.com", password: STRONG_PASSWORD });
    assert.equal(reg.status, 201, reg.text);
    const refused = await openLive(server.port, `?channel=analyst&token=${player.accessToken}`);
    assert.equal((await refused.closed).code, 1008);
  });

  test("bad upgrades are ordinary HTTP errors", async () => {
    await assert.rejects(openLive(server.port, "?channel=secret"), (e) => e.status === 400 && /channel/.test(e.body));
    await assert.rejects(openLive(server.port, "?since=abc"), (e) => e.status === 400 && /since/.test(e.body));
    await assert.rejects(
      openLive(server.port, "", { origin: "http://evil.example" }),
      (e) => e.status === 403 && /origin_not_allowed/.test(e.body),
    );
    const sameHost = await openLive(server.port, "", { origin: `http://127.0.0.1:${server.port}` });
    sameHost.ws.close();
    const plain = await request(server.port, "GET", "/ws");
    assert.equal(plain.status, 426);
    assert.equal(plain.json.error.code, "upgrade_required");
    assert.ok(plain.headers["x-request-id"]);
  });

  test("the server pings every interval", async () => {
    const client = await openLive(server.port);
    const pinged = new Promise((resolve) => client.ws.once("ping", resolve));
    const started = performance.now();
    await pinged;
    assert.ok(performance.now() - started < 2500, "a ping within about one interval (1 s)");
    client.ws.close();
  });

  test("a client that reconnects with ?since= gets the events it missed, then live ones", async () => {
    const first = await openLive(server.port);
    const hello = await first.next((m) => m.type === "hello");
    first.ws.close();
    await first.closed;

    await finishGame(server.port);
    await finishGame(server.port);
    const again = await openLive(server.port, `?since=${hello.seq}`);
    const resumed = await again.next((m) => m.type === "hello");
    assert.equal(resumed.replayed, 2);
    assert.equal(resumed.complete, true);
    const missed = await again.next(() => again.messages.filter(isGame).length === 2);
    assert.ok(missed);
    const seqs = again.messages.filter(isGame).map((m) => m.seq);
    assert.deepEqual(seqs, [hello.seq + 1, hello.seq + 2]);

    await finishGame(server.port);
    await again.next(() => again.messages.filter(isGame).length === 3);
    assert.equal(again.messages.filter(isGame)[2].seq, hello.seq + 3);
    again.ws.close();
  });
});

test("a client that stops reading is dropped; the others keep receiving", async () => {
  const server = await startServer({
    label: "websocket-slow",
    args: ["--ws-queue-messages", "64", "--ws-queue-bytes", "16384", "--ws-ping-interval", "600"],
  });
  try {
    const slow = await openLive(server.port);
    const normal = await openLive(server.port);
    await slow.next((m) => m.type === "hello");
    slow.ws._socket.pause(); // stop reading: the kernel buffers fill, then the server's queue
    const dropped = () => fs.readFileSync(server.logFile, "utf8").includes('"ws_client_dropped"');
    let games = 0;
    const deadline = Date.now() + 90_000;
    while (!dropped() && Date.now() < deadline) {
      await Promise.all(Array.from({ length: 25 }, () => finishGame(server.port)));
      games += 25;
    }
    assert.ok(dropped(), `the paused client was not dropped after ${games} games`);
    const line = fs
      .readFileSync(server.logFile, "utf8")
      .split("\n")
      .find((l) => l.includes('"ws_client_dropped"'));
    assert.equal(JSON.parse(line).why, "queue_full");

    // The normal client got every game, in order.
    await normal.next(() => normal.messages.filter(isGame).length === games, 5000);
    const seqs = normal.messages.filter(isGame).map((m) => m.seq);
    assert.deepEqual(seqs, Array.from({ length: games }, (_, i) => seqs[0] + i));

    slow.ws._socket.resume();
    const { code } = await slow.closed;
    assert.ok([1013, 1006].includes(code), `closed with ${code}`);
    normal.ws.close();
  } finally {
    await server.stop();
  }
});

test("SIGTERM closes WebSockets with 1001 at once and the server exits 0", async () => {
  const server = await startServer({ label: "websocket-drain", args: ["--shutdown-grace", "10"] });
  const clients = await Promise.all([1, 2, 3].map(() => openLive(server.port)));
  await Promise.all(clients.map((c) => c.next((m) => m.type === "hello")));
  const started = performance.now();
  const stopping = server.stop();
  const closes = await Promise.all(clients.map((c) => c.closed));
  for (const { code } of closes) assert.equal(code, 1001);
  const outcome = await stopping;
  assert.equal(outcome.code, 0);
  assert.ok(performance.now() - started < 3000, "the drain does not wait for WebSockets");
});
