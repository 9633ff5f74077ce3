import { useEffect, useRef, useState } from "react";
import { describeFinishedGame, type GameFinishedEvent, type LiveEvent } from "./events";
import { LiveFeedClient, liveFeedUrl, type LiveStatus } from "./liveFeed";

/** Lines shown at once, and the least time between two updates a screen reader announces. */
export const TICKER_LINES = 3;
export const ANNOUNCE_EVERY_MS = 15_000;

interface TickerLine {
  seq: number;
  text: string;
}

/**
 * "Live now" on the home page: the latest games finished by anyone (anonymised by the
 * server's public channel). Hidden while the socket is down. Updates are throttled: at most
 * one change every 15 s reaches the polite live region, so it never chatters over the page.
 */
export function LiveTicker() {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [lines, setLines] = useState<TickerLine[]>([]);
  const [today, setToday] = useState<number | null>(null);
  const pending = useRef<TickerLine[]>([]);
  const lastShown = useRef(0);
  const flushTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const flush = () => {
      flushTimer.current = null;
      lastShown.current = Date.now();
      const fresh = pending.current;
      pending.current = [];
      setLines((current) => [...fresh.reverse(), ...current].slice(0, TICKER_LINES));
    };
    const onEvent = (event: LiveEvent) => {
      if (event.type === "counters") setToday(event.gamesFinishedToday);
      if (event.type !== "game_finished") return;
      pending.current.push({ seq: event.seq, text: describeFinishedGame(event as GameFinishedEvent) });
      if (flushTimer.current !== null) return;
      const wait = Math.max(0, lastShown.current + ANNOUNCE_EVERY_MS - Date.now());
      flushTimer.current = setTimeout(flush, wait);
    };
    const client = new LiveFeedClient({ url: liveFeedUrl(window.location), onEvent, onStatus: setStatus });
    client.start();
    return () => {
      client.stop();
      if (flushTimer.current !== null) clearTimeout(flushTimer.current);
    };
  }, []);

  const hidden = status !== "open" || (lines.length === 0 && today === null);
  return (
    <section className="card live-ticker" aria-labelledby="live-heading" hidden={hidden} data-cy="live-ticker">
      <h2 id="live-heading" className="section-title">
        Live now
      </h2>
      <ul aria-live="polite" aria-atomic="false" className="live-lines">
        {lines.map((line) => (
          <li key={line.seq}>{line.text}</li>
        ))}
      </ul>
      {today !== null && (
        <p className="live-count" data-cy="live-count">
          {today} {today === 1 ? "game" : "games"} finished today
        </p>
      )}
    </section>
  );
}
