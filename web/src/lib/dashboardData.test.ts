import { describe, expect, it } from "vitest";
import type { AnalyticsSummary, TimeseriesDay } from "../api/analyticsTypes";
import type { GameFinishedEvent } from "../live/events";
import {
  accuracyByModeSeries,
  eventCounts,
  formatRate,
  gamesPerDaySeries,
  initialLiveFigures,
  liveFiguresReducer,
  summaryTiles,
  zeroFilledDays,
  type LiveFigures,
} from "./dashboardData";

const figures = {
  gamesStarted: 10,
  gamesFinished: 8,
  gamesSolved: 6,
  completionRate: 0.8,
  solveRate: 0.75,
  accuracy: 0.4251,
  averageDuration: 95.4,
  p50Duration: 80,
  p90Duration: 3725,
  shares: 1234,
};

const SUMMARY: AnalyticsSummary = {
  ...figures,
  from: "2026-11-01",
  to: "2026-11-03",
  mode: null,
  players: 5,
  byMode: [
    { ...figures, mode: "daily", accuracy: 0.5, solveRate: 0.25, gamesFinished: 4 },
    { ...figures, mode: "easy", accuracy: 0.9999, solveRate: 1, gamesFinished: 4 },
  ],
  generatedAt: "2026-11-03T12:00:00.000Z",
};

const day = (date: string, finished: number): TimeseriesDay => ({
  date,
  gamesStarted: finished + 1,
  gamesFinished: finished,
  gamesSolved: finished,
  completionRate: 0.5,
  accuracy: 0.5,
  averageDuration: 60,
  p50Duration: 60,
  p90Duration: 60,
  shares: 0,
});

const finished = (seq: number, extra: Partial<GameFinishedEvent> = {}): GameFinishedEvent => ({
  type: "game_finished",
  seq,
  mode: "easy",
  score: 300,
  solved: 1,
  rounds: 3,
  teamsRevealed: null,
  durationSeconds: 40,
  puzzleNumber: null,
  archive: false,
  at: "2026-11-03T12:00:05.000Z",
  ...extra,
});

const RANGE = { from: "2026-11-01", to: "2026-11-03", mode: null };

describe("summary → KPI tiles", () => {
  it("maps every contract figure to a labelled tile, in order", () => {
    const tiles = summaryTiles(SUMMARY);
    expect(tiles.map((tile) => [tile.key, tile.text])).toEqual([
      ["gamesFinished", "8"],
      ["solveRate", "75%"],
      ["completionRate", "80%"],
      ["accuracy", "42.5%"],
      ["averageDuration", "1:35"],
      ["p90Duration", "62:05"],
      ["players", "5"],
      ["shares", "1,234"],
    ]);
    expect(tiles[0]?.value).toBe(8);
    expect(tiles.every((tile) => tile.label.length > 0)).toBe(true);
  });

  it("keeps rates within 0–100%", () => {
    expect(formatRate(1.2)).toBe("100%");
    expect(formatRate(-0.1)).toBe("0%");
    expect(formatRate(0.0004)).toBe("0%");
  });
});

describe("timeseries → chart series", () => {
  it("zero-fills missing days and drops days outside the range", () => {
    const days = zeroFilledDays([day("2026-11-03", 4), day("2026-10-31", 9), day("2026-11-01", 2)], RANGE);
    expect(days.map((entry) => [entry.date, entry.gamesFinished, entry.gamesStarted])).toEqual([
      ["2026-11-01", 2, 3],
      ["2026-11-02", 0, 0],
      ["2026-11-03", 4, 5],
    ]);
  });

  it("crosses month ends and leap days", () => {
    const days = zeroFilledDays([], { from: "2028-02-27", to: "2028-03-01" });
    expect(days.map((entry) => entry.date)).toEqual(["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"]);
    expect(zeroFilledDays([], { from: "2026-11-03", to: "2026-11-01" })).toEqual([]);
  });

  it("turns days into parallel series", () => {
    const series = gamesPerDaySeries([day("2026-11-01", 2), day("2026-11-02", 0)]);
    expect(series).toEqual({ labels: ["2026-11-01", "2026-11-02"], started: [3, 1], finished: [2, 0], solved: [2, 0] });
  });

  it("orders modes like the game and shows percentages", () => {
    const series = accuracyByModeSeries(SUMMARY.byMode);
    expect(series.modes).toEqual(["easy", "daily"]);
    expect(series.labels).toEqual(["Easy", "Daily"]);
    expect(series.accuracy).toEqual([100, 50]);
    expect(series.solveRate).toEqual([100, 25]);
    expect(accuracyByModeSeries([]).modes).toEqual([]);
  });
});

