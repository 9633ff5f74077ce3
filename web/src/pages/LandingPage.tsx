import { useEffect, useRef, useState, type FormEvent } from "react";
import { api } from "../api/client";
import type { DailyPuzzleInfo, GameMode, PlayerIdentity } from "../api/types";
import { NextDailyCountdown } from "../components/Countdown";
import { PageHeading } from "../components/PageHeading";
import { useAuth } from "../hooks/useAuth";
import { LiveTicker } from "../live/LiveTicker";
import { forgetPlayer, loadPlayer, savePlayer, type StoredPlayer } from "../lib/player";
import { validateRegistration } from "../lib/validation";
import { Link, navigate } from "../router";

/** `/`: registration on the first visit (as the original), then "Choose your mode". */
export default function LandingPage() {
  const { status, user } = useAuth();
  const [player, setPlayer] = useState<StoredPlayer | null>(loadPlayer);
  const [justRegistered, setJustRegistered] = useState(false);
  // Signed in: the account is the player, so there is nothing to register.
  if (user) return <ModeSelect player={{ name: user.name, email: user.email }} focusModes={false} />;
  if (!player && status === "checking") {
    return (
      <p role="status" className="loading">
        Loading…
      </p>
    );
  }
  if (!player) {
    return (
      <RegistrationForm
        onRegistered={(registered) => {
          savePlayer(registered);
          setJustRegistered(true);
          setPlayer(registered);
        }}
      />
    );
  }
  return (
    <ModeSelect
      player={player}
      focusModes={justRegistered}
      onNotYou={() => {
        forgetPlayer();
        setPlayer(null);
      }}
    />
  );
}

function RegistrationForm({ onRegistered }: { onRegistered: (player: StoredPlayer) => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [consent, setConsent] = useState(false);
  const [error, setError] = useState<{ message: string; field: "name" | "email" | "consent" } | null>(null);
  const fields = {
    name: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    consent: useRef<HTMLInputElement>(null),
  };

  function handleSubmit(event: FormEvent) {
    event.preventDefault();
    const check = validateRegistration({ name, email, consent });
    if (!check.ok) {
      setError({ message: check.message, field: check.field });
      fields[check.field].current?.focus();
      return;
    }
    onRegistered({ name: check.name, email: check.email, consentAt: new Date().toISOString() });
  }

  const invalid = (field: "name" | "email" | "consent") => error?.field === field;
  return (
    <div className="landing">
      <PageHeading title="Welcome to Journeyman" />
      <p className="lead">
        Every NFL journeyman leaves a trail of jerseys. We show you the teams; you name the player.
      </p>
      <form className="card form" noValidate onSubmit={handleSubmit} aria-describedby={error ? "form-error" : undefined}>
        <div className="field">
          <label htmlFor="player-name" className="field-label">
            Name
          </label>
          <input
            ref={fields.name}
            id="player-name"
            name="name"
            autoComplete="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={invalid("name") || undefined}
            aria-describedby={invalid("name") ? "form-error" : undefined}
            data-cy="name-input"
          />
        </div>
        <div className="field">
          <label htmlFor="player-email" className="field-label">
            Email
          </label>
          <input
            ref={fields.email}
            id="player-email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            aria-invalid={invalid("email") || undefined}
            aria-describedby={invalid("email") ? "form-error" : undefined}
            data-cy="email-input"
          />
        </div>
        <div className="field field-checkbox">
          <input
            ref={fields.consent}
            id="player-consent"
            type="checkbox"
            checked={consent}
            onChange={(event) => setConsent(event.target.checked)}
            aria-invalid={invalid("consent") || undefined}
            aria-describedby={invalid("consent") ? "form-error" : undefined}
            data-cy="consent-checkbox"
          />
          <label htmlFor="player-consent">
            I agree that Journeyman stores my name, email and games to run the game and its leaderboards, as described
            in the <Link to="/privacy">privacy notice</Link>.
          </label>
        </div>
        <p id="form-error" className="form-error" role="alert" data-cy="form-error">
          {error?.message}
        </p>
        <button type="submit" className="button button-primary button-wide" data-cy="start-button">
          Start
        </button>
      </form>
    </div>
  );
}

const MODES: Array<{ mode: GameMode; label: string; description: string }> = [
  { mode: "daily", label: "Daily Puzzle", description: "One player for everybody, new at 00:00 UTC. Teams appear one at a time: each miss reveals another." },
  { mode: "easy", label: "Easy Mode", description: "All of his teams, in career order, with years and jersey numbers." },
  { mode: "challenge", label: "Challenge Mode", description: "The same teams, shuffled, without years." },
  { mode: "practice", label: "Practice", description: "Random players to warm up; no streak at stake." },
];

function ModeSelect({
  player,
  focusModes,
  onNotYou,
}: {
  player: PlayerIdentity;
  focusModes: boolean;
  /** Visitors only: forget this device's name and e-mail. Accounts sign out in the header. */
  onNotYou?: () => void;
}) {
  const modesHeading = useRef<HTMLHeadingElement>(null);
  const [daily, setDaily] = useState<DailyPuzzleInfo | null>(null);

  useEffect(() => {
    if (focusModes) modesHeading.current?.focus();
  }, [focusModes]);

  useEffect(() => {
    let current = true;
    // Only decoration for the daily button: without it the mode still works.
    api.dailyPuzzle().then(
      (info) => current && setDaily(info),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);

  return (
    <div className="landing">
      <PageHeading title="Journeyman" />
      <p className="lead">
        Welcome, <strong data-cy="player-name">{player.name}</strong>.
        {onNotYou && (
          <>
            {" "}
            <button type="button" className="link-button" onClick={onNotYou} data-cy="not-you">
              Not you?
            </button>
          </>
        )}
      </p>
      <h2 ref={modesHeading} tabIndex={-1} className="section-title">
        Choose your mode
      </h2>
      <ul className="mode-grid">
        {MODES.map(({ mode, label, description }) => (
          <li key={mode} className="card mode-card">
            <button
              type="button"
              className={`button mode-button mode-${mode}`}
              data-cy={`${mode}-mode`}
              aria-describedby={`mode-${mode}-description`}
              onClick={() => navigate(`/play/${mode}`)}
            >
              {label}
              {mode === "daily" && daily && ` #${daily.number}`}
            </button>
            <p id={`mode-${mode}-description`} className="mode-description">
              {description}
              {mode === "daily" && daily && ` Today: ${daily.teamsTotal} teams.`}
              {mode === "daily" && daily?.solveRate != null && ` Solved by ${Math.round(daily.solveRate * 100)}% so far.`}
            </p>
          </li>
        ))}
      </ul>
      <NextDailyCountdown resetsAt={daily?.resetsAt} />
      <LiveTicker />
      <section aria-labelledby="rules-heading" className="card rules">
        <h2 id="rules-heading" className="section-title">
          Rules
        </h2>
        <ul>
          <li>Look at the teams the mystery player played for and type his name.</li>
          <li>Limited guesses: 6 per player. A wrong guess costs one; a name several players share costs none.</li>
          <li>Spelling matters, but capitals, accents, punctuation and suffixes such as Jr. or III do not.</li>
          <li>Stuck? Ask for a hint: position, college, draft, then initials. Each hint costs points.</li>
          <li>Fewer teams shown, fewer hints, fewer misses and less time mean more points.</li>
        </ul>
        <p>
          Past dailies are in the <Link to="/archive">archive</Link>; see how others did on the{" "}
          <Link to="/leaderboard">leaderboard</Link>.
        </p>
      </section>
    </div>
  );
}
