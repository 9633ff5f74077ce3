/**
 * A reconnecting client for the live feed: exponential backoff with full jitter between
 * attempts, and resume — a reconnect asks for ?since=<last seq seen>, so the server replays
 * what was missed while the socket was down (if it still holds it).
 */
import { parseLiveEvent, type LiveEvent } from "./events";

export type LiveStatus = "connecting" | "open" | "down";

/** The part of the browser's WebSocket this client uses (tests pass a fake). */
export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface LiveFeedOptions {
  /** ws(s)://host/ws without a query. */
  url: string;
  channel?: "public" | "analyst";
  onEvent: (event: LiveEvent) => void;
  onStatus?: (status: LiveStatus) => void;
  /** The analyst channel's credential for ?token=, read before every connect (it may have been refreshed). */
  token?: () => string | null;
  /**
   * After a policy refusal (1008, e.g. an expired token): get fresh credentials; resolving true
   * reconnects once more. Without it, or when it resolves false, the client gives up.
   */
  renewToken?: () => Promise<boolean>;
  /** Called when the client gives up after a refusal (it will not reconnect by itself). */
  onRefused?: () => void;
  createSocket?: (url: string) => SocketLike;
  /** [0, 1); Math.random by default. */
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export const BASE_DELAY_MS = 1000;
export const MAX_DELAY_MS = 60_000;

/**
 * The wait before reconnect attempt `attempt` (1-based): a random point in
 * [0, min(max, base · 2^(attempt−1))] ("full jitter"), so clients dropped together by a
 * restart do not all come back in the same instant.
 */
export function backoffDelayMs(attempt: number, random: () => number, baseMs = BASE_DELAY_MS, maxMs = MAX_DELAY_MS): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** The feed's address on the page's own host: ws://host/ws or wss://host/ws. */
export function liveFeedUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
}

export class LiveFeedClient {
  private socket: SocketLike | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempts = 0;
  private lastSeq: number | null = null;
  private stopped = true;
  /** A renewal after a refusal was already tried and no hello has arrived since. */
  private renewed = false;
  private readonly options: Required<Omit<LiveFeedOptions, "onStatus" | "token" | "renewToken" | "onRefused">> &
    Pick<LiveFeedOptions, "onStatus" | "token" | "renewToken" | "onRefused">;

  constructor(options: LiveFeedOptions) {
    this.options = {
      channel: "public",
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      random: Math.random,
      baseDelayMs: BASE_DELAY_MS,
      maxDelayMs: MAX_DELAY_MS,
      ...options,
    };
  }

  /** The seq of the last event received (what a reconnect resumes from). */
  get seq(): number | null {
    return this.lastSeq;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onclose = null;
      socket.onmessage = null;
      socket.close(1000, "leaving");
    }
  }

  private url(): string {
    const params = new URLSearchParams({ channel: this.options.channel });
    if (this.lastSeq !== null) params.set("since", String(this.lastSeq));
    const token = this.options.token?.();
    if (token) params.set("token", token);
    return `${this.options.url}?${params.toString()}`;
  }

  private connect(): void {
    this.options.onStatus?.("connecting");
    let socket: SocketLike;
    try {
      socket = this.options.createSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => undefined;
    socket.onerror = () => undefined; // a close follows
    socket.onmessage = (message) => {
      if (typeof message.data !== "string") return;
      const event = parseLiveEvent(message.data);
      if (!event) return;
      if (event.type === "hello") {
        this.attempts = 0; // a working connection resets the backoff
        this.renewed = false;
        // A feed that restarted (its seq went backwards) cannot resume our old position.
        if (this.lastSeq !== null && event.seq < this.lastSeq) this.lastSeq = event.seq;
        this.options.onStatus?.("open");
      } else {
        this.lastSeq = event.seq;
      }
      this.options.onEvent(event);
    };
    socket.onclose = (close) => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.options.onStatus?.("down");
      // 1008: not allowed (no or an expired analyst token): only fresh credentials can help.
      if (close.code === 1008) {
        this.renewAfterRefusal();
        return;
      }
      this.scheduleReconnect();
    };
  }

  /** One fresh token per refusal; a second refusal in a row (or no way to renew) ends the feed. */
  private renewAfterRefusal(): void {
    const renew = this.options.renewToken;
    if (!renew || this.renewed) {
      this.giveUp();
      return;
    }
    this.renewed = true;
    renew().then(
      (ok) => {
        if (!ok) this.giveUp();
        else this.scheduleReconnect();
      },
      () => this.scheduleReconnect(), // could not ask (offline): the backoff keeps trying
    );
  }

  private giveUp(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.options.onRefused?.();
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    this.attempts += 1;
    const delay = backoffDelayMs(this.attempts, this.options.random, this.options.baseDelayMs, this.options.maxDelayMs);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.connect();
    }, delay);
  }
}
