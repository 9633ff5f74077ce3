// Calls of the operator dashboard: /api/v1/analytics/*, the compatible POST /export-analytics
// and the export job it starts. All go through auth.fetch (Bearer token, one refresh on a 401).
import { attachmentName, ownPath, type ExportFile } from "./account";
import type {
  AnalyticsRange,
  AnalyticsSummary,
  AnalyticsTimeseries,
  CareerSort,
  CareersPage,
  ExportAccepted,
  ExportJob,
} from "./analyticsTypes";
import { auth } from "./auth";
import {
  ApiError,
  createRequester,
  errorFromResponse,
  fetchWithTimeout,
  jsonFromResponse,
  type FetchLike,
} from "./http";

/** `from`, `to` and `mode` (when one is chosen) as a query string. */
export function rangeQuery(range: AnalyticsRange): string {
  const query = new URLSearchParams({ from: range.from, to: range.to });
  if (range.mode) query.set("mode", range.mode);
  return query.toString();
}

export interface CareersQuery {
  sort: CareerSort;
  limit: number;
  offset: number;
  minShown?: number;
}

/**
 * The compatible paths answer errors in the original's style, {success:false, error:"text",
 * code, field?}; the standard helper only reads {error:{code,message}}. Both become ApiErrors.
 */
export async function legacyAwareError(response: Response): Promise<ApiError> {
  const text = await response
    .clone()
    .text()
    .catch(() => "");
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (parsed && typeof parsed === "object") body = parsed as Record<string, unknown>;
  } catch {
    body = null;
  }
  if (body && typeof body.error === "string") {
    const str = (value: unknown) => (typeof value === "string" && value ? value : undefined);
    return new ApiError(
      response.status,
      str(body.code) ?? `http_${response.status}`,
      str(body.message) ?? body.error,
      str(body.field),
      str(body.requestId),
    );
  }
  return errorFromResponse(response);
}

export function createAnalyticsApi(fetchImpl: FetchLike = auth.fetch) {
  const request = createRequester(fetchImpl);

  return {
    summary(range: AnalyticsRange) {
      return request<AnalyticsSummary>("GET", `/api/v1/analytics/summary?${rangeQuery(range)}`);
    },

    timeseries(range: AnalyticsRange) {
      return request<AnalyticsTimeseries>("GET", `/api/v1/analytics/timeseries?${rangeQuery(range)}`);
    },

    careers({ sort, limit, offset, minShown }: CareersQuery) {
      const query = new URLSearchParams({ sort, limit: String(limit), offset: String(offset) });
      if (minShown !== undefined) query.set("minShown", String(minShown));
      return request<CareersPage>("GET", `/api/v1/analytics/careers?${query.toString()}`);
    },

    /** Starts a CSV export of the range; answers with the job's status URL. */
    async startExport(range: AnalyticsRange): Promise<ExportAccepted> {
      const body = {
        startDate: range.from,
        endDate: range.to,
        format: "csv",
        ...(range.mode ? { gameType: range.mode } : {}),
      };
      const response = await fetchWithTimeout(fetchImpl, "/export-analytics", {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw await legacyAwareError(response);
      const accepted = await jsonFromResponse<ExportAccepted>(response);
      if (typeof accepted.exportKey !== "string" || !accepted.exportKey) {
        throw new ApiError(response.status, "bad_response", "The server did not say which export it started.");
      }
      return accepted;
    },

    exportStatus(statusUrl: string) {
      return request<ExportJob>("GET", ownPath(statusUrl));
    },

    /** The finished export as a file (the download needs the Bearer token, so a plain link cannot fetch it). */
    async downloadExport(downloadUrl: string, fallbackName: string): Promise<ExportFile> {
      const response = await fetchWithTimeout(fetchImpl, ownPath(downloadUrl), { method: "GET" }, 60_000);
      if (!response.ok) throw await errorFromResponse(response);
      const blob = await response.blob();
      return { blob, filename: attachmentName(response.headers.get("Content-Disposition"), fallbackName) };
    },
  };
}

export type AnalyticsApi = ReturnType<typeof createAnalyticsApi>;

export const analyticsApi = createAnalyticsApi();
