import { useEffect, useReducer, useRef, useState, type MouseEvent } from "react";
import { saveFile } from "../../api/account";
import { analyticsApi } from "../../api/analytics";
import type { AnalyticsRange } from "../../api/analyticsTypes";
import { describeExportError, exportBusy, exportReducer, initialExportState, runExport } from "../../lib/exportFlow";
import { formatDateTime } from "../../lib/format";

const exportName = (range: AnalyticsRange) =>
  `journeyman-analytics-${range.from}_${range.to}${range.mode ? `-${range.mode}` : ""}.csv`;

/**
 * "Export CSV" of the chosen range: starts the job, follows it, then offers the file. One panel
 * per range (the page keys it), so a finished link always belongs to the range shown.
 */
export function ExportPanel({ range }: { range: AnalyticsRange }) {
  const [state, dispatch] = useReducer(exportReducer, initialExportState);
  const [downloadProblem, setDownloadProblem] = useState("");
  const gone = useRef(false);
  useEffect(() => {
    gone.current = false;
    return () => {
      gone.current = true;
    };
  }, []);

  function start() {
    if (exportBusy(state)) return;
    setDownloadProblem("");
    void runExport(analyticsApi, range, dispatch, { cancelled: () => gone.current });
  }

  async function download(event: MouseEvent<HTMLAnchorElement>, url: string) {
    event.preventDefault();
    setDownloadProblem("");
    try {
      saveFile(await analyticsApi.downloadExport(url, exportName(range)));
    } catch (error) {
      setDownloadProblem(describeExportError(error));
    }
  }

  const busy = exportBusy(state);
  return (
    <section aria-labelledby="export-heading" className="card dashboard-section export-panel" data-cy="export-panel">
      <h2 id="export-heading" className="section-title">
        Export
      </h2>
      <p className="muted">
        A CSV of the games from {range.from} to {range.to}
        {range.mode ? ` (${range.mode} only)` : ""}. Players appear by pseudonym, never by e-mail.
      </p>
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          onClick={start}
          aria-disabled={busy || undefined}
          data-cy="export-button"
        >
          {busy ? "Exporting…" : "Export CSV"}
        </button>
        {state.phase === "done" && (
          <a
            href={state.downloadUrl}
            className="button"
            onClick={(event) => void download(event, state.downloadUrl)}
            data-cy="export-download"
          >
            Download the CSV
          </a>
        )}
      </div>
      <p role="status" className="export-status" data-cy="export-status">
        {state.phase === "requesting" && "Starting the export…"}
        {state.phase === "queued" && "The export is queued…"}
        {state.phase === "running" && "Preparing the file…"}
        {state.phase === "done" &&
          `Ready${state.expiresAt ? `; the link works until ${formatDateTime(state.expiresAt) || state.expiresAt}` : ""}.`}
      </p>
      {(state.phase === "failed" || downloadProblem) && (
        <div className="notice notice-error" role="alert" data-cy="export-error">
          <p>{state.phase === "failed" ? state.message : downloadProblem}</p>
        </div>
      )}
    </section>
  );
}
