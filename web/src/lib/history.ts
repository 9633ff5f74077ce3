import type { GameMode } from "../api/types";
import type { RoundSummary } from "./share";
import { isRecord, readJson, STORAGE_KEYS, writeJson } from "./storage";

/** One finished game as kept on this device for the profile page. */
export interface FinishedGame {
  gameId: string;
  mode: GameMode;
  /** The puzzle's date for dailies, else the UTC day the game ended. */
  day: string;
  archive: boolean;
  puzzleNumber: number | null;
  finishedAt: string;
  /** Points from the server, or null while the result waits in the upload queue. */
  score: number | null;
  solved: number;
  roundCount: number;
  durationSeconds: number;
  rounds: RoundSummary[];
}

const HISTORY_LIMIT = 200;

const isFinishedGame = (value: unknown): value is FinishedGame =>
  isRecord(value) && typeof value.gameId === "string" && typeof value.mode === "string" && typeof value.day === "string";

const isHistory = (value: unknown): value is FinishedGame[] => Array.isArray(value) && value.every(isFinishedGame);

export function loadHistory(storage: Storage = localStorage): FinishedGame[] {
  return readJson(storage, STORAGE_KEYS.history, isHistory) ?? [];
}

/** Adds or replaces (by game id) a finished game, newest first. */
export function recordGame(game: FinishedGame, storage: Storage = localStorage): void {
  const others = loadHistory(storage).filter((entry) => entry.gameId !== game.gameId);
  writeJson(storage, STORAGE_KEYS.history, [game, ...others].slice(0, HISTORY_LIMIT));
}

/** Fills in the server's score once a queued result has been uploaded. */
export function setRecordedScore(gameId: string, score: number, storage: Storage = localStorage): void {
  const history = loadHistory(storage);
  if (!history.some((entry) => entry.gameId === gameId)) return;
  writeJson(
    storage,
    STORAGE_KEYS.history,
    history.map((entry) => (entry.gameId === gameId ? { ...entry, score } : entry)),
  );
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/**
 * Daily streaks from local history: consecutive UTC days with a solved daily (archive games
 * do not count). The current streak is alive while its last day is today or yesterday.
 */
export function computeStreak(history: FinishedGame[], today: string): { current: number; best: number } {
  const days = [
    ...new Set(
      history
        .filter((game) => game.mode === "daily" && !game.archive && game.solved > 0)
        .map((game) => dayNumber(game.day)),
    ),
  ]
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  let previous = Number.NaN;
  for (const day of days) {
    run = day === previous + 1 ? run + 1 : 1;
    best = Math.max(best, run);
    previous = day;
  }
  const last = days.at(-1);
  const alive = last !== undefined && dayNumber(today) - last <= 1;
  return { current: alive ? run : 0, best };
}
