import { api } from "../api/client";
import { GAME_MODES, isGameMode, LEADERBOARD_PERIODS, type GameMode, type LeaderboardPeriod } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeading } from "../components/PageHeading";
import { useAsync } from "../hooks/useAsync";
import { formatClock } from "../lib/format";
import { loadPlayer } from "../lib/player";
import { modeName } from "../lib/share";
import { navigate, useLocation } from "../router";

const PERIOD_NAMES: Record<LeaderboardPeriod, string> = { daily: "Today", weekly: "This week", all: "All time" };

const isPeriod = (value: string | null): value is LeaderboardPeriod =>
  value !== null && (LEADERBOARD_PERIODS as readonly string[]).includes(value);

/** `/leaderboard?period=&mode=`: server-judged games only, names only. */
export default function LeaderboardPage() {
  const { search } = useLocation();
  const periodParam = search.get("period");
  const modeParam = search.get("mode") ?? "";
  const period: LeaderboardPeriod = isPeriod(periodParam) ? periodParam : "daily";
  const mode: GameMode = isGameMode(modeParam) ? modeParam : "daily";
  const board = useAsync(() => api.leaderboard(period, mode), `${period}/${mode}`);
  const me = loadPlayer()?.name;

  const show = (nextPeriod: LeaderboardPeriod, nextMode: GameMode) =>
    navigate(`/leaderboard?period=${nextPeriod}&mode=${nextMode}`, { replace: true });

  return (
    <div className="leaderboard">
      <PageHeading title="Leaderboard" />
      <div className="tab-groups">
        <div role="group" aria-label="Period" className="segmented">
          {LEADERBOARD_PERIODS.map((option) => (
            <button
              key={option}
              type="button"
              className="segment"
              aria-pressed={option === period}
              onClick={() => show(option, mode)}
              data-cy={`period-${option}`}
            >
              {PERIOD_NAMES[option]}
            </button>
          ))}
        </div>
        <div role="group" aria-label="Mode" className="segmented">
          {GAME_MODES.map((option) => (
            <button
              key={option}
              type="button"
              className="segment"
              aria-pressed={option === mode}
              onClick={() => show(period, option)}
              data-cy={`board-mode-${option}`}
            >
              {modeName(option)}
            </button>
          ))}
        </div>
      </div>

      {board.status === "loading" && (
        <p role="status" className="loading">
          Loading the leaderboard…
        </p>
      )}
      {board.status === "error" && <ErrorNotice error={board.error} onRetry={board.retry} />}
      {board.status === "done" &&
        (board.value.entries.length === 0 ? (
          <p className="empty" data-cy="leaderboard-empty">
            No games yet for {PERIOD_NAMES[period].toLowerCase()} in {modeName(mode)}. Be the first!
          </p>
        ) : (
          <div className="table-scroll" tabIndex={0} role="region" aria-label="Leaderboard table">
            <table className="table" data-cy="leaderboard-table">
              <caption className="visually-hidden">
                {modeName(mode)}, {PERIOD_NAMES[period].toLowerCase()}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Rank</th>
                  <th scope="col">Player</th>
                  <th scope="col">Score</th>
                  <th scope="col">Games</th>
                  <th scope="col">Best time</th>
                </tr>
              </thead>
              <tbody>
                {board.value.entries.map((entry) => {
                  const mine = entry.name === me;
                  return (
                    <tr
                      key={`${entry.rank}-${entry.name}`}
                      className={mine ? "row-mine" : undefined}
                      data-cy={mine ? "leaderboard-own-row" : "leaderboard-row"}
                    >
                      <td>{entry.rank}</td>
                      <th scope="row">
                        {entry.name}
                        {mine && <span className="badge"> (you)</span>}
                      </th>
                      <td>{entry.score}</td>
                      <td>{entry.games}</td>
                      <td>{entry.bestTimeSeconds === null ? "–" : formatClock(entry.bestTimeSeconds)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ))}
    </div>
  );
}
