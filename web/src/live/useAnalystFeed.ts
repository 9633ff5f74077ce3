import { useEffect, useRef, useState } from "react";
import { auth } from "../api/auth";
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
}

/**
 * The analyst channel (GET /ws?channel=analyst&token=…): the newest finished games for the list
 * at once, and a throttled sentence for screen readers so the region never chatters.
 */
export function useAnalystFeed({ onFinished, onHello }: AnalystFeedHandlers) {
  const [status, setStatus] = useState<LiveStatus>("connecting");
  const [items, setItems] = useState<AnalystGameFinishedEvent[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [refused, setRefused] = useState(false);
  const handlers = useRef({ onFinished, onHello });
  handlers.current = { onFinished, onHello };

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
    const onEvent = (event: LiveEvent) => {
      if (event.type === "hello") handlers.current.onHello?.(event.seq);
      if (event.type !== "game_finished") return;
      const finished = event as AnalystGameFinishedEvent;
      handlers.current.onFinished(finished);
      setItems((current) => mergeFeed(current, [finished], FEED_CAP));
      unannounced += 1;
      if (timer === null) timer = setTimeout(announce, Math.max(0, lastAnnounced + ANNOUNCE_EVERY_MS - Date.now()));
    };
    const client = new LiveFeedClient({
      url: liveFeedUrl(window.location),
      channel: "analyst",
      token: auth.liveFeedToken,
      renewToken: auth.refresh,
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
