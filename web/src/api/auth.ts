// The signed-in session: register, login, refresh, logout, and a fetch that carries the Bearer
// token. The access token lives in this module's memory only (never Web Storage), so a reload
// restores the session with the httpOnly refresh cookie instead ("silent refresh").
import type { SessionResponse, User } from "./accountTypes";
import { ApiError, jsonFromResponse, sendJson, type FetchLike } from "./http";

export type AuthStatus = "checking" | "signedIn" | "signedOut";

export interface AuthSnapshot {
  status: AuthStatus;
  user: User | null;
}

/** Runs `task` while no other tab of this origin runs one under the same name. */
export type ExclusiveRunner = <T>(task: () => Promise<T>) => Promise<T>;

export interface AuthClientOptions {
  fetchImpl?: FetchLike;
  /** `document.cookie`, or a test's stand-in. */
  readCookies?: () => string;
  exclusive?: ExclusiveRunner;
}

export const CSRF_COOKIE = "jm_csrf";
const REFRESH_LOCK = "journeyman-auth-refresh";

export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(";")) {
    const separator = part.indexOf("=");
    if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

/**
 * The refresh token rotates and a reused one revokes every session of the login, so two tabs
 * must never refresh with the same cookie: Web Locks serialise them (each reads the cookie the
 * previous one set). Browsers without Web Locks fall back to this tab's own single flight.
 */
const webLockRunner: ExclusiveRunner = (task) => {
  const locks = typeof navigator === "undefined" ? undefined : navigator.locks;
  return locks ? locks.request(REFRESH_LOCK, task) : task();
};

/** Only our own API gets the token: relative paths on this origin. */
const isOwnApiPath = (input: string) => input.startsWith("/") && !input.startsWith("//");

function isSessionResponse(value: unknown): value is SessionResponse {
  const session = value as SessionResponse;
  return typeof session?.accessToken === "string" && typeof session.user?.id === "string";
}

export function createAuthClient(options: AuthClientOptions = {}) {
  const fetchImpl: FetchLike = options.fetchImpl ?? ((input, init) => fetch(input, init));
  const readCookies = options.readCookies ?? (() => (typeof document === "undefined" ? "" : document.cookie));
  const exclusive = options.exclusive ?? webLockRunner;

  let accessToken: string | null = null;
  // The cookie is the source of truth for the double-submit check; this covers a cookie jar
  // that hides it (the server sends the same value in the body).
  let csrfToken: string | null = null;
  let snapshot: AuthSnapshot = { status: "signedOut", user: null };
  let refreshing: Promise<boolean> | null = null;
  const listeners = new Set<() => void>();

  function publish(next: AuthSnapshot) {
    snapshot = next;
    for (const listener of listeners) listener();
  }

  function adopt(session: SessionResponse) {
    accessToken = session.accessToken;
    csrfToken = session.csrfToken ?? null;
    publish({ status: "signedIn", user: session.user });
  }

  function clear() {
    accessToken = null;
    csrfToken = null;
    publish({ status: "signedOut", user: null });
  }

  function csrfHeader(): Record<string, string> {
    const token = readCookie(readCookies(), CSRF_COOKIE) ?? csrfToken;
    return token ? { "X-CSRF-Token": token } : {};
  }

  async function sessionFrom(response: Response): Promise<SessionResponse> {
    const session = await jsonFromResponse<unknown>(response);
    if (!isSessionResponse(session)) {
      throw new ApiError(response.status, "bad_response", "The server sent an unreadable answer");
    }
    adopt(session);
    return session;
  }

  /** One refresh at a time, in this tab and across tabs. Resolves true when signed in. */
  function refresh(): Promise<boolean> {
    refreshing ??= exclusive(async () => {
      try {
        const response = await sendJson(fetchImpl, "POST", "/api/v1/auth/refresh", {
          headers: csrfHeader(),
          credentials: "same-origin",
        });
        await sessionFrom(response);
        return true;
      } catch (error) {
        // 401 invalid_refresh or 403 csrf_failed: this session is over. Anything else (network,
        // 5xx) says nothing about the session, so the caller decides.
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          clear();
          return false;
        }
        throw error;
      }
    }).finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  /** fetch for our API: adds the Bearer token; on a 401 refreshes once and retries once. */
  async function authorizedFetch(input: string, init: RequestInit = {}): Promise<Response> {
    // A restore or refresh in flight is about to produce the token this call should carry.
    if (refreshing) await refreshing.catch(() => false);
    const withToken = (token: string | null): RequestInit => {
      if (!token || !isOwnApiPath(input)) return init;
      const headers = new Headers(init.headers);
      headers.set("Authorization", `Bearer ${token}`);
      return { ...init, headers };
    };
    const sentToken = accessToken;
    const response = await fetchImpl(input, withToken(sentToken));
    if (response.status !== 401 || !sentToken || !isOwnApiPath(input)) return response;
    // Another call may have refreshed already while this one was on its way.
    if (accessToken === sentToken) {
      try {
        await refresh();
      } catch {
        return response;
      }
    }
    // Signed in again: the new token. Refresh refused: signed out, so the call goes as a visitor.
    return fetchImpl(input, withToken(accessToken));
  }

  const client = {
    getSnapshot: (): AuthSnapshot => snapshot,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Whether a Bearer token is held (the token itself never leaves this module). */
    hasAccessToken: () => accessToken !== null,
    /**
     * The one exception to "the token never leaves this module": a browser WebSocket cannot send
     * an Authorization header, so the analyst live feed carries it as ?token= (same origin only).
     */
    liveFeedToken: (): string | null => accessToken,
    fetch: authorizedFetch,
    refresh,

    /** On app start: a jm_csrf cookie means a refresh cookie may be waiting, so try it once. */
    async restore(): Promise<void> {
      if (snapshot.status !== "signedOut" || !readCookie(readCookies(), CSRF_COOKIE)) return;
      publish({ status: "checking", user: null });
      try {
        await refresh();
      } catch {
        // Server unreachable: carry on as a visitor; the next load tries again.
        // (read through getSnapshot: the narrowing above is stale after the await)
        if (client.getSnapshot().status === "checking") publish({ status: "signedOut", user: null });
      }
    },

    async register(input: { name: string; email: string; password: string }): Promise<SessionResponse> {
      const response = await sendJson(fetchImpl, "POST", "/api/v1/auth/register", {
        body: input,
        credentials: "same-origin",
      });
      return sessionFrom(response);
    },

    async login(input: { email: string; password: string }): Promise<SessionResponse> {
      const response = await sendJson(fetchImpl, "POST", "/api/v1/auth/login", {
        body: input,
        credentials: "same-origin",
      });
      return sessionFrom(response);
    },

    /** Ends the session on the server and here. Local state is cleared even if the server call fails. */
    async logout(): Promise<void> {
      if (refreshing) await refreshing.catch(() => false);
      try {
        // Under the refresh lock: a rotation in another tab must not make this cookie stale.
        await exclusive(() =>
          sendJson(fetchImpl, "POST", "/api/v1/auth/logout", { headers: csrfHeader(), credentials: "same-origin" }),
        );
      } catch (error) {
        // 401: the session had already ended on the server, which is what we wanted.
        if (!(error instanceof ApiError && error.status === 401)) {
          clear();
          throw error;
        }
      }
      clear();
    },

    /** The server has already ended the session (account deleted): forget it here. */
    endSession: clear,

    /** A fresher copy of the user (GET /me). */
    updateUser(user: User): void {
      if (snapshot.status === "signedIn") publish({ status: "signedIn", user });
    },
  };
  return client;
}

export type AuthClient = ReturnType<typeof createAuthClient>;

export const auth = createAuthClient();
