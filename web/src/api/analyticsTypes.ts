// Shapes of the analytics API (issue #5, /work/briefs/analytics-contract.md): what the
// operator dashboard reads. Rates are 0..1, durations seconds, days YYYY-MM-DD (UTC).
import type { GameMode } from "./types";

/** The figures shared by the whole range and each mode in it. */
export interface SummaryFigures {
  gamesStarted: number;
  gamesFinished: number;
  gamesSolved: number;
  completionRate: number;
  solveRate: number;
  accuracy: number;
  averageDuration: number;
  p50Duration: number;
  p90Duration: number;
  shares: number;
}

export interface ModeSummary extends SummaryFigures {
  mode: GameMode;
}

export interface AnalyticsSummary extends SummaryFigures {
  from: string;
  to: string;
  mode: GameMode | null;
  /** Distinct players who finished a game in the range. */
  players: number;
  /** Modes with data only. */
  byMode: ModeSummary[];
  generatedAt: string;
}

export interface TimeseriesDay {
  date: string;
  gamesStarted: number;
  gamesFinished: number;
  gamesSolved: number;
  completionRate: number;
  accuracy: number;
  averageDuration: number;
  p50Duration: number;
  p90Duration: number;
  shares: number;
}

export interface AnalyticsTimeseries {
  from: string;
  to: string;
  mode: GameMode | null;
  /** One per calendar day in the range, zero-filled by the server (the client fills gaps too). */
  days: TimeseriesDay[];
}

export const CAREER_SORTS = ["hardest", "most_shown", "easiest"] as const;
export type CareerSort = (typeof CAREER_SORTS)[number];

export interface CareerStats {
  nflPlayerId: number;
  name: string;
  teams: number;
  timesShown: number;
  timesSolved: number;
  solveRate: number;
  meanGuesses: number;
  meanTeamsNeeded: number | null;
}

export interface CareersPage {
  items: CareerStats[];
  total: number;
  limit: number;
  offset: number;
  sort: CareerSort;
}

/** The range and mode every dated analytics call takes. */
export interface AnalyticsRange {
  from: string;
  to: string;
  mode: GameMode | null;
}

/** POST /export-analytics answers 202 with the job to poll. */
export interface ExportAccepted {
  success: boolean;
  exportKey: string;
  statusUrl: string;
  message?: string;
}

export type ExportJobStatus = "queued" | "running" | "done" | "failed";

export interface ExportJob {
  id: string;
  status: ExportJobStatus;
  downloadUrl?: string;
  expiresAt?: string;
  error?: string;
}
