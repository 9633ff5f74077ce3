import { auth } from "./auth";
import { createRequester, type FetchLike } from "./http";
import type {
  ArchiveDay,
  DailyPuzzleInfo,
  GameMode,
  GameResult,
  GameView,
  Hint,
  Leaderboard,
  LeaderboardPeriod,
  PlayerIdentity,
  PlayerSuggestion,
  Verdict,
} from "./types";

export { ApiError, describeError } from "./http";

/** The game API. Signed-in players' calls carry their Bearer token, so games attach to the account. */
export function createApiClient(fetchImpl: FetchLike = (input, init) => fetch(input, init)) {
  const request = createRequester(fetchImpl);

  const gamePath = (gameId: string) => `/api/v1/games/${encodeURIComponent(gameId)}`;

  return {
    startGame(options: { mode: GameMode; player: PlayerIdentity; date?: string; rounds?: number }) {
      return request<{ game: GameView }>("POST", "/api/v1/games", { ...options, consent: true });
    },
    getGame(gameId: string) {
      return request<{ game: GameView }>("GET", gamePath(gameId));
    },
    guess(gameId: string, guess: string) {
      return request<{ verdict: Verdict; game: GameView }>("POST", `${gamePath(gameId)}/guesses`, { guess });
    },
    hint(gameId: string) {
      return request<{ hint: Hint; game: GameView }>("POST", `${gamePath(gameId)}/hints`);
    },
    giveUp(gameId: string) {
      return request<{ game: GameView }>("POST", `${gamePath(gameId)}/give-up`);
    },
    nextRound(gameId: string) {
      return request<{ game: GameView }>("POST", `${gamePath(gameId)}/next`);
    },
    /** Idempotent: a repeat returns the same result. `sharedOnSocial` flags a share made after the end. */
    finish(gameId: string, options: { sharedOnSocial?: boolean } = {}) {
      return request<{ game: GameView; result: GameResult }>(
        "POST",
        `${gamePath(gameId)}/finish`,
        options.sharedOnSocial ? { sharedOnSocial: true } : undefined,
      );
    },
    searchPlayers(query: string) {
      return request<{ results: PlayerSuggestion[] }>(
        "GET",
        `/api/v1/players/search?q=${encodeURIComponent(query)}`,
      );
    },
    dailyPuzzle() {
      return request<DailyPuzzleInfo>("GET", "/api/v1/puzzles/daily");
    },
    archive() {
      return request<{ days: ArchiveDay[] }>("GET", "/api/v1/puzzles/archive");
    },
    leaderboard(period: LeaderboardPeriod, mode: GameMode, limit = 10) {
      const query = new URLSearchParams({ period, mode, limit: String(limit) });
      return request<Leaderboard>("GET", `/api/v1/leaderboard?${query.toString()}`);
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

export const api = createApiClient(auth.fetch);
