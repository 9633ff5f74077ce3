// @vitest-environment jsdom
import { act, cleanup, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ANNOUNCE_EVERY_MS, LiveTicker } from "./LiveTicker";

/** Stands in for the browser's WebSocket; the test drives it. */
class FakeWebSocket {
  static last: FakeWebSocket | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.last = this;
  }
  close() {}
  send(value: object) {
    act(() => this.onmessage?.({ data: JSON.stringify(value) }));
  }
}

const game = (seq: number, teams: number) => ({
  type: "game_finished",
  seq,
  mode: "daily",
  score: 700,
  solved: 1,
  rounds: 1,
  teamsRevealed: teams,
  durationSeconds: 40,
  puzzleNumber: 9,
  archive: false,
  at: "2026-01-01T00:00:00.000Z",
});

describe("LiveTicker", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("WebSocket", FakeWebSocket);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  const ticker = () => document.querySelector<HTMLElement>("[data-cy=live-ticker]")!;

  it("stays hidden until the feed is open and has something to say", () => {
    render(<LiveTicker />);
    expect(FakeWebSocket.last?.url).toMatch(/^ws:\/\/.*\/ws\?channel=public$/);
    expect(ticker().hidden).toBe(true);
    FakeWebSocket.last!.send({ type: "hello", channel: "public", seq: 0, heartbeatSeconds: 15 });
    expect(ticker().hidden).toBe(true);
    FakeWebSocket.last!.send(game(1, 3));
    act(() => void vi.advanceTimersByTime(0));
    expect(ticker().hidden).toBe(false);
    expect(screen.getByText("Someone solved today's daily in 3 teams")).toBeTruthy();
    expect(ticker().querySelector("[aria-live=polite]")).toBeTruthy();
  });

  it("throttles updates and hides again when the socket goes down", () => {
    render(<LiveTicker />);
    const socket = FakeWebSocket.last!;
    socket.send({ type: "hello", channel: "public", seq: 0, heartbeatSeconds: 15 });
    socket.send(game(1, 1));
    act(() => void vi.advanceTimersByTime(0));
    socket.send(game(2, 2));
    socket.send(game(3, 4));
    expect(screen.queryByText("Someone solved today's daily in 2 teams")).toBeNull();
    act(() => void vi.advanceTimersByTime(ANNOUNCE_EVERY_MS));
    expect(screen.getByText("Someone solved today's daily in 2 teams")).toBeTruthy();
    expect(screen.getByText("Someone solved today's daily in 4 teams")).toBeTruthy();

    act(() => socket.onclose?.({ code: 1006 }));
    expect(ticker().hidden).toBe(true);
  });
});
