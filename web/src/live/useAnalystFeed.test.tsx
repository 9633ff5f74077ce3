// @vitest-environment jsdom
import { act, cleanup, renderHook } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ANNOUNCE_EVERY_MS, useAnalystFeed } from "./useAnalystFeed";

class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }
  close() {
    this.closed = true;
  }
  receive(value: object) {
    act(() => this.onmessage?.({ data: JSON.stringify(value) }));
  }
}

const game = (seq: number) => ({
  type: "game_finished",
  seq,
  mode: "easy",
  score: 100,
  solved: 1,
  rounds: 3,
  teamsRevealed: null,
  durationSeconds: 42,
  puzzleNumber: null,
  archive: false,
  at: "2026-11-25T10:00:00.000Z",
  playerName: `Player ${seq}`,
});

beforeEach(() => {
  vi.useFakeTimers();
  FakeWebSocket.instances = [];
  vi.stubGlobal("WebSocket", FakeWebSocket);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("useAnalystFeed", () => {
  function setup() {
    const onFinished = vi.fn();
    const hook = renderHook(() => useAnalystFeed({ onFinished, token: () => "tok", renewToken: async () => true }));
    const socket = FakeWebSocket.instances[0] as FakeWebSocket;
    return { hook, socket, onFinished };
  }

  it("opens the analyst channel with the token and lists games at once, newest first, once each", () => {
    const { hook, socket, onFinished } = setup();
    expect(socket.url).toMatch(/\/ws\?channel=analyst&token=tok$/);
    socket.receive({ type: "hello", channel: "analyst", seq: 0, heartbeatSeconds: 15 });
    expect(hook.result.current.status).toBe("open");
    socket.receive(game(1));
    socket.receive(game(2));
    socket.receive(game(2));
    socket.receive(game(1));
    expect(hook.result.current.items.map((item) => item.seq)).toEqual([2, 1]);
    expect(onFinished).toHaveBeenCalledTimes(2);
    hook.unmount();
    expect(socket.closed).toBe(true);
  });

  it("announces at most once per throttle window, summing what arrived meanwhile", () => {
    const { hook, socket } = setup();
    socket.receive({ type: "hello", channel: "analyst", seq: 0, heartbeatSeconds: 15 });
    socket.receive(game(1));
    act(() => vi.advanceTimersByTime(0));
    expect(hook.result.current.announcement).toBe("1 more game finished.");

    act(() => vi.advanceTimersByTime(1000));
    socket.receive(game(2));
    socket.receive(game(3));
    act(() => vi.advanceTimersByTime(ANNOUNCE_EVERY_MS - 1100));
    expect(hook.result.current.announcement).toBe("1 more game finished.");
    expect(hook.result.current.items).toHaveLength(3); // the list itself never waits
    act(() => vi.advanceTimersByTime(200));
    expect(hook.result.current.announcement).toBe("2 more games finished.");
  });

  it("counts again from a restarted feed", () => {
    const { hook, socket, onFinished } = setup();
    socket.receive({ type: "hello", channel: "analyst", seq: 0, heartbeatSeconds: 15 });
    socket.receive(game(5));
    socket.receive({ type: "hello", channel: "analyst", seq: 0, heartbeatSeconds: 15 });
    socket.receive(game(1));
    expect(onFinished).toHaveBeenCalledTimes(2);
    expect(hook.result.current.items.map((item) => item.seq)).toEqual([5, 1]);
  });
});
