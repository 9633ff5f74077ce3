import { useState, type FormEvent } from "react";
import { accountApi } from "../api/account";
import { ApiError } from "../api/http";
import { AuditTable } from "../components/account/AuditTable";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeading } from "../components/PageHeading";
import { useAsync } from "../hooks/useAsync";
import { useAuth } from "../hooks/useAuth";
import { describeAccountCallError } from "../lib/accountForms";
import { AUDIT_PAGE_SIZES, auditViewFromSearch, auditViewHref, pageSummary, type AuditView } from "../lib/auditFilters";
import { Link, navigate, useLocation } from "../router";

const TITLE = "Audit log";

function NotAllowed() {
  return (
    <div className="notice notice-error" role="alert" data-cy="not-allowed">
      <p>You're not allowed to see the audit log: it is for administrators only.</p>
    </div>
  );
}

/** `/admin/audit`: who did what, filterable and paged; administrators only. */
export default function AdminAuditPage() {
  const { status, user } = useAuth();
  const { search } = useLocation();
  return (
    <div className="admin-audit">
      <PageHeading title={TITLE} />
      {status === "checking" ? (
        <p className="loading" role="status">
          Checking your sign-in…
        </p>
      ) : !user ? (
        <p className="lead">
          <Link to="/signin?next=/admin/audit">Sign in</Link> with an administrator account to see the audit log.
        </p>
      ) : user.role !== "admin" ? (
        <NotAllowed />
      ) : (
        <AuditLog view={auditViewFromSearch(search)} />
      )}
    </div>
  );
}

function AuditLog({ view }: { view: AuditView }) {
  const href = auditViewHref(view);
  const page = useAsync(() => accountApi.audit(view), href);
  const show = (next: AuditView) => navigate(auditViewHref(next), { keepFocus: true });
  const filtersKey = auditViewHref({ ...view, offset: 0 });

  return (
    <>
      <AuditFilterForm key={filtersKey} view={view} onApply={show} />
      {page.status === "loading" && (
        <p className="loading" role="status">
          Loading entries…
        </p>
      )}
      {page.status === "error" &&
        (page.error instanceof ApiError && page.error.status === 403 ? (
          <NotAllowed />
        ) : (
          <ErrorNotice error={page.error} describe={describeAccountCallError} onRetry={page.retry} />
        ))}
      {page.status === "done" && (
        <>
          <div className="pager">
            <p role="status" className="pager-summary" data-cy="audit-summary">
              {pageSummary(page.value.offset, page.value.entries.length, page.value.total)}
            </p>
            <nav aria-label="Audit pages" className="pager-buttons">
              <button
                type="button"
                className="button"
                aria-disabled={view.offset === 0 || undefined}
                onClick={() => view.offset > 0 && show({ ...view, offset: Math.max(0, view.offset - view.limit) })}
              >
                Previous page
              </button>
              <button
                type="button"
                className="button"
                aria-disabled={view.offset + view.limit >= page.value.total || undefined}
                onClick={() => view.offset + view.limit < page.value.total && show({ ...view, offset: view.offset + view.limit })}
                data-cy="audit-next"
              >
                Next page
              </button>
            </nav>
          </div>
          {page.value.entries.length > 0 && <AuditTable entries={page.value.entries} />}
        </>
      )}
    </>
  );
}

function AuditFilterForm({ view, onApply }: { view: AuditView; onApply: (view: AuditView) => void }) {
  const [draft, setDraft] = useState(view);
  const [dateError, setDateError] = useState("");
  const field = (key: "action" | "actor" | "resourceType" | "from" | "to") => ({
    id: `audit-${key}`,
    value: draft[key],
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value }),
  });

  function apply(event: FormEvent) {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setDateError("The start date is after the end date.");
      return;
    }
    setDateError("");
    onApply({ ...draft, offset: 0 });
  }

  return (
    <form className="card audit-filters" noValidate onSubmit={apply} aria-label="Filter audit entries" data-cy="audit-filters">
      <div className="field">
        <label htmlFor="audit-action" className="field-label">
          Action
        </label>
        <input {...field("action")} placeholder="e.g. auth.login" />
      </div>
      <div className="field">
        <label htmlFor="audit-actor" className="field-label">
          Actor
        </label>
        <input {...field("actor")} />
      </div>
      <div className="field">
        <label htmlFor="audit-resourceType" className="field-label">
          Resource type
        </label>
        <input {...field("resourceType")} />
      </div>
      <div className="field">
        <label htmlFor="audit-from" className="field-label">
          From (UTC day)
        </label>
        <input type="date" {...field("from")} aria-invalid={dateError ? true : undefined} aria-describedby={dateError ? "audit-date-error" : undefined} />
      </div>
      <div className="field">
        <label htmlFor="audit-to" className="field-label">
          To (UTC day)
        </label>
        <input type="date" {...field("to")} aria-invalid={dateError ? true : undefined} aria-describedby={dateError ? "audit-date-error" : undefined} />
      </div>
      <div className="field">
        <label htmlFor="audit-limit" className="field-label">
          Entries per page
        </label>
        <select id="audit-limit" value={draft.limit} onChange={(event) => setDraft({ ...draft, limit: Number(event.target.value) })}>
          {[...new Set([...AUDIT_PAGE_SIZES, draft.limit])].sort((a, b) => a - b).map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </div>
      <p id="audit-date-error" className="form-error audit-filters-wide" role="alert">
        {dateError}
      </p>
      <div className="button-row audit-filters-wide">
        <button type="submit" className="button button-primary" data-cy="audit-apply">
          Apply filters
        </button>
        <button type="button" className="button" onClick={() => onApply({ ...view, action: "", actor: "", resourceType: "", from: "", to: "", offset: 0 })}>
          Clear filters
        </button>
      </div>
    </form>
  );
}
