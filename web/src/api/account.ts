// Calls about the signed-in person (/me, export, consents, deletion) and the admin audit log.
// All go through auth.fetch: Bearer token, one refresh and one retry on a 401.
import type { AuditPage, Consent, Job, OptionalConsentType, User } from "./accountTypes";
import { auth } from "./auth";
import { ApiError, createRequester, errorFromResponse, fetchWithTimeout, jsonFromResponse, type FetchLike } from "./http";

/** The export document as a file to save. */
export interface ExportFile {
  blob: Blob;
  filename: string;
}

export type ExportProgress = { phase: "requesting" } | { phase: "waiting"; job: Job } | { phase: "downloading" };

export interface AuditFilters {
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  /** YYYY-MM-DD, the start of that UTC day. */
  from?: string;
  /** YYYY-MM-DD, up to the end of that UTC day. */
  to?: string;
  limit?: number;
  offset?: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The audit query string: empty filters left out, days turned into ISO instants (UTC). */
export function auditQuery(filters: AuditFilters): string {
  const query = new URLSearchParams();
  for (const key of ["actor", "action", "resourceType", "resourceId"] as const) {
    const value = filters[key]?.trim();
    if (value) query.set(key, value);
  }
  if (filters.from && DAY.test(filters.from)) query.set("from", `${filters.from}T00:00:00.000Z`);
  if (filters.to && DAY.test(filters.to)) query.set("to", `${filters.to}T23:59:59.999Z`);
  if (filters.limit !== undefined) query.set("limit", String(Math.min(200, Math.max(1, Math.floor(filters.limit)))));
  if (filters.offset) query.set("offset", String(Math.max(0, Math.floor(filters.offset))));
  return query.toString();
}

/** `filename="journeyman-export-<id>.json"` from Content-Disposition, or a fallback. */
export function attachmentName(header: string | null, fallback: string): string {
  const match = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  const name = match?.[1] ? decodeURIComponent(match[1]) : "";
  // Only the last path segment: a header never chooses a folder.
  return name.split(/[\\/]/).pop() || fallback;
}

/** A same-origin absolute URL as a path, so it counts as our API (and gets the Bearer token). */
export function ownPath(url: string, origin = typeof location === "undefined" ? "" : location.origin): string {
  if (url.startsWith("/")) return url;
  try {
    const parsed = new URL(url);
    return parsed.origin === origin ? parsed.pathname + parsed.search : url;
  } catch {
    return url;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ExportOptions {
  onProgress?: (progress: ExportProgress) => void;
  /** Stops polling when it returns true (the page went away). */
  cancelled?: () => boolean;
  pollIntervalMs?: number;
  maxWaitMs?: number;
}

export function createAccountApi(fetchImpl: FetchLike = auth.fetch) {
  const request = createRequester(fetchImpl);

  async function fileFrom(response: Response, fallback: string): Promise<ExportFile> {
    const blob = await response.blob();
    return {
      blob: blob.type ? blob : new Blob([blob], { type: "application/json" }),
      filename: attachmentName(response.headers.get("Content-Disposition"), fallback),
    };
  }

  // Building an export can take a while before the first byte.
  async function get(path: string): Promise<Response> {
    const init = { method: "GET", headers: { Accept: "application/json" } };
    const response = await fetchWithTimeout(fetchImpl, path, init, 60_000);
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }

  return {
    me() {
      return request<{ user: User }>("GET", "/api/v1/me");
    },

    /** GET /me/export: the document at once (200), or a job to poll until it is ready (202). */
    async exportData(userId: string, options: ExportOptions = {}): Promise<ExportFile> {
      const { onProgress, cancelled = () => false, pollIntervalMs = 2000, maxWaitMs = 10 * 60_000 } = options;
      const fallback = `journeyman-export-${userId}.json`;
      onProgress?.({ phase: "requesting" });
      const first = await get("/api/v1/me/export");
      if (first.status !== 202) return fileFrom(first, fallback);

      let { job } = await jsonFromResponse<{ job: Job & { statusUrl?: string } }>(first);
      const statusUrl = ownPath(job.statusUrl ?? `/api/v1/jobs/${encodeURIComponent(job.id)}`);
      const deadline = Date.now() + maxWaitMs;
      while (job.status !== "done") {
        if (job.status === "failed") throw new ApiError(200, "export_failed", "The export could not be prepared.");
        if (Date.now() > deadline) throw new ApiError(0, "timeout", "The export is taking too long.");
        onProgress?.({ phase: "waiting", job });
        await sleep(pollIntervalMs);
        if (cancelled()) throw new ApiError(0, "cancelled", "Cancelled");
        job = await request<Job>("GET", statusUrl);
      }
      if (!job.downloadUrl) throw new ApiError(200, "bad_response", "The export is ready but has no download link.");
      onProgress?.({ phase: "downloading" });
      return fileFrom(await get(ownPath(job.downloadUrl)), fallback);
    },

    /** Erases the account; the server clears the session cookies. */
    deleteAccount() {
      return request<{ deleted: boolean; deletionId: string }>("DELETE", "/api/v1/me", { confirm: "DELETE" });
    },

    consents() {
      return request<{ consents: Consent[] }>("GET", "/api/v1/me/consents");
    },

    setConsents(changes: Partial<Record<OptionalConsentType, boolean>>) {
      return request<{ consents: Consent[] }>("PUT", "/api/v1/me/consents", changes);
    },

    audit(filters: AuditFilters) {
      const query = auditQuery(filters);
      return request<AuditPage>("GET", `/api/v1/admin/audit${query ? `?${query}` : ""}`);
    },
  };
}

export type AccountApi = ReturnType<typeof createAccountApi>;

export const accountApi = createAccountApi();

/** Saves a Blob as a file through a temporary link (works under the app's CSP). */
export function saveFile({ blob, filename }: ExportFile): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
