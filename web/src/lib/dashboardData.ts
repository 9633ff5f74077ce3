// Pure mappings from the analytics API to what the dashboard draws: KPI tiles, chart series
// (with every day of the range present) and the live bump of both when a game finishes.
import type { AnalyticsRange, AnalyticsSummary, ModeSummary, TimeseriesDay } from "../api/analyticsTypes";
import { GAME_MODES, type GameMode } from "../api/types";
import type { GameFinishedEvent } from "../live/events";
import { addDays, dayInRange, daysInRange } from "./dashboardFilters";
import { formatClock } from "./format";

export interface KpiTile {
  key: string;
  label: string;
  /** The figure as shown. */
  text: string;
  /** The raw number (tests and the e2e spec read it from data-value). */
  value: number;
}

const counts = new Intl.NumberFormat("en-US");

export function formatCount(value: number): string {
  return counts.format(Math.round(value));
}

/** 0.4251 → "42.5%". */
export function formatRate(rate: number): string {
  const percent = Math.round(Math.min(1, Math.max(0, rate)) * 1000) / 10;
  return `${percent}%`;
}

/** Seconds as m:ss, like the game's own clock. */
export function formatDuration(seconds: number): string {
  return formatClock(Math.round(seconds));
}

/** The KPI tiles, in the order they are shown. */
export function summaryTiles(summary: AnalyticsSummary): KpiTile[] {
  const count = (key: string, label: string, value: number): KpiTile => ({
    key,
    label,
    value,
    text: formatCount(value),
  });
  const rate = (key: string, label: string, value: number): KpiTile => ({ key, label, value, text: formatRate(value) });
  const time = (key: string, label: string, value: number): KpiTile => ({
    key,
    label,
    value,
    text: formatDuration(value),
  });
  return [
    count("gamesFinished", "Games finished", summary.gamesFinished),
    rate("solveRate", "Solve rate", summary.solveRate),
    rate("completionRate", "Completion rate", summary.completionRate),
    rate("accuracy", "Guess accuracy", summary.accuracy),
    time("averageDuration", "Average game", summary.averageDuration),
    time("p90Duration", "90th percentile game", summary.p90Duration),
    count("players", "Players", summary.players),
    count("shares", "Shares", summary.shares),
  ];
}

const emptyDay = (date: string): TimeseriesDay => ({
  date,
  gamesStarted: 0,
  gamesFinished: 0,
  gamesSolved: 0,
  completionRate: 0,
  accuracy: 0,
  averageDuration: 0,
  p50Duration: 0,
  p90Duration: 0,
  shares: 0,
});

/** Every calendar day of the range in order, zeros where the server sent nothing; days outside dropped. */
export function zeroFilledDays(days: TimeseriesDay[], range: { from: string; to: string }): TimeseriesDay[] {
  const byDate = new Map(days.map((day) => [day.date, day]));
  const total = daysInRange(range.from, range.to);
  const filled: TimeseriesDay[] = [];
  for (let index = 0; index < total; index++) {
    const date = addDays(range.from, index);
    filled.push(byDate.get(date) ?? emptyDay(date));
  }
  return filled;
}

export interface GamesPerDaySeries {
  labels: string[];
  started: number[];
  finished: number[];
  solved: number[];
}

export function gamesPerDaySeries(days: TimeseriesDay[]): GamesPerDaySeries {
  return {
    labels: days.map((day) => day.date),
    started: days.map((day) => day.gamesStarted),
    finished: days.map((day) => day.gamesFinished),
    solved: days.map((day) => day.gamesSolved),
  };
}

export const MODE_LABELS: Record<GameMode, string> = {
  easy: "Easy",
  challenge: "Challenge",
  daily: "Daily",
  practice: "Practice",
};

export interface ModeAccuracySeries {
  modes: GameMode[];
  labels: string[];
  /** Percent, one decimal. */
  accuracy: number[];
  solveRate: number[];
  finished: number[];
}

const percent = (rate: number) => Math.round(Math.min(1, Math.max(0, rate)) * 1000) / 10;

/** Accuracy and solve rate per mode, in the game's mode order (modes without data are absent). */
export function accuracyByModeSeries(byMode: ModeSummary[]): ModeAccuracySeries {
  const known = byMode.filter((entry) => GAME_MODES.includes(entry.mode));
  const ordered = [...known].sort((a, b) => GAME_MODES.indexOf(a.mode) - GAME_MODES.indexOf(b.mode));
  return {
    modes: ordered.map((entry) => entry.mode),
    labels: ordered.map((entry) => MODE_LABELS[entry.mode]),
    accuracy: ordered.map((entry) => percent(entry.accuracy)),
    solveRate: ordered.map((entry) => percent(entry.solveRate)),
    finished: ordered.map((entry) => entry.gamesFinished),
  };
}

