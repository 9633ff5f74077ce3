import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, api } from "../api/client";
import type { GameMode, GameResult, GameView, RoundView, Verdict } from "../api/types";
import { ErrorNotice } from "../components/ErrorNotice";
import { focusNextPageHeading, PageHeading } from "../components/PageHeading";
import { ResultView } from "../components/ResultView";
import { RoundPanel } from "../components/RoundPanel";
import { useAuth } from "../hooks/useAuth";
import { useNow } from "../hooks/useNow";
import { clearActiveGame, loadActiveGame, saveActiveGame, type ActiveGame } from "../lib/activeGame";
import { formatClock, utcDay } from "../lib/format";
import { recordGame } from "../lib/history";
import { finishQueue } from "../lib/pendingUploads";
import { loadPlayer } from "../lib/player";
import { modeName, summariseRound } from "../lib/share";
import { Link, navigate } from "../router";

type Screen =
  | { kind: "starting" }
  | { kind: "start-failed"; error: unknown }
  | { kind: "playing" }
  | { kind: "finished"; result: GameResult | null; durationSeconds: number };

interface Failure {
  error: unknown;
  retry: () => void;
}

function verdictMessage(verdict: Verdict, round: RoundView): string {
  if (verdict === "correct") return `✅ Correct! It was ${round.answer?.name ?? "him"}.`;
  if (verdict === "ambiguous") return "🤔 Several players share that name. Try the full name (this guess is free).";
  if (round.status === "failed") return `❌ Out of guesses. It was ${round.answer?.name ?? "someone else"}.`;
  return `❌ Try again! ${round.guessesLeft} ${round.guessesLeft === 1 ? "guess" : "guesses"} left.`;
}

