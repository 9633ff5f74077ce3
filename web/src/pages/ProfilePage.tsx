import { useState } from "react";
import { PageHeading } from "../components/PageHeading";
import { formatClock, utcDay } from "../lib/format";
import { computeStreak, loadHistory } from "../lib/history";
import { forgetPlayer, loadPlayer } from "../lib/player";
import { modeName } from "../lib/share";
import { Link } from "../router";

/** `/profile`: this device's history and daily streak (accounts come later). */
export default function ProfilePage() {
  const [player, setPlayer] = useState(loadPlayer);
  const history = loadHistory();
  const streak = computeStreak(history, utcDay(new Date()));
  const solved = history.reduce((total, game) => total + game.solved, 0);
  const played = history.reduce((total, game) => total + game.roundCount, 0);

  return (
    <div className="profile">
      <PageHeading title="Your profile" />
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
      <p className="muted">Your history is kept in this browser only, for now.</p>

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
