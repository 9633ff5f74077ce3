// The dashboard's "Export CSV": POST /export-analytics starts a job, GET /api/v1/jobs/:id is
// polled until it is done (a download link) or failed. A small state machine so the button,
// the status line and the tests agree on what can follow what.
import type { AnalyticsApi } from "../api/analytics";
import type { AnalyticsRange, ExportJob } from "../api/analyticsTypes";
import { ApiError, describeError } from "../api/http";

export type ExportState =
  | { phase: "idle" }
  | { phase: "requesting" }
  | { phase: "queued"; jobId: string; statusUrl: string }
  | { phase: "running"; jobId: string; statusUrl: string }
  | { phase: "done"; jobId: string; downloadUrl: string; expiresAt: string | null }
  | { phase: "failed"; message: string };

export type ExportAction =
  | { type: "start" }
  | { type: "accepted"; jobId: string; statusUrl: string }
  | { type: "status"; job: ExportJob }
  | { type: "error"; message: string }
  | { type: "reset" };

export const initialExportState: ExportState = { phase: "idle" };

/** Whether an export is under way (the button waits). */
export const exportBusy = (state: ExportState) =>
  state.phase === "requesting" || state.phase === "queued" || state.phase === "running";

/** Moves between phases; an action that makes no sense in the current phase changes nothing. */
export function exportReducer(state: ExportState, action: ExportAction): ExportState {
  switch (action.type) {
    case "start":
      return exportBusy(state) ? state : { phase: "requesting" };
    case "accepted":
      return state.phase === "requesting"
        ? { phase: "queued", jobId: action.jobId, statusUrl: action.statusUrl }
        : state;
    case "status": {
      if (state.phase !== "queued" && state.phase !== "running") return state;
      const { job } = action;
      const { jobId, statusUrl } = state;
      switch (job.status) {
        case "queued":
          return { phase: "queued", jobId, statusUrl };
        case "running":
          return { phase: "running", jobId, statusUrl };
        case "done":
          return job.downloadUrl
            ? { phase: "done", jobId, downloadUrl: job.downloadUrl, expiresAt: job.expiresAt ?? null }
            : { phase: "failed", message: "The export finished but came without a download link." };
        case "failed":
          return { phase: "failed", message: job.error ? `The export failed: ${job.error}` : "The export failed." };
        default:
          return { phase: "failed", message: "The server reported an unknown export status." };
      }
    }
    case "error":
      return exportBusy(state) ? { phase: "failed", message: action.message } : state;
    case "reset":
      return exportBusy(state) ? state : initialExportState;
  }
}

/** A sentence for a failed export call. */
export function describeExportError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 403) return "Your account may not export analytics.";
    if (error.status === 400) return `The export was refused: ${error.message}`;
    if (error.status === 404 && error.code !== "network") return "The export job has gone; start a new export.";
  }
  return describeError(error);
}

export interface ExportRunOptions {
  pollIntervalMs?: number;
  maxWaitMs?: number;
  /** True once the page has gone: polling stops quietly. */
  cancelled?: () => boolean;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs one export from start to done/failed, reporting every step to `dispatch`. */
export async function runExport(
  api: Pick<AnalyticsApi, "startExport" | "exportStatus">,
  range: AnalyticsRange,
  dispatch: (action: ExportAction) => void,
  options: ExportRunOptions = {},
): Promise<void> {
  const { pollIntervalMs = 1500, maxWaitMs = 5 * 60_000, cancelled = () => false, sleep = defaultSleep } = options;
  const now = options.now ?? Date.now;
  dispatch({ type: "start" });
  try {
    const accepted = await api.startExport(range);
    if (cancelled()) return;
    const statusUrl = accepted.statusUrl || `/api/v1/jobs/${encodeURIComponent(accepted.exportKey)}`;
    dispatch({ type: "accepted", jobId: accepted.exportKey, statusUrl });
    const deadline = now() + maxWaitMs;
    for (;;) {
      const job = await api.exportStatus(statusUrl);
      if (cancelled()) return;
      dispatch({ type: "status", job });
      if (job.status !== "queued" && job.status !== "running") return;
      if (now() > deadline) {
        dispatch({ type: "error", message: "The export is taking too long; try a shorter range." });
        return;
      }
      await sleep(pollIntervalMs);
      if (cancelled()) return;
    }
  } catch (error) {
    if (!cancelled()) dispatch({ type: "error", message: describeExportError(error) });
  }
}
