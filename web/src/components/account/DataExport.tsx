import { useEffect, useRef, useState } from "react";
import { accountApi, saveFile, type ExportProgress } from "../../api/account";
import type { User } from "../../api/accountTypes";
import { ApiError } from "../../api/http";
import { describeAccountCallError } from "../../lib/accountForms";
import { ErrorNotice } from "../ErrorNotice";

type ExportState = { kind: "idle" } | { kind: "working"; text: string } | { kind: "done"; text: string } | { kind: "failed"; error: unknown };

function progressText(progress: ExportProgress): string {
  if (progress.phase === "requesting") return "Gathering your data…";
  if (progress.phase === "downloading") return "Your export is ready; downloading it…";
  return progress.job.status === "running"
    ? "Your export is being prepared. This can take a minute; you can stay on this page."
    : "Your export is queued. This can take a minute; you can stay on this page.";
}

/** "Download my data": everything the server holds about the account, as a JSON file. */
export function DataExport({ user }: { user: User }) {
  const [state, setState] = useState<ExportState>({ kind: "idle" });
  const unmounted = useRef(false);
  useEffect(
    () => () => {
      unmounted.current = true;
    },
    [],
  );

  async function download() {
    if (state.kind === "working") return;
    setState({ kind: "working", text: "Gathering your data…" });
    try {
      const file = await accountApi.exportData(user.id, {
        cancelled: () => unmounted.current,
        onProgress: (progress) => !unmounted.current && setState({ kind: "working", text: progressText(progress) }),
      });
      if (unmounted.current) return;
      saveFile(file);
      setState({ kind: "done", text: `Downloaded ${file.filename}.` });
    } catch (error) {
      if (unmounted.current || (error instanceof ApiError && error.code === "cancelled")) return;
      setState({ kind: "failed", error });
    }
  }

  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading" className="section-title">
        Your data
      </h2>
      <p>A copy of everything we hold about you: your account, games, consents and the log of changes to them.</p>
      <button
        type="button"
        className="button"
        onClick={() => void download()}
        aria-disabled={state.kind === "working" || undefined}
        data-cy="download-my-data"
      >
        Download my data
      </button>
      <p role="status" className="muted" data-cy="export-status">
        {state.kind === "working" || state.kind === "done" ? state.text : ""}
      </p>
      {state.kind === "failed" && (
        <ErrorNotice
          error={state.error}
          describe={describeAccountCallError}
          onRetry={() => void download()}
          retryLabel="Try again"
        />
      )}
    </section>
  );
}
