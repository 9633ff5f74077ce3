import { useState } from "react";
import { PageHeading } from "../components/PageHeading";
import { removeKey, STORAGE_KEYS } from "../lib/storage";

const CONTACT = "privacy@journeyman-game.com";

function downloadLocalData() {
  const data = Object.fromEntries(
    Object.values(STORAGE_KEYS).map((key) => [key, localStorage.getItem(key) ?? sessionStorage.getItem(key)]),
  );
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: "application/json" });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "journeyman-my-data.json";
  link.click();
  URL.revokeObjectURL(link.href);
}

function forgetThisDevice() {
  for (const key of Object.values(STORAGE_KEYS)) {
    removeKey(localStorage, key);
    removeKey(sessionStorage, key);
  }
}

/** `/privacy`: what is stored, why, for how long, and the player's rights. */
export default function PrivacyPage() {
  const [forgotten, setForgotten] = useState(false);
  return (
    <article className="privacy prose">
      <PageHeading title="Privacy notice" />
      <p className="lead">Journeyman keeps as little about you as it can to run the game. Here is all of it.</p>

      <h2>What we store</h2>
      <ul>
        <li>
          <strong>Your name</strong>, shown on leaderboards.
        </li>
        <li>
          <strong>Your email address</strong>, to tell players with the same name apart and to answer your requests. It
          is never shown to other players, never put on a leaderboard and never sent to analytics or advertisers.
        </li>
        <li>
          <strong>Your games</strong>: mode, puzzles, guesses, hints, score, time, and whether you shared a result.
        </li>
        <li>
          <strong>In this browser</strong>: your name and email (so you skip the form next time), your finished games
          and streak, the theme you chose, and the ids of results still waiting to be uploaded.
        </li>
      </ul>

      <h2>Why</h2>
      <p>
        To judge your guesses, keep scores, streaks and leaderboards, and to see how the puzzles play (for example, how
        many people solve a daily). We rely on your consent, given with the checkbox before your first game.
      </p>

      <h2>How long</h2>
      <p>
        Your games and details are kept while you play and deleted after 24 months without a game. Data in this browser
        stays until you remove it below or clear your browser's storage.
      </p>

      <h2>Your rights</h2>
      <ul>
        <li>
          <strong>Access and export</strong>: ask for a copy of everything we hold about you.
        </li>
        <li>
          <strong>Erasure</strong>: ask us to delete your details and games.
        </li>
        <li>
          <strong>Correction</strong>: ask us to fix your name or email.
        </li>
        <li>
          <strong>Withdraw consent</strong> at any time: we stop using your data for new games; withdrawing does not
          affect what was done before.
        </li>
      </ul>
      <p>
        Write to <a href={`mailto:${CONTACT}`}>{CONTACT}</a> for any of these; we answer within one month. You may also
        complain to your data protection authority.
      </p>

      <h2>This browser</h2>
      <div className="button-row">
        <button type="button" className="button" onClick={downloadLocalData} data-cy="export-local-data">
          Download my data from this browser
        </button>
        <button
          type="button"
          className="button"
          onClick={() => {
            forgetThisDevice();
            setForgotten(true);
          }}
          data-cy="forget-me"
        >
          Withdraw consent and forget me on this device
        </button>
      </div>
      <p role="status">{forgotten ? "Done: this browser no longer holds your name, email or games." : ""}</p>
    </article>
  );
}
