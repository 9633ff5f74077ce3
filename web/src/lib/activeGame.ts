import type { GameMode } from "../api/types";
import type { RoundSummary } from "./share";
import { isRecord, readJson, removeKey, STORAGE_KEYS, writeJson } from "./storage";

/** The game in progress in this tab, so a reload resumes it instead of starting another. */
export interface ActiveGame {
  gameId: string;
  mode: GameMode;
  /** Archive date of a past daily, else null. */
  date: string | null;
  startedAt: number;
  rounds: RoundSummary[];
}

const isActiveGame = (value: unknown): value is ActiveGame =>
  isRecord(value) &&
  typeof value.gameId === "string" &&
  typeof value.mode === "string" &&
  typeof value.startedAt === "number" &&
  Array.isArray(value.rounds);

export function loadActiveGame(mode: GameMode, date: string | null): ActiveGame | null {
  const game = readJson(sessionStorage, STORAGE_KEYS.activeGame, isActiveGame);
  return game && game.mode === mode && game.date === date ? game : null;
}

export function saveActiveGame(game: ActiveGame): void {
  writeJson(sessionStorage, STORAGE_KEYS.activeGame, game);
}

export function clearActiveGame(): void {
  removeKey(sessionStorage, STORAGE_KEYS.activeGame);
}
