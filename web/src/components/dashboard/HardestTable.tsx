import { analyticsApi } from "../../api/analytics";
import { useAsync } from "../../hooks/useAsync";
import { CAREERS_PAGE_SIZE } from "../../lib/dashboardFilters";
import { formatCount, formatRate } from "../../lib/dashboardData";
import { pageSummary } from "../../lib/auditFilters";
import { ErrorNotice } from "../ErrorNotice";

const oneDecimal = (value: number | null) => (value === null || !Number.isFinite(value) ? "—" : value.toFixed(1));

/** "The hardest journeymen": careers with the lowest solve rate (lifetime, not date-filtered), paged. */
export function HardestTable({ offset, onPage }: { offset: number; onPage: (offset: number) => void }) {
  const page = useAsync(
    () => analyticsApi.careers({ sort: "hardest", limit: CAREERS_PAGE_SIZE, offset }),
    `hardest:${offset}`,
  );
  return (
    <section aria-labelledby="hardest-heading" className="dashboard-section" data-cy="hardest">
      <h2 id="hardest-heading" className="section-title">
        Hardest journeymen
      </h2>
      <p className="muted">All time: careers shown at least 5 times, lowest solve rate first.</p>
      {page.status === "loading" && (
        <p className="loading" role="status">
          Loading careers…
        </p>
      )}
      {page.status === "error" && <ErrorNotice error={page.error} onRetry={page.retry} />}
      {page.status === "done" && (
        <>
          <div className="pager">
            <p role="status" className="pager-summary" data-cy="hardest-summary">
              {page.value.total === 0
                ? "No career has been shown often enough yet."
                : pageSummary(page.value.offset, page.value.items.length, page.value.total)}
            </p>
            <nav aria-label="Hardest journeymen pages" className="pager-buttons">
              <button
                type="button"
                className="button"
                aria-disabled={offset === 0 || undefined}
                onClick={() => offset > 0 && onPage(Math.max(0, offset - CAREERS_PAGE_SIZE))}
              >
                Previous
              </button>
              <button
                type="button"
                className="button"
                aria-disabled={offset + CAREERS_PAGE_SIZE >= page.value.total || undefined}
                onClick={() => offset + CAREERS_PAGE_SIZE < page.value.total && onPage(offset + CAREERS_PAGE_SIZE)}
              >
                Next
              </button>
            </nav>
          </div>
          {page.value.items.length > 0 && (
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Hardest journeymen">
              <table className="table" data-cy="hardest-table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Player</th>
                    <th scope="col">Teams</th>
                    <th scope="col">Shown</th>
                    <th scope="col">Solved</th>
                    <th scope="col">Solve rate</th>
                    <th scope="col">Mean guesses</th>
                    <th scope="col">Mean teams needed</th>
                  </tr>
                </thead>
                <tbody>
                  {page.value.items.map((career, index) => (
                    <tr key={career.nflPlayerId} data-cy="hardest-row">
                      <td>{page.value.offset + index + 1}</td>
                      <th scope="row">{career.name}</th>
                      <td>{career.teams}</td>
                      <td>{formatCount(career.timesShown)}</td>
                      <td>{formatCount(career.timesSolved)}</td>
                      <td>{formatRate(career.solveRate)}</td>
                      <td>{oneDecimal(career.meanGuesses)}</td>
                      <td>{oneDecimal(career.meanTeamsNeeded)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
