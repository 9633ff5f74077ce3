import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { describeFinishedGame, parseLiveEvent, type GameFinishedEvent } from "./events";
import { backoffDelayMs, LiveFeedClient, liveFeedUrl, type LiveStatus, type SocketLike } from "./liveFeed";

class FakeSocket implements SocketLike {
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {}
  close() {
    this.closed = true;
  }
  receive(value: object) {
    this.onmessage?.({ data: JSON.stringify(value) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

const hello = (seq: number) => ({ type: "hello", channel: "public", seq, heartbeatSeconds: 15 });
const finished = (seq: number, extra: Partial<GameFinishedEvent> = {}) => ({
  type: "game_finished",
  seq,
  mode: "daily",
  score: 800,
  solved: 1,
  rounds: 1,
  teamsRevealed: 3,
  durationSeconds: 60,
  puzzleNumber: 412,
  archive: false,
  at: "2026-01-01T00:00:00.000Z",
  ...extra,
});

describe("backoffDelayMs", () => {
  it("grows exponentially up to the cap, with full jitter", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, top))).toEqual([999, 1999, 3999, 7999]);
    expect(backoffDelayMs(30, top)).toBe(59_999);
    expect(backoffDelayMs(5, () => 0)).toBe(0);
    expect(backoffDelayMs(3, () => 0.5)).toBe(2000);
  });
});

describe("liveFeedUrl", () => {
  it("follows the page's scheme and host", () => {
    expect(liveFeedUrl({ protocol: "http:", host: "localhost:5173" })).toBe("ws://localhost:5173/ws");
    expect(liveFeedUrl({ protocol: "https:", host: "journeyman.example" })).toBe("wss://journeyman.example/ws");
  });
});

