const pad2 = (value: number) => String(value).padStart(2, "0");

/** Game time as the original showed it: m:ss (minutes grow past 59, e.g. 75:04). */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  return `${Math.floor(seconds / 60)}:${pad2(seconds % 60)}`;
}

/** A countdown as h:mm:ss. */
export function formatCountdown(milliseconds: number): string {
  const seconds = Math.max(0, Math.ceil(milliseconds / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  return `${hours}:${pad2(minutes)}:${pad2(seconds % 60)}`;
}

/** The daily puzzle resets at 00:00 UTC. */
export function nextUtcMidnight(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Milliseconds until the next daily: from the server's `resetsAt` when known and still ahead. */
export function msUntilNextDaily(now: Date, resetsAt?: string | null): number {
  const fromServer = resetsAt ? Date.parse(resetsAt) : Number.NaN;
  const target =
    Number.isFinite(fromServer) && fromServer > now.getTime() ? fromServer : nextUtcMidnight(now).getTime();
  return target - now.getTime();
}

/** YYYY-MM-DD of the UTC day containing `date`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** "2005–2006", "2005", or "" when the years are hidden (challenge mode). */
export function formatYears(from: number | null, to: number | null): string {
  if (from === null) return "";
  if (to === null || to === from) return String(from);
  return `${from}–${to}`;
}

/** A moment for people, in their locale and time zone: "3 Mar 2025, 14:02"; "" when unreadable. */
export function formatDateTime(iso: string | null | undefined): string {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date);
}
