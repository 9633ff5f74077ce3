// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from "vitest";
import { computeStreak, loadHistory, recordGame, setRecordedScore, type FinishedGame } from "./history";

function game(overrides: Partial<FinishedGame>): FinishedGame {
  return {
    gameId: crypto.randomUUID(),
    mode: "daily",
    day: "2026-11-25",
    archive: false,
    puzzleNumber: 1,
    finishedAt: "2026-11-25T12:00:00Z",
    score: 50,
    solved: 1,
    roundCount: 1,
    durationSeconds: 60,
    rounds: [],
    ...overrides,
  };
}

describe("local history", () => {
  beforeEach(() => localStorage.clear());

  it("keeps games newest first and replaces by id", () => {
    recordGame(game({ gameId: "a", score: null }));
    recordGame(game({ gameId: "b" }));
    recordGame(game({ gameId: "a", score: null }));
    expect(loadHistory().map((entry) => entry.gameId)).toEqual(["a", "b"]);
    setRecordedScore("a", 77);
    expect(loadHistory()[0]?.score).toBe(77);
  });
});

describe("computeStreak", () => {
  const daily = (day: string, solved = 1) => game({ day, solved });

  it("counts consecutive solved dailies up to today or yesterday", () => {
    const history = [daily("2026-11-23"), daily("2026-11-24"), daily("2026-11-25")];
    expect(computeStreak(history, "2026-11-25")).toEqual({ current: 3, best: 3 });
    expect(computeStreak(history, "2026-11-26")).toEqual({ current: 3, best: 3 });
    expect(computeStreak(history, "2026-11-27")).toEqual({ current: 0, best: 3 });
  });

  it("breaks on a gap or a failed daily and keeps the best run", () => {
    const history = [
      daily("2026-11-01"),
      daily("2026-11-02"),
      daily("2026-11-03"),
      daily("2026-11-04", 0),
      daily("2026-11-24"),
      daily("2026-11-25"),
    ];
    expect(computeStreak(history, "2026-11-25")).toEqual({ current: 2, best: 3 });
  });

  it("ignores archive dailies, other modes and duplicate days", () => {
    const history = [
      daily("2026-11-24"),
      daily("2026-11-24"),
      game({ day: "2026-11-25", archive: true }),
      game({ day: "2026-11-25", mode: "easy" }),
    ];
    expect(computeStreak(history, "2026-11-25")).toEqual({ current: 1, best: 1 });
    expect(computeStreak([], "2026-11-25")).toEqual({ current: 0, best: 0 });
  });
});
