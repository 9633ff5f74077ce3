// The admin audit page keeps its filters in the URL, so a reload, Back or a shared link shows
// the same entries. Days are YYYY-MM-DD (UTC); auditQuery (api/account.ts) makes them ISO instants.
export const AUDIT_PAGE_SIZES = [25, 50, 100, 200] as const;
export const DEFAULT_AUDIT_LIMIT = 50;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TEXT_KEYS = ["action", "actor", "resourceType"] as const;

export interface AuditView {
  action: string;
  actor: string;
  resourceType: string;
  from: string;
  to: string;
  limit: number;
  offset: number;
}

function wholeNumber(value: string | null, fallback: number, min: number, max: number): number {
  const parsed = value !== null && /^\d+$/.test(value) ? Number(value) : fallback;
  return Math.min(max, Math.max(min, parsed));
}

export function auditViewFromSearch(search: URLSearchParams): AuditView {
  const day = (key: string) => {
    const value = search.get(key) ?? "";
    return DAY.test(value) ? value : "";
  };
  return {
    action: search.get("action") ?? "",
    actor: search.get("actor") ?? "",
    resourceType: search.get("resourceType") ?? "",
    from: day("from"),
    to: day("to"),
    limit: wholeNumber(search.get("limit"), DEFAULT_AUDIT_LIMIT, 1, 200),
    offset: wholeNumber(search.get("offset"), 0, 0, Number.MAX_SAFE_INTEGER),
  };
}

/** The page URL for a view: defaults and empty filters left out. */
export function auditViewHref(view: AuditView): string {
  const search = new URLSearchParams();
  for (const key of TEXT_KEYS) {
    const value = view[key].trim();
    if (value) search.set(key, value);
  }
  if (view.from) search.set("from", view.from);
  if (view.to) search.set("to", view.to);
  if (view.limit !== DEFAULT_AUDIT_LIMIT) search.set("limit", String(view.limit));
  if (view.offset > 0) search.set("offset", String(view.offset));
  const query = search.toString();
  return query ? `/admin/audit?${query}` : "/admin/audit";
}

/** "Showing 51–100 of 230", or "No entries". */
export function pageSummary(offset: number, shown: number, total: number): string {
  if (total === 0 || shown === 0) return total === 0 ? "No entries match." : `No entries on this page (${total} in all).`;
  return `Showing ${offset + 1}–${offset + shown} of ${total}`;
}
