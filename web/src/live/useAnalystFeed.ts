import { useEffect, useRef, useState } from "react";
import { announceNewGames, FEED_CAP, mergeFeed, type AnalystGameFinishedEvent } from "./analystFeed";
import type { LiveEvent } from "./events";
import { LiveFeedClient, liveFeedUrl, type LiveStatus } from "./liveFeed";

/** The least time between two announcements of the polite live region. */
export const ANNOUNCE_EVERY_MS = 10_000;

export interface AnalystFeedHandlers {
  /** Every finished game, once per seq (the figures count them). */
  onFinished: (event: AnalystGameFinishedEvent) => void;
  /** The hello of a feed whose seq went backwards (it restarted). */
  onHello?: (seq: number) => void;
  /** The credential for ?token=, read before every connect. */
  token: () => string | null;
  /** Fresh credentials after a refusal (an expired token); true while still signed in. */
  renewToken: () => Promise<boolean>;
}

/**
 * The analyst channel (GET /ws?channel=analyst&token=…): the newest finished games for the list
 * at once, and a throttled sentence for screen readers so the region never chatters.
 */
export function useAnalystFeed({ onFinished, onHello, token, renewToken }: AnalystFeedHandlers) {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [items, setItems] = useState<AnalystGameFinishedEvent[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [refused, setRefused] = useState(false);
  const handlers = useRef({ onFinished, onHello, token, renewToken });
  handlers.current = { onFinished, onHello, token, renewToken };

  useEffect(() => {
    let unannounced = 0;
    let lastAnnounced = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const announce = () => {
      timer = null;
      lastAnnounced = Date.now();
      setAnnouncement(announceNewGames(unannounced));
      unannounced = 0;
    };
    // A resumed feed replays recent events: each seq is announced once (a restarted feed,
    // whose hello seq went backwards, counts from there).
    let highestSeq = -1;
    const onEvent = (event: LiveEvent) => {
      if (event.type === "hello") {
        if (event.seq < highestSeq) highestSeq = event.seq;
        handlers.current.onHello?.(event.seq);
      }
      if (event.type !== "game_finished" || event.seq <= highestSeq) return;
      highestSeq = event.seq;
      const finished = event as AnalystGameFinishedEvent;
      handlers.current.onFinished(finished);
      setItems((current) => mergeFeed(current, [finished], FEED_CAP));
      unannounced += 1;
      if (timer === null) timer = setTimeout(announce, Math.max(0, lastAnnounced + ANNOUNCE_EVERY_MS - Date.now()));
    };
    const client = new LiveFeedClient({
      url: liveFeedUrl(window.location),
      channel: "analyst",
      token: () => handlers.current.token(),
      renewToken: () => handlers.current.renewToken(),
      onEvent,
      onStatus: setStatus,
      onRefused: () => setRefused(true),
    });
    client.start();
    return () => {
      client.stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);

  return { status, items, announcement, refused };
}
