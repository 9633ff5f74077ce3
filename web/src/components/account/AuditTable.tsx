import type { AuditEntry } from "../../api/accountTypes";
import { formatDateTime } from "../../lib/format";

function hasDetails(details: unknown): boolean {
  if (details === null || details === undefined || details === "") return false;
  return typeof details !== "object" || Object.keys(details).length > 0;
}

/** Audit entries as a table that scrolls sideways in its own region on narrow screens. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit entries">
      <table className="table audit-table" data-cy="audit-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Status</th>
            <th scope="col">Client</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-cy="audit-row">
              <td>
                <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt) || entry.createdAt}</time>
              </td>
              <td>
                {entry.actor || "—"}
                {entry.actorRole && <span className="cell-note">{entry.actorRole}</span>}
              </td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td>
                {entry.resourceType}
                {entry.resourceId && (
                  <span className="cell-note cell-clip" title={entry.resourceId}>
                    {entry.resourceId}
                  </span>
                )}
              </td>
              <td>{entry.status}</td>
              <td>
                {entry.ip}
                {entry.userAgent && <span className="cell-note cell-clip" title={entry.userAgent}>{entry.userAgent}</span>}
              </td>
              <td>
                <details>
                  <summary>Show</summary>
                  <dl className="audit-more">
                    <dt>Request</dt>
                    <dd>{entry.requestId}</dd>
                    {entry.resourceId && (
                      <>
                        <dt>Resource id</dt>
                        <dd>{entry.resourceId}</dd>
                      </>
                    )}
                    {entry.userAgent && (
                      <>
                        <dt>User agent</dt>
                        <dd>{entry.userAgent}</dd>
                      </>
                    )}
                  </dl>
                  {hasDetails(entry.details) && <pre className="audit-details">{JSON.stringify(entry.details, null, 2)}</pre>}
                </details>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
