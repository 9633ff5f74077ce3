import { describe, expect, it } from "vitest";
import { formatClock, formatCountdown, formatYears, msUntilNextDaily, nextUtcMidnight, utcDay } from "./format";

describe("formatClock", () => {
  it("formats m:ss like the original", () => {
    expect(formatClock(0)).toBe("0:00");
    expect(formatClock(5)).toBe("0:05");
    expect(formatClock(65)).toBe("1:05");
    expect(formatClock(600)).toBe("10:00");
    expect(formatClock(3725)).toBe("62:05");
  });

  it("floors fractions and clamps negatives", () => {
    expect(formatClock(59.99)).toBe("0:59");
    expect(formatClock(-3)).toBe("0:00");
  });
});

describe("countdown to the next daily", () => {
  it("formats h:mm:ss, rounding partial seconds up", () => {
    expect(formatCountdown(0)).toBe("0:00:00");
    expect(formatCountdown(999)).toBe("0:00:01");
    expect(formatCountdown((5 * 3600 + 3 * 60 + 12) * 1000)).toBe("5:03:12");
  });

  it("targets 00:00 UTC of the next day", () => {
    expect(nextUtcMidnight(new Date("2026-11-25T23:59:59Z")).toISOString()).toBe("2026-11-26T00:00:00.000Z");
    expect(nextUtcMidnight(new Date("2026-12-31T00:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
    expect(msUntilNextDaily(new Date("2026-11-25T22:00:00Z"))).toBe(2 * 3600 * 1000);
  });

  it("prefers the server's resetsAt while it is ahead", () => {
    const now = new Date("2026-11-25T22:00:00Z");
    expect(msUntilNextDaily(now, "2026-11-25T23:00:00Z")).toBe(3600 * 1000);
    expect(msUntilNextDaily(now, "2026-11-25T21:00:00Z")).toBe(2 * 3600 * 1000);
    expect(msUntilNextDaily(now, "not a date")).toBe(2 * 3600 * 1000);
  });

  it("names the UTC day", () => {
    expect(utcDay(new Date("2026-11-25T23:30:00-05:00"))).toBe("2026-11-26");
  });
});

describe("formatYears", () => {
  it("shows a span, a single year, or nothing when hidden", () => {
    expect(formatYears(2005, 2006)).toBe("2005–2006");
    expect(formatYears(2009, 2009)).toBe("2009");
    expect(formatYears(2009, null)).toBe("2009");
    expect(formatYears(null, null)).toBe("");
  });
});
