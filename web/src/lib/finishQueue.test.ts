// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from "vitest";
import { backoffDelayMs, FinishQueue, MAX_QUEUED, type SendOutcome } from "./finishQueue";
import { STORAGE_KEYS } from "./storage";

describe("FinishQueue", () => {
  let now: number;
  let queue: FinishQueue;

  beforeEach(() => {
    localStorage.clear();
    now = 1_000_000;
    queue = new FinishQueue(localStorage, () => now);
  });

  it("backs off 2 s, 4 s, 8 s … up to 5 minutes", () => {
    expect([1, 2, 3, 4].map(backoffDelayMs)).toEqual([2000, 4000, 8000, 16000]);
    expect(backoffDelayMs(30)).toBe(300_000);
  });

  it("persists game ids only, once per game", () => {
    queue.enqueue("game-a");
    queue.enqueue("game-a");
    expect(queue.size).toBe(1);
    const stored = localStorage.getItem(STORAGE_KEYS.pendingFinishes) ?? "";
    expect(JSON.parse(stored)).toEqual([{ gameId: "game-a", queuedAt: now, attempts: 1, nextAttemptAt: now + 2000 }]);
    expect(new FinishQueue(localStorage).size).toBe(1);
  });

  it("keeps at most 50, dropping the oldest", () => {
    for (let index = 0; index < MAX_QUEUED + 5; index++) queue.enqueue(`game-${index}`);
    const ids = queue.list().map((item) => item.gameId);
    expect(ids).toHaveLength(MAX_QUEUED);
    expect(ids[0]).toBe("game-5");
    expect(ids.at(-1)).toBe(`game-${MAX_QUEUED + 4}`);
  });

  it("sends only due entries unless forced", async () => {
    queue.enqueue("game-a");
    const send = vi.fn(async (): Promise<SendOutcome> => "sent");
    expect(await queue.flush(send)).toBe(1);
    expect(send).not.toHaveBeenCalled();
    now += 2000;
    expect(await queue.flush(send)).toBe(0);
    expect(send).toHaveBeenCalledWith("game-a");
  });

  it("reschedules retryable failures with a longer delay and drops hopeless ones", async () => {
    queue.enqueue("retry-me");
    queue.enqueue("drop-me");
    const outcomes: Record<string, SendOutcome> = { "retry-me": "retry", "drop-me": "drop" };
    const remaining = await queue.flush(async (gameId) => outcomes[gameId] ?? "sent", { force: true });
    expect(remaining).toBe(1);
    expect(queue.list()[0]).toMatchObject({ gameId: "retry-me", attempts: 2, nextAttemptAt: now + 4000 });
  });

  it("treats a throwing sender as retryable", async () => {
    queue.enqueue("game-a");
    await queue.flush(async () => {
      throw new Error("offline");
    }, { force: true });
    expect(queue.list()[0]?.attempts).toBe(2);
  });

  it("shares one run between concurrent flushes and tells subscribers", async () => {
    queue.enqueue("game-a");
    const listener = vi.fn();
    queue.subscribe(listener);
    const send = vi.fn(async (): Promise<SendOutcome> => "sent");
    await Promise.all([queue.flush(send, { force: true }), queue.flush(send, { force: true })]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalled();
    expect(queue.nextDueAt()).toBeNull();
  });

  it("survives garbage in storage", () => {
    localStorage.setItem(STORAGE_KEYS.pendingFinishes, "{not json");
    expect(queue.list()).toEqual([]);
    localStorage.setItem(STORAGE_KEYS.pendingFinishes, JSON.stringify([{ gameId: 3 }]));
    expect(queue.size).toBe(0);
  });
});