/**
 * Whether a live event belongs in figures computed for `range` at `generatedAt`: inside the
 * dates and mode, and newer than the figures (older ones are counted already — a resumed feed
 * replays what it missed).
 */
export function eventCounts(event: GameFinishedEvent, range: AnalyticsRange, generatedAt: string): boolean {
  if (range.mode && event.mode !== range.mode) return false;
  const at = Date.parse(event.at);
  const since = Date.parse(generatedAt);
  if (!Number.isFinite(at)) return false;
  if (Number.isFinite(since) && at <= since) return false;
  return dayInRange(event.at.slice(0, 10), range);
}

/**
 * The summary after one more finished game. Only what the event tells exactly moves: counts,
 * solve and completion rates and the mean duration; accuracy, percentiles and players wait for
 * the next load.
 */
export function bumpSummary(summary: AnalyticsSummary, event: GameFinishedEvent): AnalyticsSummary {
  const finished = summary.gamesFinished + 1;
  const solved = summary.gamesSolved + (event.solved > 0 ? 1 : 0);
  const duration = Number.isFinite(event.durationSeconds) ? event.durationSeconds : summary.averageDuration;
  return {
    ...summary,
    gamesFinished: finished,
    gamesSolved: solved,
    solveRate: solved / finished,
    completionRate: summary.gamesStarted > 0 ? Math.min(1, finished / summary.gamesStarted) : summary.completionRate,
    averageDuration: (summary.averageDuration * summary.gamesFinished + duration) / finished,
  };
}

/** The per-day counts after one more finished game (the event's UTC day). */
export function bumpDays(days: TimeseriesDay[], event: GameFinishedEvent): TimeseriesDay[] {
  const date = event.at.slice(0, 10);
  return days.map((day) =>
    day.date === date
      ? { ...day, gamesFinished: day.gamesFinished + 1, gamesSolved: day.gamesSolved + (event.solved > 0 ? 1 : 0) }
      : day,
  );
}

/**
 * The figures on screen: what the server computed plus the finished games the live feed has
 * reported since. Events that arrive while a load is in flight wait in `pending` and are applied
 * (if newer than the figures) when it lands.
 */
export interface LiveFigures {
  range: AnalyticsRange;
  summary: AnalyticsSummary | null;
  days: TimeseriesDay[] | null;
  loaded: boolean;
  pending: GameFinishedEvent[];
  /** The highest seq applied or queued: a replayed event is never counted twice. */
  countedSeq: number;
}

export type LiveFiguresAction =
  | { type: "loading"; range: AnalyticsRange }
  | { type: "loaded"; summary: AnalyticsSummary | null; days: TimeseriesDay[] | null }
  | { type: "finished"; event: GameFinishedEvent }
  /** The feed restarted (its seq went backwards): count from there. */
  | { type: "restarted"; seq: number };

export const PENDING_CAP = 1000;

export function initialLiveFigures(range: AnalyticsRange): LiveFigures {
  return { range, summary: null, days: null, loaded: false, pending: [], countedSeq: -1 };
}

function applyEvent(figures: LiveFigures, event: GameFinishedEvent): LiveFigures {
  const { summary, days, range } = figures;
  if (!summary || !eventCounts(event, range, summary.generatedAt)) return figures;
  return { ...figures, summary: bumpSummary(summary, event), days: days ? bumpDays(days, event) : days };
}

export function liveFiguresReducer(figures: LiveFigures, action: LiveFiguresAction): LiveFigures {
  switch (action.type) {
    case "loading":
      return { ...initialLiveFigures(action.range), countedSeq: figures.countedSeq };
    case "loaded": {
      const days = action.days ? zeroFilledDays(action.days, figures.range) : null;
      const landed: LiveFigures = { ...figures, summary: action.summary, days, loaded: true, pending: [] };
      return figures.pending.reduce(applyEvent, landed);
    }
    case "finished": {
      if (action.event.seq <= figures.countedSeq) return figures;
      const counted = { ...figures, countedSeq: action.event.seq };
      if (!figures.loaded) return { ...counted, pending: [...figures.pending, action.event].slice(-PENDING_CAP) };
      return applyEvent(counted, action.event);
    }
    case "restarted":
      return action.seq < figures.countedSeq ? { ...figures, countedSeq: action.seq } : figures;
  }
}
