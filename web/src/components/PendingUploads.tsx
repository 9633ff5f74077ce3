import { useEffect, useState, useSyncExternalStore } from "react";
import { finishQueue, resendFinish } from "../lib/pendingUploads";

const subscribe = (listener: () => void) => finishQueue.subscribe(listener);
const queueSize = () => finishQueue.size;

/**
 * Resends queued game results when they are due (with backoff) and when the browser comes back
 * online; shows "<n> uploads pending retry" with "Retry Now", as the original did.
 */
export function PendingUploads() {
  const pending = useSyncExternalStore(subscribe, queueSize);
  const [retrying, setRetrying] = useState(false);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const schedule = () => {
      clearTimeout(timer);
      const dueAt = finishQueue.nextDueAt();
      if (dueAt === null || stopped) return;
      timer = setTimeout(() => void finishQueue.flush(resendFinish).then(schedule), Math.max(1000, dueAt - Date.now()));
    };
    const flushNow = () => void finishQueue.flush(resendFinish, { force: true }).then(schedule);
    const unsubscribe = finishQueue.subscribe(schedule);
    window.addEventListener("online", flushNow);
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      unsubscribe();
      window.removeEventListener("online", flushNow);
    };
  }, []);

  if (pending === 0) return null;
  return (
    <div className="notice notice-pending" role="status" data-cy="pending-uploads">
      <p>
        {pending} {pending === 1 ? "upload" : "uploads"} pending retry
      </p>
      <button
        type="button"
        className="button"
        disabled={retrying}
        data-cy="retry-now"
        onClick={() => {
          setRetrying(true);
          void finishQueue.flush(resendFinish, { force: true }).finally(() => setRetrying(false));
        }}
      >
        {retrying ? "Retrying…" : "Retry Now"}
      </button>
    </div>
  );
}
