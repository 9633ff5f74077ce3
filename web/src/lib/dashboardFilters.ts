// The dashboard keeps its date range, mode and table page in the URL, so a reload, Back or a
// shared link shows the same figures. No from/to in the URL means "the last 30 days" (rolling),
// the same default as the server's.
import type { AnalyticsRange } from "../api/analyticsTypes";
import { isGameMode, type GameMode } from "../api/types";

export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;
export const CAREERS_PAGE_SIZE = 10;
export const DASHBOARD_PATH = "/dashboard";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MS_PER_DAY = 86_400_000;

export interface DashboardView {
  /** YYYY-MM-DD or "" for the default. */
  from: string;
  to: string;
  mode: GameMode | null;
  /** Offset into the hardest-journeymen table. */
  careersOffset: number;
}

/** A real calendar day (2026-02-30 is not one). */
export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both included (0 when to is before from). */
export function daysInRange(from: string, to: string): number {
  const span = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY;
  return span < 0 ? 0 : Math.round(span) + 1;
}

export function dashboardViewFromSearch(search: URLSearchParams): DashboardView {
  const day = (key: string) => {
    const value = search.get(key) ?? "";
    return isDay(value) ? value : "";
  };
  const mode = search.get("mode") ?? "";
  const offset = search.get("careersOffset") ?? "";
  return {
    from: day("from"),
    to: day("to"),
    mode: isGameMode(mode) ? mode : null,
    careersOffset: /^\d{1,9}$/.test(offset) ? Number(offset) : 0,
  };
}

/** The page URL for a view: defaults left out. */
export function dashboardViewHref(view: DashboardView): string {
  const search = new URLSearchParams();
  if (view.from) search.set("from", view.from);
  if (view.to) search.set("to", view.to);
  if (view.mode) search.set("mode", view.mode);
  if (view.careersOffset > 0) search.set("careersOffset", String(view.careersOffset));
  const query = search.toString();
  return query ? `${DASHBOARD_PATH}?${query}` : DASHBOARD_PATH;
}

/** Why a from/to pair cannot be asked for, or "" when it can (checked before the server is). */
export function rangeProblem(from: string, to: string): string {
  if (from && !isDay(from)) return "The start date is not a valid day.";
  if (to && !isDay(to)) return "The end date is not a valid day.";
  if (from && to && from > to) return "The start date is after the end date.";
  if (from && to && daysInRange(from, to) > MAX_RANGE_DAYS) return `Choose at most ${MAX_RANGE_DAYS} days.`;
  return "";
}

/**
 * The explicit range to ask for: missing ends filled like the server does (to = today,
 * from = to − 29 days; a lone from gets to = from + 29 days, capped at today).
 */
export function resolveRange(view: DashboardView, today: string): AnalyticsRange {
  let to = view.to;
  if (!to) to = view.from ? minDay(addDays(view.from, DEFAULT_RANGE_DAYS - 1), maxDay(today, view.from)) : today;
  const from = view.from || addDays(to, -(DEFAULT_RANGE_DAYS - 1));
  return { from, to, mode: view.mode };
}

const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);

/** Whether a day (YYYY-MM-DD) lies in the range, ends included. */
export function dayInRange(day: string, range: { from: string; to: string }): boolean {
  return day >= range.from && day <= range.to;
}
