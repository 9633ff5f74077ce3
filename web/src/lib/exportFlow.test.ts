import { describe, expect, it, vi } from "vitest";
import type { ExportAccepted, ExportJob } from "../api/analyticsTypes";
import { ApiError } from "../api/http";
import {
  exportBusy,
  exportReducer,
  initialExportState,
  runExport,
  type ExportAction,
  type ExportState,
} from "./exportFlow";

const RANGE = { from: "2026-11-01", to: "2026-11-25", mode: null };
const ACCEPTED: ExportAccepted = { success: true, exportKey: "job1", statusUrl: "/api/v1/jobs/job1" };

const run = (actions: ExportAction[], from: ExportState = initialExportState) => actions.reduce(exportReducer, from);

describe("export state machine", () => {
  it("goes requesting → queued → running → done", () => {
    const states: ExportState[] = [];
    let state = initialExportState;
    for (const action of [
      { type: "start" },
      { type: "accepted", jobId: "job1", statusUrl: "/api/v1/jobs/job1" },
      { type: "status", job: { id: "job1", status: "queued" } },
      { type: "status", job: { id: "job1", status: "running" } },
      {
        type: "status",
        job: {
          id: "job1",
          status: "done",
          downloadUrl: "/api/v1/jobs/job1/download",
          expiresAt: "2026-11-26T00:00:00Z",
        },
      },
    ] as ExportAction[]) {
      state = exportReducer(state, action);
      states.push(state);
    }
    expect(states.map((entry) => entry.phase)).toEqual(["requesting", "queued", "queued", "running", "done"]);
    expect(state).toEqual({
      phase: "done",
      jobId: "job1",
      downloadUrl: "/api/v1/jobs/job1/download",
      expiresAt: "2026-11-26T00:00:00Z",
    });
    expect(exportBusy(state)).toBe(false);
  });

  it("fails with the job's reason, or when done comes without a link", () => {
    const queued = run([{ type: "start" }, { type: "accepted", jobId: "j", statusUrl: "/s" }]);
    expect(exportReducer(queued, { type: "status", job: { id: "j", status: "failed", error: "disk full" } })).toEqual({
      phase: "failed",
      message: "The export failed: disk full",
    });
    expect(exportReducer(queued, { type: "status", job: { id: "j", status: "done" } }).phase).toBe("failed");
    expect(exportReducer(queued, { type: "error", message: "offline" })).toEqual({
      phase: "failed",
      message: "offline",
    });
  });

  it("ignores actions that make no sense in the current phase", () => {
    const requesting = run([{ type: "start" }]);
    expect(exportReducer(requesting, { type: "start" })).toBe(requesting);
    expect(exportReducer(requesting, { type: "reset" })).toBe(requesting);
    expect(exportReducer(requesting, { type: "status", job: { id: "j", status: "done", downloadUrl: "/d" } })).toBe(
      requesting,
    );
    expect(exportReducer(initialExportState, { type: "accepted", jobId: "j", statusUrl: "/s" })).toBe(
      initialExportState,
    );
    expect(exportReducer(initialExportState, { type: "error", message: "late" })).toBe(initialExportState);
    const failed = run([{ type: "start" }, { type: "error", message: "x" }]);
    expect(exportReducer(failed, { type: "start" }).phase).toBe("requesting");
    expect(exportReducer(failed, { type: "reset" })).toBe(initialExportState);
  });
});

describe("runExport", () => {
  function fakeApi(statuses: Array<ExportJob | Error>, accepted: ExportAccepted | Error = ACCEPTED) {
    return {
      startExport: vi.fn(async () => {
        if (accepted instanceof Error) throw accepted;
        return accepted;
      }),
      exportStatus: vi.fn(async () => {
        const next = statuses.shift();
        if (!next) throw new Error("polled too often");
        if (next instanceof Error) throw next;
        return next;
      }),
    };
  }

  async function phases(api: ReturnType<typeof fakeApi>, options = {}) {
    let state = initialExportState;
    const seen: string[] = [];
    await runExport(
      api,
      RANGE,
      (action) => {
        state = exportReducer(state, action);
        seen.push(state.phase);
      },
      { sleep: async () => undefined, ...options },
    );
    return { seen, state };
  }

  it("polls the status URL until the job is done", async () => {
    const api = fakeApi([
      { id: "job1", status: "queued" },
      { id: "job1", status: "running" },
      { id: "job1", status: "done", downloadUrl: "/api/v1/jobs/job1/download" },
    ]);
    const { seen, state } = await phases(api);
    expect(seen).toEqual(["requesting", "queued", "queued", "running", "done"]);
    expect(state.phase === "done" && state.downloadUrl).toBe("/api/v1/jobs/job1/download");
    expect(api.startExport).toHaveBeenCalledWith(RANGE);
    expect(api.exportStatus).toHaveBeenCalledTimes(3);
    expect(api.exportStatus).toHaveBeenCalledWith("/api/v1/jobs/job1");
  });

  it("ends failed when the job fails", async () => {
    const { state } = await phases(
      fakeApi([
        { id: "job1", status: "running" },
        { id: "job1", status: "failed", error: "boom" },
      ]),
    );
    expect(state).toEqual({ phase: "failed", message: "The export failed: boom" });
  });

  it("surfaces a refused start and a failed poll as sentences", async () => {
    const refused = await phases(fakeApi([], new ApiError(403, "forbidden", "Forbidden")));
    expect(refused.state).toEqual({ phase: "failed", message: "Your account may not export analytics." });
    const invalid = await phases(fakeApi([], new ApiError(400, "invalid_field", "endDate must be a date", "endDate")));
    expect(invalid.state).toEqual({ phase: "failed", message: "The export was refused: endDate must be a date" });
    const network = await phases(fakeApi([new ApiError(0, "network", "offline")]));
    expect(network.state.phase).toBe("failed");
    expect(network.state.phase === "failed" && network.state.message).toMatch(/couldn't reach/);
  });

  it("gives up after the longest wait", async () => {
    let clock = 0;
    const api = fakeApi(Array.from({ length: 10 }, () => ({ id: "job1", status: "running" as const })));
    const { state } = await phases(api, {
      now: () => clock,
      sleep: async (ms: number) => {
        clock += ms;
      },
      pollIntervalMs: 1000,
      maxWaitMs: 2500,
    });
    expect(state).toEqual({ phase: "failed", message: "The export is taking too long; try a shorter range." });
    expect(api.exportStatus).toHaveBeenCalledTimes(4);
  });

  it("stops quietly when the page goes away", async () => {
    let gone = false;
    const api = fakeApi([
      { id: "job1", status: "queued" },
      { id: "job1", status: "done", downloadUrl: "/d" },
    ]);
    const { seen } = await phases(api, {
      cancelled: () => gone,
      sleep: async () => {
        gone = true;
      },
    });
    expect(seen).toEqual(["requesting", "queued", "queued"]);
    expect(api.exportStatus).toHaveBeenCalledTimes(1);
  });
});
