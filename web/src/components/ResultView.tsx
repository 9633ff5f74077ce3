import type { GameResult, GameView } from "../api/types";
import { formatClock } from "../lib/format";
import { describeResult, type RoundSummary } from "../lib/share";
import { Link } from "../router";
import { NextDailyCountdown } from "./Countdown";
import { ShareBox } from "./ShareBox";

interface ResultViewProps {
  game: GameView;
  /** Null while the result waits in the upload queue. */
  result: GameResult | null;
  rounds: RoundSummary[];
  /** The client's own measure, used only when the server's result is not in yet. */
  localDurationSeconds: number;
  onPlayAgain: () => void;
  onShared: () => void;
}

/** The end of a game: score line as the original had it, share text, countdown and what next. */
export function ResultView({ game, result, rounds, localDurationSeconds, onPlayAgain, onShared }: ResultViewProps) {
  const solved = result?.solved ?? rounds.filter((round) => round.solved).length;
  const seconds = result?.durationSeconds ?? localDurationSeconds;
  return (
    <div className="result" data-cy="game-complete">
      <p className="score-line" data-cy="score-line">
        Score: {solved} correct | Time: {formatClock(seconds)}
      </p>
      {result ? (
        <dl className="stat-grid">
          <div>
            <dt>Points</dt>
            <dd data-cy="result-points">{result.score}</dd>
          </div>
          <div>
            <dt>Players guessed</dt>
            <dd>
              {result.solved} of {result.rounds}
            </dd>
          </div>
          {game.mode === "daily" && !game.archive && result.streak && (
            <div>
              <dt>Daily streak</dt>
              <dd data-cy="result-streak">
                {result.streak.current} (best {result.streak.best})
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="notice notice-pending" role="status" data-cy="result-queued">
          Your result couldn't be uploaded yet. It is saved on this device and will be sent again automatically.
        </p>
      )}

      {result && <ShareBox shareText={result.shareText} description={describeResult(game, rounds)} onShared={onShared} />}

      <NextDailyCountdown />

      <div className="button-row">
        <button type="button" className="button button-primary" onClick={onPlayAgain} data-cy="play-again">
          Play Again
        </button>
        <Link className="button" to="/">
          Choose another mode
        </Link>
        <Link className="button" to={`/leaderboard?period=daily&mode=${game.mode}`} data-cy="see-leaderboard">
          Leaderboard
        </Link>
      </div>
    </div>
  );
}