/** `/play/:mode`: starts (or resumes) a server-judged game and plays it to the result. */
export default function GamePage({ mode, date }: { mode: GameMode; date: string | null }) {
  const { status: authStatus, user } = useAuth();
  // Signed in, the account plays (api.ts adds its Bearer token); otherwise this device's visitor.
  const player = user ? { name: user.name, email: user.email } : loadPlayer();
  const authReady = authStatus !== "checking";
  const playerRef = useRef(player);
  playerRef.current = player;
  const [screen, setScreen] = useState<Screen>({ kind: "starting" });
  const [game, setGame] = useState<GameView | null>(null);
  const [feedback, setFeedback] = useState({ text: "", id: 0 });
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const session = useRef<ActiveGame | null>(null);
  const sharedGameId = useRef<string | null>(null);
  const startToken = useRef(0);
  const now = useNow(1000, screen.kind === "playing");

  const announce = (text: string) => setFeedback((previous) => ({ text, id: previous.id + 1 }));

  /** Takes a game state from the server; a round that has just ended is summarised for history. */
  const applyGame = useCallback((next: GameView) => {
    setGame(next);
    const current = session.current;
    if (!current || next.round.status === "playing") return;
    current.rounds[next.round.index] = summariseRound(next.round);
    saveActiveGame(current);
  }, []);

  const completeGame = useCallback((finished: GameView, result: GameResult | null) => {
    const current = session.current;
    const rounds = (current?.rounds ?? []).filter(Boolean);
    const durationSeconds = result?.durationSeconds ?? Math.floor((Date.now() - (current?.startedAt ?? Date.now())) / 1000);
    recordGame({
      gameId: finished.gameId,
      mode: finished.mode,
      day: finished.date ?? utcDay(new Date()),
      archive: finished.archive,
      puzzleNumber: finished.puzzleNumber,
      finishedAt: new Date().toISOString(),
      score: result?.score ?? null,
      solved: result?.solved ?? rounds.filter((round) => round.solved).length,
      roundCount: finished.roundCount,
      durationSeconds,
      rounds,
    });
    clearActiveGame();
    focusNextPageHeading();
    setScreen({ kind: "finished", result, durationSeconds });
  }, []);

  const finishGame = useCallback(
    async (current: GameView) => {
      setBusy(true);
      setFailure(null);
      try {
        const { game: finished, result } = await api.finish(current.gameId);
        applyGame(finished);
        completeGame(finished, result);
      } catch (error) {
        if (error instanceof ApiError && !error.retryable) {
          setFailure({ error, retry: () => void finishGame(current) });
        } else {
          // finish is idempotent: queue it and show what we know meanwhile.
          finishQueue.enqueue(current.gameId);
          completeGame(current, null);
        }
      } finally {
        setBusy(false);
      }
    },
    [applyGame, completeGame],
  );

  const startGame = useCallback(
    async (resume: boolean) => {
      const player = playerRef.current;
      if (!player) return;
      const token = ++startToken.current;
      const stillCurrent = () => token === startToken.current;
      setScreen({ kind: "starting" });
      setGame(null);
      setFailure(null);
      setFeedback({ text: "", id: 0 });
      sharedGameId.current = null;
      try {
        const saved = resume ? loadActiveGame(mode, date) : null;
        if (saved) {
          const resumed = await api.getGame(saved.gameId).catch((error: unknown) => {
            if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return null;
            throw error;
          });
          if (!stillCurrent()) return;
          if (resumed) {
            session.current = saved;
            applyGame(resumed.game);
            if (resumed.game.status === "finished") await finishGame(resumed.game);
            else setScreen({ kind: "playing" });
            return;
          }
        }
        const { game: started } = await api.startGame({
          mode,
          player: { name: player.name, email: player.email },
          ...(date ? { date } : {}),
        });
        if (!stillCurrent()) return;
        session.current = { gameId: started.gameId, mode, date, startedAt: Date.now(), rounds: [] };
        saveActiveGame(session.current);
        applyGame(started);
        setScreen({ kind: "playing" });
      } catch (error) {
        if (stillCurrent()) setScreen({ kind: "start-failed", error });
      }
    },
    [mode, date, applyGame, finishGame],
  );

  useEffect(() => {
    // A reload restores the session first, so the game starts with the account's token.
    if (!authReady) return;
    if (!player) {
      navigate("/", { replace: true });
      return;
    }
    void startGame(true);
  }, [mode, date, authReady]);

  /** Runs one game call; on failure shows the error with a retry of the same call. */
  async function run<T extends { game: GameView }>(call: () => Promise<T>, onDone: (value: T) => void) {
    setBusy(true);
    setFailure(null);
    try {
      const value = await call();
      applyGame(value.game);
      onDone(value);
    } catch (error) {
      setFailure({ error, retry: () => void run(call, onDone) });
    } finally {
      setBusy(false);
    }
  }

  if (!player) {
    return authReady ? null : (
      <p role="status" className="loading">
        Loading…
      </p>
    );
  }
  const title = screen.kind === "finished" ? "Game Complete" : "Who Am I?";

  return (
    <div className="game-page">
      {screen.kind === "finished" ? (
        <PageHeading key="complete" title={title} dataCy="game-complete-header">
          <span aria-hidden="true">🏆 </span>Game Complete!<span aria-hidden="true"> 🏆</span>
        </PageHeading>
      ) : (
        <PageHeading key="play" title={title} dataCy="game-header" />
      )}
      <p className="game-subtitle" data-cy="game-mode">
        {modeName(mode)}
        {game?.puzzleNumber != null && ` #${game.puzzleNumber}`}
        {game?.archive && game.date && ` (archive, ${game.date})`}
      </p>

      {failure && <ErrorNotice error={failure.error} onRetry={failure.retry} />}

      {screen.kind === "starting" && (
        <p className="loading" role="status">
          Setting up your game…
        </p>
      )}

      {screen.kind === "start-failed" && (
        <>
          <ErrorNotice error={screen.error} onRetry={() => void startGame(true)} />
          <p>
            <Link to="/">Back to the modes</Link>
          </p>
        </>
      )}

      {game && screen.kind === "playing" && (
        <>
          <dl className="status-bar" data-cy="status-bar">
            <div>
              <dt>Round</dt>
              <dd>
                {game.roundIndex + 1} of {game.roundCount}
              </dd>
            </div>
            <div>
              <dt>Guesses left</dt>
              <dd data-cy="guesses-left">{game.round.guessesLeft}</dd>
            </div>
            <div>
              <dt>Time</dt>
              <dd data-cy="timer">
                {formatClock((now - (session.current?.startedAt ?? now)) / 1000)}
              </dd>
            </div>
            <div>
              <dt>Score</dt>
              <dd data-cy="score">{game.score}</dd>
            </div>
          </dl>

          <RoundPanel
            game={game}
            busy={busy}
            feedback={
              <div className="feedback" aria-live="polite" aria-atomic="true" data-cy="feedback">
                {feedback.text && <p key={feedback.id}>{feedback.text}</p>}
              </div>
            }
            onGuess={(guess) => {
              if (!guess) {
                announce("Type a player's name first.");
                return;
              }
              void run(
                () => api.guess(game.gameId, guess),
                ({ verdict, game: next }) => announce(verdictMessage(verdict, next.round)),
              );
            }}
            onHint={() =>
              void run(
                () => api.hint(game.gameId),
                ({ hint }) => announce(`💡 Hint: ${hint.label}: ${hint.value}`),
              )
            }
            onGiveUp={() =>
              void run(
                () => api.giveUp(game.gameId),
                ({ game: next }) => announce(`The player was ${next.round.answer?.name ?? "not revealed"}.`),
              )
            }
            onQuit={() => void finishGame(game)}
            onNext={() => void run(() => api.nextRound(game.gameId), () => announce(""))}
            onFinish={() => void finishGame(game)}
          />
        </>
      )}

      {game && screen.kind === "finished" && (
        <>
          <ResultView
            game={game}
            result={screen.result}
            rounds={(session.current?.rounds ?? []).filter(Boolean)}
            localDurationSeconds={screen.durationSeconds}
            onPlayAgain={() => {
              focusNextPageHeading();
              void startGame(false);
            }}
            onShared={() => {
              if (sharedGameId.current === game.gameId) return;
              sharedGameId.current = game.gameId;
              api.finish(game.gameId, { sharedOnSocial: true }).catch(() => undefined);
            }}
          />
        </>
      )}
    </div>
  );
}
