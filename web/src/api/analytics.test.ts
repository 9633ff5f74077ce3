import { describe, expect, it, vi } from "vitest";
import { createAnalyticsApi, legacyAwareError, rangeQuery } from "./analytics";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

describe("analytics API", () => {
  it("asks for the range and mode", async () => {
    expect(rangeQuery({ from: "2026-11-01", to: "2026-11-25", mode: null })).toBe("from=2026-11-01&to=2026-11-25");
    const fetchImpl = vi.fn(async () => json(200, { days: [] }));
    const api = createAnalyticsApi(fetchImpl);
    await api.timeseries({ from: "2026-11-01", to: "2026-11-25", mode: "daily" });
    await api.careers({ sort: "hardest", limit: 10, offset: 20 });
    expect(fetchImpl.mock.calls.map((call) => (call as unknown[])[0])).toEqual([
      "/api/v1/analytics/timeseries?from=2026-11-01&to=2026-11-25&mode=daily",
      "/api/v1/analytics/careers?sort=hardest&limit=10&offset=20",
    ]);
  });

  it("starts a CSV export of the range on the compatible path", async () => {
    const fetchImpl = vi.fn(async (_path: string, _init?: RequestInit) =>
      json(202, { success: true, exportKey: "job9", statusUrl: "/api/v1/jobs/job9", message: "queued" }),
    );
    const accepted = await createAnalyticsApi(fetchImpl).startExport({
      from: "2026-11-01",
      to: "2026-11-25",
      mode: "easy",
    });
    expect(accepted.exportKey).toBe("job9");
    const [path, init] = fetchImpl.mock.calls[0] ?? [];
    expect(path).toBe("/export-analytics");
    expect(init?.method).toBe("POST");
    expect(JSON.parse(String(init?.body))).toEqual({
      startDate: "2026-11-01",
      endDate: "2026-11-25",
      format: "csv",
      gameType: "easy",
    });
  });

  it("reads both error styles", async () => {
    const legacy = await legacyAwareError(
      json(403, { success: false, error: "Analyst access required", code: "forbidden" }),
    );
    expect([legacy.status, legacy.code, legacy.message]).toEqual([403, "forbidden", "Analyst access required"]);
    const standard = await legacyAwareError(
      json(400, { error: { code: "invalid_field", message: "from must be a date", field: "from" }, requestId: "r1" }),
    );
    expect([standard.status, standard.code, standard.field, standard.requestId]).toEqual([
      400,
      "invalid_field",
      "from",
      "r1",
    ]);
    const fetchImpl = vi.fn(async () =>
      json(400, { success: false, error: "Invalid date range", code: "invalid_field" }),
    );
    await expect(
      createAnalyticsApi(fetchImpl).startExport({ from: "2026-11-01", to: "2026-11-02", mode: null }),
    ).rejects.toMatchObject({
      status: 400,
      message: "Invalid date range",
    });
  });

  it("refuses a 202 that names no job", async () => {
    const fetchImpl = vi.fn(async () => json(202, { success: true }));
    await expect(
      createAnalyticsApi(fetchImpl).startExport({ from: "2026-11-01", to: "2026-11-02", mode: null }),
    ).rejects.toMatchObject({
      code: "bad_response",
    });
  });
});