describe("live figures", () => {
  const loaded = (): LiveFigures =>
    liveFiguresReducer(initialLiveFigures(RANGE), {
      type: "loaded",
      summary: SUMMARY,
      days: [day("2026-11-01", 2), day("2026-11-03", 4)],
    });

  it("counts only events in the range and mode, newer than the figures", () => {
    expect(eventCounts(finished(1), RANGE, SUMMARY.generatedAt)).toBe(true);
    expect(eventCounts(finished(1, { at: "2026-11-03T11:59:59.000Z" }), RANGE, SUMMARY.generatedAt)).toBe(false);
    expect(eventCounts(finished(1, { at: "2026-11-04T00:00:01.000Z" }), RANGE, SUMMARY.generatedAt)).toBe(false);
    expect(eventCounts(finished(1), { ...RANGE, mode: "daily" }, SUMMARY.generatedAt)).toBe(false);
    expect(eventCounts(finished(1), { ...RANGE, mode: "easy" }, SUMMARY.generatedAt)).toBe(true);
    expect(eventCounts(finished(1, { at: "garbage" }), RANGE, SUMMARY.generatedAt)).toBe(false);
  });

  it("bumps the tiles and today's bar for a finished game", () => {
    const after = liveFiguresReducer(loaded(), { type: "finished", event: finished(7) });
    expect(after.summary?.gamesFinished).toBe(9);
    expect(after.summary?.gamesSolved).toBe(7);
    expect(after.summary?.solveRate).toBeCloseTo(7 / 9);
    expect(after.summary?.completionRate).toBeCloseTo(0.9);
    expect(after.summary?.averageDuration).toBeCloseTo((95.4 * 8 + 40) / 9);
    expect(after.summary?.accuracy).toBe(SUMMARY.accuracy);
    expect(after.days?.map((entry) => entry.gamesFinished)).toEqual([2, 0, 5]);

    const unsolved = liveFiguresReducer(after, { type: "finished", event: finished(8, { solved: 0 }) });
    expect(unsolved.summary?.gamesFinished).toBe(10);
    expect(unsolved.summary?.gamesSolved).toBe(7);
    expect(unsolved.days?.[2]?.gamesSolved).toBe(5);
  });

  it("never counts a replayed event twice, and counts again after the feed restarts", () => {
    let state = liveFiguresReducer(loaded(), { type: "finished", event: finished(7) });
    state = liveFiguresReducer(state, { type: "finished", event: finished(7) });
    state = liveFiguresReducer(state, { type: "finished", event: finished(5) });
    expect(state.summary?.gamesFinished).toBe(9);
    state = liveFiguresReducer(state, { type: "restarted", seq: 0 });
    state = liveFiguresReducer(state, { type: "finished", event: finished(1) });
    expect(state.summary?.gamesFinished).toBe(10);
  });

  it("keeps events that arrive while loading and applies the newer ones when the figures land", () => {
    let state = liveFiguresReducer(initialLiveFigures(RANGE), { type: "loading", range: RANGE });
    state = liveFiguresReducer(state, { type: "finished", event: finished(3, { at: "2026-11-03T11:00:00.000Z" }) });
    state = liveFiguresReducer(state, { type: "finished", event: finished(4) });
    expect(state.pending).toHaveLength(2);
    state = liveFiguresReducer(state, { type: "loaded", summary: SUMMARY, days: [] });
    expect(state.pending).toHaveLength(0);
    expect(state.summary?.gamesFinished).toBe(9); // only the one after generatedAt
    expect(state.days?.map((entry) => entry.gamesFinished)).toEqual([0, 0, 1]);
  });

  it("leaves failed figures alone", () => {
    let state = liveFiguresReducer(initialLiveFigures(RANGE), { type: "loaded", summary: null, days: null });
    state = liveFiguresReducer(state, { type: "finished", event: finished(1) });
    expect(state.summary).toBeNull();
    expect(state.days).toBeNull();
  });
});
