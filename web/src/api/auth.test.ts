// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAuthClient, readCookie, type ExclusiveRunner } from "./auth";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const USER = {
  id: "6f1c2e1a-0000-4000-8000-000000000001",
  name: "Jane Doe",
  email: "jane@example.com",
  role: "player",
  emailVerified: false,
  createdAt: "2025-01-02T03:04:05Z",
};

const session = (accessToken: string) => json(200, { user: USER, accessToken, expiresIn: 900, csrfToken: "csrf-body" });

interface Call {
  path: string;
  method: string;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  body: string | undefined;
}

/** A fake server: answers by "METHOD path" from a queue of responders, recording every call. */
function fakeServer(routes: Record<string, Array<(call: Call) => Response>>) {
  const calls: Call[] = [];
  const fetchImpl = vi.fn(async (path: string, init: RequestInit = {}) => {
    const call: Call = {
      path,
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      credentials: init.credentials,
      body: typeof init.body === "string" ? init.body : undefined,
    };
    calls.push(call);
    const queue = routes[`${call.method} ${path}`];
    const responder = queue && (queue.length > 1 ? queue.shift() : queue[0]);
    if (!responder) throw new Error(`unexpected ${call.method} ${path}`);
    return responder(call);
  });
  return { fetchImpl, calls, callsTo: (key: string) => calls.filter((call) => `${call.method} ${call.path}` === key) };
}

function client(server: ReturnType<typeof fakeServer>, cookies = "jm_csrf=csrf-cookie") {
  const exclusive = { runs: 0 };
  const runner: ExclusiveRunner = (task) => {
    exclusive.runs += 1;
    return task();
  };
  const auth = createAuthClient({ fetchImpl: server.fetchImpl, readCookies: () => cookies, exclusive: runner });
  return { auth, exclusive };
}

afterEach(() => {
  localStorage.clear();
  sessionStorage.clear();
});

