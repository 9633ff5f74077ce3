import { describe, expect, it } from "vitest";
import {
  daysInRange,
  dashboardViewFromSearch,
  dashboardViewHref,
  isDay,
  rangeProblem,
  resolveRange,
  type DashboardView,
} from "./dashboardFilters";

const view = (search: string) => dashboardViewFromSearch(new URLSearchParams(search));

describe("dashboard filters ↔ URL", () => {
  it("reads from, to, mode and the table page from the query", () => {
    expect(view("from=2026-10-01&to=2026-10-31&mode=daily&careersOffset=20")).toEqual({
      from: "2026-10-01",
      to: "2026-10-31",
      mode: "daily",
      careersOffset: 20,
    });
  });

  it("ignores values that are not days, modes or offsets", () => {
    expect(view("from=2026-02-30&to=yesterday&mode=hard&careersOffset=-5")).toEqual({
      from: "",
      to: "",
      mode: null,
      careersOffset: 0,
    });
    expect(view("careersOffset=1e3").careersOffset).toBe(0);
  });

  it("writes only what differs from the defaults, and reads back the same view", () => {
    expect(dashboardViewHref({ from: "", to: "", mode: null, careersOffset: 0 })).toBe("/dashboard");
    const chosen: DashboardView = { from: "2026-10-01", to: "2026-10-31", mode: "practice", careersOffset: 10 };
    const href = dashboardViewHref(chosen);
    expect(href).toBe("/dashboard?from=2026-10-01&to=2026-10-31&mode=practice&careersOffset=10");
    expect(view(href.split("?")[1] ?? "")).toEqual(chosen);
  });
});

describe("ranges", () => {
  it("defaults like the server: the 30 days up to today", () => {
    expect(resolveRange(view(""), "2026-11-25")).toEqual({ from: "2026-10-27", to: "2026-11-25", mode: null });
    expect(resolveRange(view("to=2026-03-01&mode=easy"), "2026-11-25")).toEqual({
      from: "2026-01-31",
      to: "2026-03-01",
      mode: "easy",
    });
    expect(resolveRange(view("from=2026-11-20"), "2026-11-25")).toEqual({
      from: "2026-11-20",
      to: "2026-11-25",
      mode: null,
    });
    expect(resolveRange(view("from=2026-01-01"), "2026-11-25").to).toBe("2026-01-30");
  });

  it("explains a range the server would refuse", () => {
    expect(rangeProblem("2026-11-02", "2026-11-01")).toMatch(/after the end/);
    expect(rangeProblem("2025-01-01", "2026-01-02")).toMatch(/at most 366 days/);
    expect(rangeProblem("2025-01-01", "2026-01-01")).toBe("");
    expect(rangeProblem("2026-13-01", "")).toMatch(/not a valid day/);
    expect(rangeProblem("", "")).toBe("");
  });

  it("knows real days and counts them", () => {
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2026-02-29")).toBe(false);
    expect(daysInRange("2026-11-01", "2026-11-01")).toBe(1);
    expect(daysInRange("2026-10-25", "2026-11-03")).toBe(10);
  });
});
