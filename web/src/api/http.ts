// The one place that turns fetch into typed JSON answers or ApiErrors, shared by the game
// client (client.ts), the auth session (auth.ts) and the account calls (account.ts).

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
    /** From a Retry-After header (429, 503), in seconds. */
    readonly retryAfterSeconds?: number,
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

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

interface ErrorBody {
  error?: { code?: string; message?: string; field?: string };
  requestId?: string;
}

/** Seconds from a Retry-After header: either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / 1000)) : undefined;
}

/** fetch with a timeout; failures to get any answer become ApiError(0, "network" | "timeout"). */
export async function fetchWithTimeout(
  fetchImpl: FetchLike,
  path: string,
  init: RequestInit,
  timeoutMs = REQUEST_TIMEOUT_MS,
): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetchImpl(path, { ...init, signal: controller.signal });
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
}

async function readJsonBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => "");
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The error shape of the API (or whatever arrived instead) as an ApiError. */
export async function errorFromResponse(response: Response): Promise<ApiError> {
  const body = ((await readJsonBody(response)) ?? {}) as ErrorBody;
  return new ApiError(
    response.status,
    body.error?.code ?? `http_${response.status}`,
    body.error?.message ?? response.statusText ?? `HTTP ${response.status}`,
    body.error?.field,
    body.requestId,
    parseRetryAfter(response.headers.get("Retry-After")),
  );
}

/** A JSON object from a successful response; anything else is a "bad_response" ApiError. */
export async function jsonFromResponse<T>(response: Response): Promise<T> {
  const parsed = await readJsonBody(response);
  if (parsed === null || typeof parsed !== "object") {
    throw new ApiError(response.status, "bad_response", "The server sent an unreadable answer");
  }
  return parsed as T;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  credentials?: RequestCredentials;
}

/** Sends one JSON request and returns the raw response when it is a 2xx; throws ApiError otherwise. */
export async function sendJson(
  fetchImpl: FetchLike,
  method: HttpMethod,
  path: string,
  options: RequestOptions = {},
): Promise<Response> {
  const hasBody = options.body !== undefined || method === "POST";
  const response = await fetchWithTimeout(fetchImpl, path, {
    method,
    headers: {
      Accept: "application/json",
      ...(hasBody ? { "Content-Type": "application/json" } : {}),
      ...options.headers,
    },
    body: hasBody ? JSON.stringify(options.body ?? {}) : undefined,
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  if (!response.ok) throw await errorFromResponse(response);
  return response;
}

/** Binds a fetch to `request<T>(method, path, body?)`, which returns the parsed JSON object. */
export function createRequester(fetchImpl: FetchLike) {
  return async function request<T>(method: HttpMethod, path: string, body?: unknown): Promise<T> {
    const response = await sendJson(fetchImpl, method, path, body === undefined ? {} : { body });
    return jsonFromResponse<T>(response);
  };
}
