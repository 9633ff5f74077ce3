import { describe, expect, it, vi } from "vitest";
import { attachmentName, auditQuery, createAccountApi, ownPath } from "./account";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const DOCUMENT = { exportedAt: "2025-01-01T00:00:00Z", user: { email: "jane@example.com" }, games: [], consents: [], auditLog: [] };

describe("the data export", () => {
  it("saves a 200 answer under the server's file name", async () => {
    const fetchImpl = vi.fn(async () =>
      json(200, DOCUMENT, { "Content-Disposition": 'attachment; filename="journeyman-export-u1.json"' }),
    );
    const file = await createAccountApi(fetchImpl).exportData("u1");
    expect(file.filename).toBe("journeyman-export-u1.json");
    expect(JSON.parse(await file.blob.text())).toEqual(DOCUMENT);
    expect(fetchImpl).toHaveBeenCalledWith("/api/v1/me/export", expect.objectContaining({ method: "GET" }));
  });

  it("on 202 polls the job until it is done, then downloads it", async () => {
    const statuses = ["queued", "running", "done"];
    const fetchImpl = vi.fn(async (path: string) => {
      if (path === "/api/v1/me/export") {
        return json(202, { job: { id: "j1", status: "queued", statusUrl: "/api/v1/jobs/j1" } });
      }
      if (path === "/api/v1/jobs/j1") {
        const status = statuses.shift() ?? "done";
        return json(200, { id: "j1", status, ...(status === "done" ? { downloadUrl: "http://localhost:1234/api/v1/exports/j1" } : {}) });
      }
      if (path === "/api/v1/exports/j1") return json(200, DOCUMENT);
      throw new Error(`unexpected ${path}`);
    });
    const phases: string[] = [];
    // A same-origin absolute download URL is fetched as a path, so it gets the Bearer token.
    vi.stubGlobal("location", { origin: "http://localhost:1234" });
    const file = await createAccountApi(fetchImpl)
      .exportData("u1", {
        pollIntervalMs: 0,
        onProgress: (progress) => phases.push(progress.phase === "waiting" ? `waiting:${progress.job.status}` : progress.phase),
      })
      .finally(() => vi.unstubAllGlobals());
    expect(file.filename).toBe("journeyman-export-u1.json");
    expect(JSON.parse(await file.blob.text())).toEqual(DOCUMENT);
    expect(phases).toEqual(["requesting", "waiting:queued", "waiting:queued", "waiting:running", "downloading"]);
    expect(fetchImpl.mock.calls.filter(([path]) => path === "/api/v1/jobs/j1")).toHaveLength(3);
  });

  it("reports a failed job", async () => {
    const fetchImpl = vi.fn(async (path: string) =>
      path === "/api/v1/me/export"
        ? json(202, { job: { id: "j2", status: "queued", statusUrl: "/api/v1/jobs/j2" } })
        : json(200, { id: "j2", status: "failed" }),
    );
    await expect(createAccountApi(fetchImpl).exportData("u1", { pollIntervalMs: 0 })).rejects.toMatchObject({
      code: "export_failed",
    });
  });

  it("treats only same-origin URLs as our paths", () => {
    expect(ownPath("/api/v1/x", "http://localhost:1")).toBe("/api/v1/x");
    expect(ownPath("http://localhost:1/api/v1/x?a=1", "http://localhost:1")).toBe("/api/v1/x?a=1");
    expect(ownPath("https://files.example/x", "http://localhost:1")).toBe("https://files.example/x");
  });

  it("keeps only a file name from Content-Disposition", () => {
    expect(attachmentName('attachment; filename="../../etc/x.json"', "f.json")).toBe("x.json");
    expect(attachmentName("attachment; filename*=UTF-8''j%C3%A9.json", "f.json")).toBe("jé.json");
    expect(attachmentName(null, "f.json")).toBe("f.json");
  });
});

describe("account calls", () => {
  it("deletes with the confirmation word and sets consents with PUT", async () => {
    const fetchImpl = vi.fn(async (_path: string, init?: RequestInit) =>
      init?.method === "DELETE" ? json(200, { deleted: true, deletionId: "d1" }) : json(200, { consents: [] }),
    );
    const api = createAccountApi(fetchImpl);
    expect(await api.deleteAccount()).toEqual({ deleted: true, deletionId: "d1" });
    await api.setConsents({ analytics: true });
    const [[deletePath, deleteInit], [consentPath, consentInit]] = fetchImpl.mock.calls as unknown as [
      [string, RequestInit],
      [string, RequestInit],
    ];
    expect([deletePath, deleteInit.method, JSON.parse(String(deleteInit.body))]).toEqual(["/api/v1/me", "DELETE", { confirm: "DELETE" }]);
    expect([consentPath, consentInit.method, JSON.parse(String(consentInit.body))]).toEqual([
      "/api/v1/me/consents",
      "PUT",
      { analytics: true },
    ]);
  });

  it("builds the audit query: empty filters left out, days as UTC instants, limit clamped", () => {
    expect(auditQuery({})).toBe("");
    const query = new URLSearchParams(
      auditQuery({ action: " auth.login ", actor: "", from: "2025-03-01", to: "2025-03-02", limit: 500, offset: 100 }),
    );
    expect(Object.fromEntries(query)).toEqual({
      action: "auth.login",
      from: "2025-03-01T00:00:00.000Z",
      to: "2025-03-02T23:59:59.999Z",
      limit: "200",
      offset: "100",
    });
    expect(auditQuery({ from: "yesterday", limit: 0 })).toBe("limit=1");
  });
});
