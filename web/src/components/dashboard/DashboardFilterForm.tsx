import { useState, type FormEvent } from "react";
import { GAME_MODES, isGameMode } from "../../api/types";
import { MODE_LABELS } from "../../lib/dashboardData";
import { rangeProblem, type DashboardView } from "../../lib/dashboardFilters";

/** Date range and mode; applied to the URL (the page reloads its figures from there). */
export function DashboardFilterForm({
  view,
  placeholder,
  onApply,
}: {
  view: DashboardView;
  /** The range in force when the URL names none (shown in the empty fields' place). */
  placeholder: { from: string; to: string };
  onApply: (view: DashboardView) => void;
}) {
  const [draft, setDraft] = useState({
    from: view.from || placeholder.from,
    to: view.to || placeholder.to,
    mode: view.mode ?? "",
  });
  const [problem, setProblem] = useState("");

  function apply(event: FormEvent) {
    event.preventDefault();
    const why = rangeProblem(draft.from, draft.to);
    setProblem(why);
    if (why) return;
    onApply({
      from: draft.from,
      to: draft.to,
      mode: isGameMode(draft.mode) ? draft.mode : null,
      careersOffset: view.careersOffset,
    });
  }

  const invalid = problem ? { "aria-invalid": true as const, "aria-describedby": "dashboard-range-error" } : {};
  return (
    <form
      className="card dashboard-filters"
      noValidate
      onSubmit={apply}
      aria-label="Dashboard filters"
      data-cy="dashboard-filters"
    >
      <div className="field">
        <label htmlFor="dashboard-from" className="field-label">
          From (UTC day)
        </label>
        <input
          id="dashboard-from"
          type="date"
          value={draft.from}
          onChange={(event) => setDraft({ ...draft, from: event.target.value })}
          {...invalid}
        />
      </div>
      <div className="field">
        <label htmlFor="dashboard-to" className="field-label">
          To (UTC day)
        </label>
        <input
          id="dashboard-to"
          type="date"
          value={draft.to}
          onChange={(event) => setDraft({ ...draft, to: event.target.value })}
          {...invalid}
        />
      </div>
      <div className="field">
        <label htmlFor="dashboard-mode" className="field-label">
          Mode
        </label>
        <select
          id="dashboard-mode"
          value={draft.mode}
          onChange={(event) => setDraft({ ...draft, mode: event.target.value })}
        >
          <option value="">All modes</option>
          {GAME_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {MODE_LABELS[mode]}
            </option>
          ))}
        </select>
      </div>
      <div className="dashboard-filters-actions">
        <button type="submit" className="button button-primary" data-cy="dashboard-apply">
          Apply
        </button>
        <button
          type="button"
          className="button"
          onClick={() => onApply({ from: "", to: "", mode: null, careersOffset: view.careersOffset })}
        >
          Last 30 days
        </button>
      </div>
      <p id="dashboard-range-error" className="form-error dashboard-filters-wide" role="alert">
        {problem}
      </p>
    </form>
  );
}
