import type { KpiTile } from "../../lib/dashboardData";

/** The headline figures; the live feed bumps the counts as games finish. */
export function KpiTiles({ tiles, live, mode }: { tiles: KpiTile[]; live: boolean; mode: string | null }) {
  return (
    <section aria-labelledby="kpi-heading" className="dashboard-section">
      <h2 id="kpi-heading" className="section-title">
        Key figures
      </h2>
      <dl className="kpi-grid" data-cy="kpi-tiles" data-mode={mode ?? "all"}>
        {tiles.map((tile) => (
          <div key={tile.key} className="card kpi-tile" data-cy={`kpi-${tile.key}`} data-value={tile.value}>
            <dt className="kpi-label">{tile.label}</dt>
            <dd className="kpi-value">{tile.text}</dd>
          </div>
        ))}
      </dl>
      <p className="muted kpi-note">
        {live
          ? "Games finished, solve and completion rates and the average game update live; accuracy, the 90th percentile and players update on reload."
          : "Live updates are paused; the figures are as loaded."}
      </p>
    </section>
  );
}
