import { describe, expect, it } from "vitest";
import { auditViewFromSearch, auditViewHref, pageSummary } from "./auditFilters";

describe("audit filters in the URL", () => {
  it("round-trips a view, leaving defaults out", () => {
    const view = auditViewFromSearch(new URLSearchParams("action=auth.login&from=2025-03-01&limit=25&offset=50"));
    expect(view).toEqual({ action: "auth.login", actor: "", resourceType: "", from: "2025-03-01", to: "", limit: 25, offset: 50 });
    expect(auditViewHref(view)).toBe("/admin/audit?action=auth.login&from=2025-03-01&limit=25&offset=50");
    expect(auditViewHref({ ...view, action: " ", from: "", limit: 50, offset: 0 })).toBe("/admin/audit");
  });

  it("ignores values edited into nonsense", () => {
    expect(auditViewFromSearch(new URLSearchParams("from=tomorrow&limit=9999&offset=-3"))).toMatchObject({
      from: "",
      limit: 200,
      offset: 0,
    });
  });

  it("summarises the page", () => {
    expect(pageSummary(50, 50, 230)).toBe("Showing 51–100 of 230");
    expect(pageSummary(0, 0, 0)).toBe("No entries match.");
  });
});
