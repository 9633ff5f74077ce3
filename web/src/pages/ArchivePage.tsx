import { api } from "../api/client";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeading } from "../components/PageHeading";
import { useAsync } from "../hooks/useAsync";
import { Link } from "../router";

const dateFormat = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** `/archive`: past daily puzzles, newest first; each can be played again. */
export default function ArchivePage() {
  const archive = useAsync(() => api.archive(), "archive");
  return (
    <div className="archive">
      <PageHeading title="Daily archive" />
      <p className="lead">Missed a day? Play any past daily. Archive games count for practice stats, not for your streak.</p>
      {archive.status === "loading" && (
        <p role="status" className="loading">
          Loading past puzzles…
        </p>
      )}
      {archive.status === "error" && <ErrorNotice error={archive.error} onRetry={archive.retry} />}
      {archive.status === "done" &&
        (archive.value.days.length === 0 ? (
          <p className="empty">No past dailies yet. Come back tomorrow.</p>
        ) : (
          <ul className="archive-list" data-cy="archive-list">
            {archive.value.days.map((day) => (
              <li key={day.date} className="card archive-item">
                <span>
                  <strong>#{day.number}</strong>{" "}
                  <time dateTime={day.date}>{dateFormat.format(new Date(`${day.date}T00:00:00Z`))}</time>
                </span>
                <Link className="button" to={`/play/daily?date=${day.date}`} data-cy="archive-play">
                  Play<span className="visually-hidden"> daily #{day.number}</span>
                </Link>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
