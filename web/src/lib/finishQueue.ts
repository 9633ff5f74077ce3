import { isRecord, readJson, STORAGE_KEYS, writeJson } from "./storage";

/**
 * Finish calls that failed, kept in localStorage and sent again later. `finish` is idempotent on
 * the server, so a resend can never count a game twice. Only game ids are stored: no name, no email.
 */
export interface QueuedFinish {
  gameId: string;
  queuedAt: number;
  attempts: number;
  nextAttemptAt: number;
}

/** What one resend achieved. */
export type SendOutcome = "sent" | "retry" | "drop";

export const MAX_QUEUED = 50;
const FIRST_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

/** 2 s, 4 s, 8 s … capped at 5 minutes. */
export function backoffDelayMs(attempts: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);
}

const isQueuedFinish = (value: unknown): value is QueuedFinish =>
  isRecord(value) &&
  typeof value.gameId === "string" &&
  typeof value.queuedAt === "number" &&
  typeof value.attempts === "number" &&
  typeof value.nextAttemptAt === "number";

const isQueue = (value: unknown): value is QueuedFinish[] => Array.isArray(value) && value.every(isQueuedFinish);

export class FinishQueue {
  private listeners = new Set<() => void>();
  private flushing: Promise<number> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {}

  list(): QueuedFinish[] {
    return readJson(this.storage, STORAGE_KEYS.pendingFinishes, isQueue) ?? [];
  }

  get size(): number {
    return this.list().length;
  }

  /** Queues a game whose finish failed once already; the oldest entries go beyond 50. */
  enqueue(gameId: string): void {
    const now = this.now();
    const others = this.list().filter((item) => item.gameId !== gameId);
    const item: QueuedFinish = { gameId, queuedAt: now, attempts: 1, nextAttemptAt: now + backoffDelayMs(1) };
    this.save([...others, item].slice(-MAX_QUEUED));
  }

  /** The earliest time a queued finish is due, or null when the queue is empty. */
  nextDueAt(): number | null {
    const items = this.list();
    return items.length === 0 ? null : Math.min(...items.map((item) => item.nextAttemptAt));
  }

  /**
   * Sends the due entries (all of them when `force`), one at a time, and returns how many
   * are still waiting. Concurrent calls share one run.
   */
  flush(send: (gameId: string) => Promise<SendOutcome>, options: { force?: boolean } = {}): Promise<number> {
    this.flushing ??= this.runFlush(send, options.force ?? false).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async runFlush(send: (gameId: string) => Promise<SendOutcome>, force: boolean): Promise<number> {
    const due = this.list().filter((item) => force || item.nextAttemptAt <= this.now());
    for (const item of due) {
      let outcome: SendOutcome;
      try {
        outcome = await send(item.gameId);
      } catch {
        outcome = "retry";
      }
      // Re-read: the game screen may have queued another game meanwhile.
      const current = this.list();
      if (outcome === "retry") {
        const attempts = item.attempts + 1;
        this.save(
          current.map((entry) =>
            entry.gameId === item.gameId
              ? { ...entry, attempts, nextAttemptAt: this.now() + backoffDelayMs(attempts) }
              : entry,
          ),
        );
      } else {
        this.save(current.filter((entry) => entry.gameId !== item.gameId));
      }
    }
    return this.size;
  }

  private save(items: QueuedFinish[]): void {
    writeJson(this.storage, STORAGE_KEYS.pendingFinishes, items);
    this.listeners.forEach((listener) => listener());
  }
}
