// The dashboard's live list of finished games (analyst channel): newest first, each game once
// (a resumed feed may replay events already shown), never longer than a cap.
import type { GameFinishedEvent } from "./events";

/** The analyst channel adds who played (the name they gave, never an e-mail) and the game id. */
export interface AnalystGameFinishedEvent extends GameFinishedEvent {
  gameId?: string;
  playerName?: string;
}

export const FEED_CAP = 50;

/** `incoming` (any order) merged into `current` (newest first): deduplicated by seq, capped. */
export function mergeFeed<T extends { seq: number }>(current: T[], incoming: T[], cap = FEED_CAP): T[] {
  if (incoming.length === 0) return current;
  const seen = new Set(current.map((item) => item.seq));
  const fresh: T[] = [];
  for (const item of incoming) {
    if (seen.has(item.seq)) continue;
    seen.add(item.seq);
    fresh.push(item);
  }
  if (fresh.length === 0) return current;
  return [...fresh, ...current].sort((a, b) => b.seq - a.seq).slice(0, Math.max(0, cap));
}

/** What the polite live region says for a batch of new games (throttled by the caller). */
export function announceNewGames(count: number): string {
  if (count <= 0) return "";
  return count === 1 ? "1 more game finished." : `${count} more games finished.`;
}
