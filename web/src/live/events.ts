/** The live feed's messages (GET /ws?channel=public): see src/api/live_events.cpp. */

export interface HelloEvent {
  type: "hello";
  channel: string;
  seq: number;
  heartbeatSeconds: number;
  since?: number;
  replayed?: number;
  /** false: some events after `since` were no longer held by the server. */
  complete?: boolean;
}

export interface GameFinishedEvent {
  type: "game_finished";
  seq: number;
  mode: "easy" | "challenge" | "daily" | "practice";
  score: number;
  solved: number;
  rounds: number;
  /** Teams shown when a one-round game (a daily) was solved; null otherwise. */
  teamsRevealed: number | null;
  durationSeconds: number;
  puzzleNumber: number | null;
  archive: boolean;
  at: string;
}

export interface CountersEvent {
  type: "counters";
  seq: number;
  gamesFinishedToday: number;
  gamesFinishedSinceStart: number;
  listeners: number;
  at: string;
}

export type LiveEvent = HelloEvent | GameFinishedEvent | CountersEvent;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Parses one message; null for anything that is not a known, well-formed event. */
export function parseLiveEvent(text: string): LiveEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || typeof value.seq !== "number") return null;
  switch (value.type) {
    case "hello":
      return typeof value.channel === "string" ? (value as unknown as HelloEvent) : null;
    case "game_finished":
      return typeof value.mode === "string" && typeof value.solved === "number"
        ? (value as unknown as GameFinishedEvent)
        : null;
    case "counters":
      return typeof value.gamesFinishedToday === "number" ? (value as unknown as CountersEvent) : null;
    default:
      return null;
  }
}

const MODE_NAMES: Record<GameFinishedEvent["mode"], string> = {
  easy: "an easy game",
  challenge: "a challenge game",
  daily: "the daily",
  practice: "a practice game",
};

/** One anonymous sentence for the ticker: "Someone solved today's daily in 3 teams". */
export function describeFinishedGame(event: GameFinishedEvent): string {
  if (event.mode === "daily") {
    const which = event.archive && event.puzzleNumber != null ? `daily #${event.puzzleNumber}` : "today's daily";
    if (event.solved > 0) {
      const teams = event.teamsRevealed;
      return teams != null ? `Someone solved ${which} in ${teams} ${teams === 1 ? "team" : "teams"}` : `Someone solved ${which}`;
    }
    return `Someone was stumped by ${which}`;
  }
  return `Someone finished ${MODE_NAMES[event.mode]}: ${event.solved} of ${event.rounds} solved`;
}
