import { describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient, describeError } from "./client";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("the API client", () => {
  it("posts JSON with consent and returns the parsed body", async () => {
    const fetchImpl = vi.fn(async () => json(201, { game: { gameId: "g1" } }));
    const client = createApiClient(fetchImpl);
    const { game } = await client.startGame({ mode: "daily", player: { name: "Jane", email: "jane@example.com" } });
    expect(game.gameId).toBe("g1");
    const [path, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/v1/games");
    expect(init.method).toBe("POST");
    expect(JSON.parse(String(init.body))).toEqual({
      mode: "daily",
      player: { name: "Jane", email: "jane@example.com" },
      consent: true,
    });
  });

  it("encodes ids and queries", async () => {
    const fetchImpl = vi.fn(async () => json(200, { results: [] }));
    const client = createApiClient(fetchImpl);
    await client.searchPlayers("o'brien & co");
    await client.guess("a/b", "x");
    expect(fetchImpl.mock.calls.map((call) => (call as unknown as [string])[0])).toEqual([
      "/api/v1/players/search?q=o'brien%20%26%20co",
      "/api/v1/games/a%2Fb/guesses",
    ]);
  });

  it("turns the error shape into an ApiError", async () => {
    const client = createApiClient(async () =>
      json(400, { error: { code: "invalid_field", message: "consent must be true", field: "consent" }, requestId: "r1" }),
    );
    const error = await client.hint("g1").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "invalid_field", field: "consent", requestId: "r1", retryable: false });
    expect(describeError(error)).toBe("consent must be true");
  });

  it("survives non-JSON error bodies", async () => {
    const client = createApiClient(async () => new Response("<html>Bad Gateway</html>", { status: 502 }));
    const error = await client.getGame("g1").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: "http_502", retryable: true });
    expect(describeError(error)).toMatch(/server had a problem/);
  });

  it("reports network failures as retryable with status 0", async () => {
    const client = createApiClient(async () => {
      throw new TypeError("Failed to fetch");
    });
    const error = await client.finish("g1").catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 0, code: "network", retryable: true });
    expect(describeError(error)).toMatch(/couldn't reach/);
  });

  it("rejects a 200 whose body is not JSON", async () => {
    const client = createApiClient(async () => new Response("ok", { status: 200 }));
    await expect(client.dailyPuzzle()).rejects.toMatchObject({ code: "bad_response" });
  });

  it("flags a share on the idempotent finish call", async () => {
    const fetchImpl = vi.fn(async () => json(200, { game: {}, result: {} }));
    await createApiClient(fetchImpl).finish("g1", { sharedOnSocial: true });
    const [, init] = fetchImpl.mock.calls[0] as unknown as [string, RequestInit];
    expect(JSON.parse(String(init.body))).toEqual({ sharedOnSocial: true });
  });

  it("describes statuses for people", () => {
    expect(describeError(new ApiError(404, "not_found", "x"))).toMatch(/couldn't find that game/);
    expect(describeError(new ApiError(409, "conflict", "x"))).toMatch(/already over/);
    expect(describeError(new ApiError(429, "rate_limited", "x"))).toMatch(/Too many requests/);
    expect(describeError(new Error("boom"))).toBe("Something went wrong. Please try again.");
  });
});