describe("the auth client", () => {
  it("signs in, keeps the access token in memory only, and sends it as a Bearer token", async () => {
    const setItem = vi.spyOn(Storage.prototype, "setItem");
    const server = fakeServer({
      "POST /api/v1/auth/login": [() => session("token-1")],
      "GET /api/v1/me": [() => json(200, { user: USER })],
    });
    const { auth } = client(server);
    await auth.login({ email: "jane@example.com", password: "correct horse" });
    expect(auth.getSnapshot()).toEqual({ status: "signedIn", user: USER });

    const login = server.callsTo("POST /api/v1/auth/login")[0];
    expect(login?.credentials).toBe("same-origin");
    expect(JSON.parse(login?.body ?? "")).toEqual({ email: "jane@example.com", password: "correct horse" });

    await auth.fetch("/api/v1/me");
    expect(server.callsTo("GET /api/v1/me")[0]?.headers.get("Authorization")).toBe("Bearer token-1");

    expect(setItem).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect(sessionStorage.length).toBe(0);
    expect(document.cookie).not.toContain("token-1");
  });

  it("refreshes with the jm_csrf cookie as X-CSRF-Token and same-origin credentials", async () => {
    const server = fakeServer({ "POST /api/v1/auth/refresh": [() => session("token-2")] });
    const { auth, exclusive } = client(server, "theme=dark; jm_csrf=abc%3D%3D; other=1");
    expect(await auth.refresh()).toBe(true);
    const [refresh] = server.callsTo("POST /api/v1/auth/refresh");
    expect(refresh?.headers.get("X-CSRF-Token")).toBe("abc==");
    expect(refresh?.credentials).toBe("same-origin");
    expect(exclusive.runs).toBe(1);
    expect(auth.getSnapshot().status).toBe("signedIn");
  });

  it("on a 401 refreshes once and retries the call once with the new token", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": [() => session("old")],
      "POST /api/v1/auth/refresh": [() => session("new")],
      "GET /api/v1/me/consents": [
        (call) =>
          call.headers.get("Authorization") === "Bearer new"
            ? json(200, { consents: [] })
            : json(401, { error: { code: "unauthorized", message: "expired" } }),
      ],
    });
    const { auth } = client(server);
    await auth.login({ email: "jane@example.com", password: "correct horse" });
    const response = await auth.fetch("/api/v1/me/consents");
    expect(response.status).toBe(200);
    expect(server.callsTo("POST /api/v1/auth/refresh")).toHaveLength(1);
    expect(server.callsTo("GET /api/v1/me/consents").map((call) => call.headers.get("Authorization"))).toEqual([
      "Bearer old",
      "Bearer new",
    ]);
  });

  it("retries only once: a second 401 is returned as it is", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": [() => session("old")],
      "POST /api/v1/auth/refresh": [() => session("new")],
      "GET /api/v1/me": [() => json(401, { error: { code: "unauthorized", message: "no" } })],
    });
    const { auth } = client(server);
    await auth.login({ email: "jane@example.com", password: "correct horse" });
    expect((await auth.fetch("/api/v1/me")).status).toBe(401);
    expect(server.callsTo("GET /api/v1/me")).toHaveLength(2);
    expect(server.callsTo("POST /api/v1/auth/refresh")).toHaveLength(1);
  });

  it("refreshes once for several calls that fail together (a reused refresh token revokes everything)", async () => {
    let releaseRefresh: () => void = () => undefined;
    const refreshed = new Promise<void>((resolve) => (releaseRefresh = resolve));
    const server = fakeServer({
      "POST /api/v1/auth/login": [() => session("old")],
      "GET /api/v1/games/g1": [
        (call) => (call.headers.get("Authorization") === "Bearer new" ? json(200, {}) : json(401, {})),
      ],
    });
    const slowRefresh = vi.fn(async () => {
      await refreshed;
      return session("new");
    });
    const fetchImpl = vi.fn(async (path: string, init?: RequestInit) =>
      path === "/api/v1/auth/refresh" ? slowRefresh() : server.fetchImpl(path, init),
    );
    const auth = createAuthClient({ fetchImpl, readCookies: () => "jm_csrf=c", exclusive: (task) => task() });
    await auth.login({ email: "jane@example.com", password: "correct horse" });
    const all = Promise.all([auth.fetch("/api/v1/games/g1"), auth.fetch("/api/v1/games/g1"), auth.fetch("/api/v1/games/g1")]);
    await vi.waitFor(() => expect(slowRefresh).toHaveBeenCalled());
    releaseRefresh();
    expect((await all).map((response) => response.status)).toEqual([200, 200, 200]);
    expect(slowRefresh).toHaveBeenCalledTimes(1);
  });

  it("signs out when the refresh is refused, and the retry goes without a token", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": [() => session("old")],
      "POST /api/v1/auth/refresh": [() => json(401, { error: { code: "invalid_refresh", message: "reused" } })],
      "POST /api/v1/games": [(call) => json(call.headers.has("Authorization") ? 401 : 201, { game: {} })],
    });
    const { auth } = client(server);
    await auth.login({ email: "jane@example.com", password: "correct horse" });
    const response = await auth.fetch("/api/v1/games", { method: "POST", headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(201);
    expect(auth.getSnapshot()).toEqual({ status: "signedOut", user: null });
    const retry = server.callsTo("POST /api/v1/games")[1];
    expect(retry?.headers.has("Authorization")).toBe(false);
    expect(retry?.headers.get("Content-Type")).toBe("application/json");
  });

  it("never sends the token to another origin", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": [() => session("secret")],
      "GET https://elsewhere.example/x": [() => json(200, {})],
      "GET //elsewhere.example/y": [() => json(200, {})],
    });
    const { auth } = client(server);
    await auth.login({ email: "jane@example.com", password: "correct horse" });
    await auth.fetch("https://elsewhere.example/x");
    await auth.fetch("//elsewhere.example/y");
    expect(server.calls.slice(1).some((call) => call.headers.has("Authorization"))).toBe(false);
  });

  it("restores the session on start only when the jm_csrf cookie exists", async () => {
    const none = fakeServer({});
    const { auth: visitor } = client(none, "theme=dark");
    await visitor.restore();
    expect(none.calls).toHaveLength(0);
    expect(visitor.getSnapshot().status).toBe("signedOut");

    const server = fakeServer({ "POST /api/v1/auth/refresh": [() => session("restored")] });
    const { auth } = client(server);
    const restoring = auth.restore();
    expect(auth.getSnapshot().status).toBe("checking");
    await restoring;
    expect(auth.getSnapshot()).toEqual({ status: "signedIn", user: USER });
  });

  it("waits for a restore in flight so the first game call already carries the token", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/refresh": [() => session("restored")],
      "GET /api/v1/puzzles/daily": [() => json(200, {})],
    });
    const { auth } = client(server);
    void auth.restore();
    await auth.fetch("/api/v1/puzzles/daily");
    expect(server.callsTo("GET /api/v1/puzzles/daily")[0]?.headers.get("Authorization")).toBe("Bearer restored");
  });

  it("carries on as a visitor when the server cannot be reached on start", async () => {
    const { auth } = client({ fetchImpl: vi.fn(async () => Promise.reject(new TypeError("offline"))), calls: [], callsTo: () => [] });
    await auth.restore();
    expect(auth.getSnapshot().status).toBe("signedOut");
  });

  it("signs out with the CSRF header, and forgets the session even when the server cannot be told", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": [() => session("t")],
      "POST /api/v1/auth/logout": [() => new Response(null, { status: 204 })],
    });
    const { auth } = client(server);
    await auth.login({ email: "jane@example.com", password: "correct horse" });
    await auth.logout();
    const [logout] = server.callsTo("POST /api/v1/auth/logout");
    expect(logout?.headers.get("X-CSRF-Token")).toBe("csrf-cookie");
    expect(logout?.credentials).toBe("same-origin");
    expect(auth.getSnapshot().status).toBe("signedOut");
    expect(auth.hasAccessToken()).toBe(false);

    const down = fakeServer({
      "POST /api/v1/auth/login": [() => session("t")],
      "POST /api/v1/auth/logout": [() => json(503, { error: { code: "unavailable", message: "down" } })],
    });
    const { auth: second } = client(down);
    await second.login({ email: "jane@example.com", password: "correct horse" });
    await expect(second.logout()).rejects.toMatchObject({ status: 503 });
    expect(second.getSnapshot().status).toBe("signedOut");
  });

  it("uses the csrfToken from the last session when the cookie cannot be read", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": [() => session("t")],
      "POST /api/v1/auth/refresh": [() => session("t2")],
    });
    const { auth } = client(server, "");
    await auth.login({ email: "jane@example.com", password: "correct horse" });
    await auth.refresh();
    expect(server.callsTo("POST /api/v1/auth/refresh")[0]?.headers.get("X-CSRF-Token")).toBe("csrf-body");
  });

  it("turns refusals into ApiErrors with the field and the Retry-After wait", async () => {
    const server = fakeServer({
      "POST /api/v1/auth/login": [
        () => json(429, { error: { code: "account_locked", message: "locked" } }, { "Retry-After": "840" }),
      ],
      "POST /api/v1/auth/register": [
        () => json(400, { error: { code: "invalid_field", message: "too short", field: "password" }, requestId: "r1" }),
      ],
    });
    const { auth } = client(server);
    await expect(auth.login({ email: "a@b.co", password: "x" })).rejects.toMatchObject({
      status: 429,
      code: "account_locked",
      retryAfterSeconds: 840,
    });
    await expect(auth.register({ name: "A", email: "a@b.co", password: "x" })).rejects.toMatchObject({
      status: 400,
      field: "password",
      requestId: "r1",
    });
    expect(auth.getSnapshot().status).toBe("signedOut");
  });
});

describe("readCookie", () => {
  it("finds one cookie among several and decodes it", () => {
    expect(readCookie("a=1; jm_csrf=x%2By; b=2", "jm_csrf")).toBe("x+y");
    expect(readCookie("xjm_csrf=1", "jm_csrf")).toBeNull();
    expect(readCookie("", "jm_csrf")).toBeNull();
  });
});
