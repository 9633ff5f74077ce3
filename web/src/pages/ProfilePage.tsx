import { useEffect, useRef, useState } from "react";
import { AccountSection } from "../components/account/AccountSection";
import { PageHeading } from "../components/PageHeading";
import { useAuth } from "../hooks/useAuth";
import { takeFlash } from "../lib/flash";
import { formatClock, utcDay } from "../lib/format";
import { computeStreak, loadHistory } from "../lib/history";
import { forgetPlayer, loadPlayer } from "../lib/player";
import { modeName } from "../lib/share";
import { Link } from "../router";

/** `/profile`: the account when signed in (details, export, consents, deletion); this device's history and streak. */
export default function ProfilePage() {
  const { status, user, endSession, updateUser } = useAuth();
  const [player, setPlayer] = useState(loadPlayer);
  const [notice, setNotice] = useState(takeFlash);
  const [focusNotice, setFocusNotice] = useState(false);
  const noticeRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!focusNotice) return;
    setFocusNotice(false);
    noticeRef.current?.focus();
  }, [focusNotice]);
  const history = loadHistory();
  const streak = computeStreak(history, utcDay(new Date()));
  const solved = history.reduce((total, game) => total + game.solved, 0);
  const played = history.reduce((total, game) => total + game.roundCount, 0);

  return (
    <div className="profile">
      <PageHeading title="Your profile" />
      <div role="status">
        {notice && (
          <p ref={noticeRef} tabIndex={-1} className="notice notice-success" data-cy="profile-notice">
            {notice}
          </p>
        )}
      </div>
      {status === "checking" ? (
        <p className="loading" role="status">
          Checking your sign-in…
        </p>
      ) : user ? (
        <AccountSection
          user={user}
          onUserLoaded={updateUser}
          onDeleted={(deletionId) => {
            endSession();
            setNotice(
              `Your account has been deleted and you are signed out (reference ${deletionId}). ` +
                "Games kept in this browser stay until you remove them on the privacy page.",
            );
            setFocusNotice(true);
          }}
        />
      ) : (
        <>
          {player ? (
            <p className="lead">
              Playing as <strong>{player.name}</strong> ({player.email}).{" "}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  forgetPlayer();
                  setPlayer(null);
                }}
              >
                Not you?
              </button>
            </p>
          ) : (
            <p className="lead">
              You haven't registered on this device. <Link to="/">Start here</Link>.
            </p>
          )}
          <p>
            <Link to="/signin?next=/profile">Sign in</Link> or <Link to="/signup">create an account</Link> to keep your
            games on every device and to download or delete them.
          </p>
          <p className="muted">Your history is kept in this browser only, for now.</p>
        </>
      )}
      {user && (
        <h2 className="section-title" data-cy="device-heading">
          On this device
        </h2>
      )}

      <dl className="stat-grid" data-cy="profile-stats">
        <div>
          <dt>Daily streak</dt>
          <dd data-cy="streak-current">{streak.current}</dd>
        </div>
        <div>
          <dt>Best streak</dt>
          <dd data-cy="streak-best">{streak.best}</dd>
        </div>
        <div>
          <dt>Games</dt>
          <dd>{history.length}</dd>
        </div>
        <div>
          <dt>Players guessed</dt>
          <dd>
            {solved} of {played}
          </dd>
        </div>
      </dl>

      <h2 className="section-title">History</h2>
      {history.length === 0 ? (
        <p className="empty">
          No finished games yet. <Link to="/">Play one</Link>.
        </p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Game history">
          <table className="table" data-cy="history-table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Mode</th>
                <th scope="col">Guessed</th>
                <th scope="col">Points</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {history.map((game) => (
                <tr key={game.gameId}>
                  <td>
                    <time dateTime={game.day}>{game.day}</time>
                  </td>
                  <td>
                    {modeName(game.mode)}
                    {game.puzzleNumber !== null && ` #${game.puzzleNumber}`}
                    {game.archive && " (archive)"}
                  </td>
                  <td>
                    {game.solved} of {game.roundCount}
                  </td>
                  <td>{game.score ?? "upload pending"}</td>
                  <td>{formatClock(game.durationSeconds)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