describe("LiveFeedClient", () => {
  let sockets: FakeSocket[];
  let statuses: LiveStatus[];
  let events: unknown[];
  let client: LiveFeedClient;
  const socket = (index: number): FakeSocket => {
    const found = sockets[index];
    if (!found) throw new Error(`no socket #${index}`);
    return found;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    statuses = [];
    events = [];
    client = new LiveFeedClient({
      url: "ws://h/ws",
      onEvent: (event) => events.push(event),
      onStatus: (status) => statuses.push(status),
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      random: () => 0.5,
    });
  });

  afterEach(() => {
    client.stop();
    vi.useRealTimers();
  });

  it("connects to the public channel and reports open on hello", () => {
    client.start();
    expect(sockets).toHaveLength(1);
    expect(socket(0).url).toBe("ws://h/ws?channel=public");
    socket(0).receive(hello(0));
    expect(statuses).toEqual(["connecting", "open"]);
    socket(0).receive(finished(1));
    expect(events).toHaveLength(2);
    expect(client.seq).toBe(1);
  });

  it("reconnects with growing, jittered delays and resumes from the last seq", () => {
    client.start();
    socket(0).receive(hello(0));
    socket(0).receive(finished(7));
    socket(0).drop();
    expect(statuses.at(-1)).toBe("down");

    // attempt 1: 0.5 × 1 s
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    expect(socket(1).url).toBe("ws://h/ws?channel=public&since=7");

    // the attempt fails before hello: attempt 2 waits 0.5 × 2 s
    socket(1).drop();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);

    // attempt 3: 0.5 × 4 s
    socket(2).drop();
    vi.advanceTimersByTime(1999);
    expect(sockets).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(4);

    // a hello resets the backoff
    socket(3).receive(hello(7));
    socket(3).drop();
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(5);
    expect(socket(4).url).toBe("ws://h/ws?channel=public&since=7");
  });

  it("never waits longer than the cap", () => {
    client.start();
    for (let attempt = 1; attempt <= 12; attempt++) {
      socket(sockets.length - 1).drop();
      vi.advanceTimersByTime(30_000); // 0.5 × 60 s cap
      expect(sockets).toHaveLength(attempt + 1);
    }
  });

  it("forgets a position the server no longer knows (it restarted)", () => {
    client.start();
    socket(0).receive(hello(0));
    socket(0).receive(finished(40));
    socket(0).drop();
    vi.advanceTimersByTime(500);
    socket(1).receive(hello(2));
    expect(client.seq).toBe(2);
  });

  it("gives up on a policy refusal (1008) and stops cleanly", () => {
    client.start();
    socket(0).drop(1008);
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);
  });

  it("analyst channel: sends the current token on every connect", () => {
    let token = "first";
    const analyst = new LiveFeedClient({
      url: "ws://h/ws",
      channel: "analyst",
      token: () => token,
      onEvent: () => undefined,
      createSocket: (url) => {
        const created = new FakeSocket(url);
        sockets.push(created);
        return created;
      },
      random: () => 0.5,
    });
    analyst.start();
    expect(socket(0).url).toBe("ws://h/ws?channel=analyst&token=first");
    socket(0).receive(hello(0));
    socket(0).receive(finished(3));
    token = "refreshed";
    socket(0).drop();
    vi.advanceTimersByTime(500);
    expect(socket(1).url).toBe("ws://h/ws?channel=analyst&since=3&token=refreshed");
    analyst.stop();
  });

  it("after a refusal renews the token once and reconnects; a second refusal gives up", async () => {
    const renewToken = vi.fn(async () => true);
    const onRefused = vi.fn();
    const analyst = new LiveFeedClient({
      url: "ws://h/ws",
      channel: "analyst",
      token: () => "t",
      renewToken,
      onRefused,
      onEvent: () => undefined,
      createSocket: (url) => {
        const created = new FakeSocket(url);
        sockets.push(created);
        return created;
      },
      random: () => 0.5,
    });
    analyst.start();
    socket(0).drop(1008);
    await vi.waitFor(() => expect(renewToken).toHaveBeenCalledTimes(1));
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
    socket(1).drop(1008);
    await Promise.resolve();
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(2);
    expect(renewToken).toHaveBeenCalledTimes(1);
    expect(onRefused).toHaveBeenCalledTimes(1);
  });

  it("gives up at once when the token cannot be renewed (signed out)", async () => {
    const onRefused = vi.fn();
    const analyst = new LiveFeedClient({
      url: "ws://h/ws",
      channel: "analyst",
      token: () => "t",
      renewToken: async () => false,
      onRefused,
      onEvent: () => undefined,
      createSocket: (url) => {
        const created = new FakeSocket(url);
        sockets.push(created);
        return created;
      },
    });
    analyst.start();
    socket(0).drop(1008);
    await vi.waitFor(() => expect(onRefused).toHaveBeenCalledTimes(1));
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);
  });

  it("stop cancels a pending reconnect and closes the socket", () => {
    client.start();
    socket(0).drop();
    client.stop();
    vi.advanceTimersByTime(120_000);
    expect(sockets).toHaveLength(1);

    client.start();
    expect(sockets).toHaveLength(2);
    client.stop();
    expect(socket(1).closed).toBe(true);
  });

  it("ignores malformed messages", () => {
    client.start();
    socket(0).onmessage?.({ data: "not json" });
    socket(0).onmessage?.({ data: JSON.stringify({ type: "game_finished" }) });
    socket(0).onmessage?.({ data: JSON.stringify({ type: "mystery", seq: 3 }) });
    expect(events).toHaveLength(0);
    expect(client.seq).toBeNull();
  });
});

describe("live events", () => {
  it("parses known events only", () => {
    expect(parseLiveEvent(JSON.stringify(finished(3)))?.type).toBe("game_finished");
    expect(parseLiveEvent(JSON.stringify({ type: "counters", seq: 1, gamesFinishedToday: 4 }))?.type).toBe("counters");
    expect(parseLiveEvent("[]")).toBeNull();
  });

  it("describes a game without naming anyone", () => {
    expect(describeFinishedGame(finished(1) as GameFinishedEvent)).toBe("Someone solved today's daily in 3 teams");
    expect(describeFinishedGame(finished(1, { teamsRevealed: 1 }) as GameFinishedEvent)).toBe(
      "Someone solved today's daily in 1 team",
    );
    expect(describeFinishedGame(finished(1, { archive: true }) as GameFinishedEvent)).toBe(
      "Someone solved daily #412 in 3 teams",
    );
    expect(describeFinishedGame(finished(1, { solved: 0, teamsRevealed: null }) as GameFinishedEvent)).toBe(
      "Someone was stumped by today's daily",
    );
    expect(
      describeFinishedGame(finished(1, { mode: "easy", solved: 2, rounds: 3, puzzleNumber: null }) as GameFinishedEvent),
    ).toBe("Someone finished an easy game: 2 of 3 solved");
  });
});
