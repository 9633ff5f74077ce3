import type { AnalystGameFinishedEvent } from "../../live/analystFeed";
import type { LiveStatus } from "../../live/liveFeed";
import { formatDuration, MODE_LABELS } from "../../lib/dashboardData";

const STATUS_TEXT: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  open: "Live",
  down: "Reconnecting…",
};

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

/** Finished games as they happen. Names are the players' own text, rendered as text. */
export function LiveFeedPanel({
  status,
  items,
  announcement,
  stopped,
}: {
  status: LiveStatus;
  items: AnalystGameFinishedEvent[];
  announcement: string;
  /** The server refused the feed (not an analyst any more, or the session ended). */
  stopped: boolean;
}) {
  return (
    <section aria-labelledby="feed-heading" className="card dashboard-section live-feed" data-cy="live-feed">
      <div className="live-feed-head">
        <h2 id="feed-heading" className="section-title">
          Finished games, live
        </h2>
        <span className={`live-status live-status-${status}`} data-cy="live-status">
          {stopped ? "Stopped" : STATUS_TEXT[status]}
        </span>
      </div>
      <p className="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
      {items.length === 0 ? (
        <p className="empty">No games finished since you opened this page.</p>
      ) : (
        <ol className="live-feed-list" data-cy="live-feed-list">
          {items.map((item) => (
            <li key={item.seq} className="live-feed-item" data-cy="live-feed-item">
              <time dateTime={item.at} className="live-feed-time">
                {when(item.at)}
              </time>{" "}
              <span className="live-feed-who">{item.playerName || "A visitor"}</span>{" "}
              <span>
                finished {MODE_LABELS[item.mode] ?? item.mode}
                {item.mode === "daily" && item.puzzleNumber != null ? ` #${item.puzzleNumber}` : ""}: {item.solved} of{" "}
                {item.rounds} solved, score {item.score}, {formatDuration(item.durationSeconds)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
