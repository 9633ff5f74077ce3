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

const REQUEST_TIMEOUT_MS = 10_000;

/** Every failed call ends up here: HTTP errors, network failures, timeouts and bad bodies. */
export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when no response arrived. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Worth trying again later: nothing arrived, or the server or a dependency failed. */
  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** A sentence for people, never a stack trace or a bare status code. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return "Something went wrong. Please try again.";
  if (error.code === "network") return "We couldn't reach the Journeyman server. Check your connection and try again.";
  if (error.code === "timeout") return "The server took too long to answer. Please try again.";
  if (error.status === 429) return "Too many requests right now. Please wait a moment and try again.";
  if (error.status >= 500) return "The server had a problem. Please try again in a moment.";
  if (error.status === 404) return "We couldn't find that game. It may have expired; start a new one.";
  if (error.status === 409) return "That game or round is already over.";
  return error.message || "The request was refused. Please check your input.";
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

interface ErrorBody {
  error?: { code?: string; message?: string; field?: string };
  requestId?: string;
}

export function createApiClient(fetchImpl: FetchLike = (input, init) => fetch(input, init)) {
  async function request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetchImpl(path, {
        method,
        headers:
          method === "POST"
            ? { Accept: "application/json", "Content-Type": "application/json" }
            : { Accept: "application/json" },
        body: method === "POST" ? JSON.stringify(body ?? {}) : undefined,
        signal: controller.signal,
      });
    } catch (cause) {
      const timedOut = controller.signal.aborted;
      throw new ApiError(
        0,
        timedOut ? "timeout" : "network",
        timedOut ? "Request timed out" : `Network error: ${String(cause)}`,
      );
    } finally {
      clearTimeout(timer);
    }

    let parsed: unknown = null;
    const text = await response.text().catch(() => "");
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }

    if (!response.ok) {
      const errorBody = (parsed ?? {}) as ErrorBody;
      throw new ApiError(
        response.status,
        errorBody.error?.code ?? `http_${response.status}`,
        errorBody.error?.message ?? response.statusText ?? `HTTP ${response.status}`,
        errorBody.error?.field,
        errorBody.requestId,
      );
    }
    if (parsed === null || typeof parsed !== "object") {
      throw new ApiError(response.status, "bad_response", "The server sent an unreadable answer");
    }
    return parsed as T;
  }

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

export const api = createApiClient();
