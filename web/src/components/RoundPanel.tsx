import type { ReactNode } from "react";
import type { GameView } from "../api/types";
import { GuessBox } from "./GuessBox";
import { TeamCards } from "./TeamCards";

interface RoundPanelProps {
  game: GameView;
  busy: boolean;
  /** The live region announcing verdicts, placed just above the guess box. */
  feedback: ReactNode;
  onGuess: (guess: string) => void;
  onHint: () => void;
  onGiveUp: () => void;
  onQuit: () => void;
  onNext: () => void;
  onFinish: () => void;
}

const VERDICT_LABELS = {
  correct: { icon: "✅", text: "correct" },
  wrong: { icon: "❌", text: "wrong" },
  ambiguous: { icon: "🤔", text: "ambiguous, not counted" },
} as const;

/** One round: the teams, hints, the guess box and what can be done next. */
export function RoundPanel({ game, busy, feedback, onGuess, onHint, onGiveUp, onQuit, onNext, onFinish }: RoundPanelProps) {
  const { round } = game;
  const playing = round.status === "playing";
  const lastRound = game.roundIndex >= game.roundCount - 1;
  return (
    <>
      <TeamCards teams={round.teams} teamsTotal={round.teamsTotal} shuffled={game.mode === "challenge"} />

      {round.hints.length > 0 && (
        <section aria-labelledby="hints-heading" className="card hints">
          <h2 id="hints-heading" className="section-title">
            Hints
          </h2>
          <dl className="hint-list" data-cy="hints">
            {round.hints.map((hint) => (
              <div key={hint.kind}>
                <dt>{hint.label}</dt>
                <dd>{hint.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}

      {feedback}

      {playing ? (
        <>
          <GuessBox busy={busy} onGuess={onGuess} />
          <div className="button-row">
            <button type="button" className="button" onClick={onHint} disabled={busy || round.hintsLeft === 0} data-cy="hint-button">
              <span aria-hidden="true">💡 </span>Hint ({round.hintsLeft} left)
            </button>
            <button type="button" className="button" onClick={onGiveUp} disabled={busy} data-cy="give-up-button">
              Give Up
            </button>
            <button type="button" className="button button-quiet" onClick={onQuit} disabled={busy} data-cy="quit-game">
              Quit Game
            </button>
          </div>
        </>
      ) : (
        <section aria-labelledby="round-over-heading" className="card round-over" data-cy="round-over">
          <h2 id="round-over-heading" className="section-title">
            {round.status === "solved" ? (
              <>
                <span aria-hidden="true">✅ </span>Solved
              </>
            ) : (
              <>
                <span aria-hidden="true">❌ </span>Not solved
              </>
            )}
          </h2>
          {round.answer && (
            <p data-cy="round-answer">
              The player was <strong>{round.answer.name}</strong>
              {round.answer.position && ` (${round.answer.position}`}
              {round.answer.college && `, ${round.answer.college}`}
              {round.answer.position && ")"}.
            </p>
          )}
          <p>
            Points this round: <strong data-cy="round-points">{round.points ?? 0}</strong>
          </p>
          <div className="button-row">
            {!lastRound && (
              <button type="button" className="button button-primary" onClick={onNext} disabled={busy} data-cy="next-player">
                Next Player
              </button>
            )}
            <button
              type="button"
              className={lastRound ? "button button-primary" : "button"}
              onClick={onFinish}
              disabled={busy}
              data-cy="finish-game"
            >
              Finish Game
            </button>
          </div>
        </section>
      )}

      {round.guesses.length > 0 && (
        <section aria-labelledby="guesses-heading" className="guesses">
          <h2 id="guesses-heading" className="section-title">
            Your guesses
          </h2>
          <ol className="guess-list" data-cy="guess-list">
            {round.guesses.map((guess, index) => {
              const label = VERDICT_LABELS[guess.verdict];
              return (
                <li key={index} className={`guess guess-${guess.verdict}`}>
                  <span aria-hidden="true">{label.icon}</span> {guess.guess}{" "}
                  <span className="guess-verdict">— {label.text}</span>
                </li>
              );
            })}
          </ol>
        </section>
      )}
    </>
  );
}
