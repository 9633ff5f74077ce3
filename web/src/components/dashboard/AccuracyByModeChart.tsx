import { Bar } from "react-chartjs-2";
import type { ModeSummary } from "../../api/analyticsTypes";
import { accuracyByModeSeries, formatCount } from "../../lib/dashboardData";
import { barOptions, useChartColors } from "./chartSetup";

/** Guess accuracy and solve rate per mode (percent); the same numbers as a table for screen readers. */
export function AccuracyByModeChart({ byMode }: { byMode: ModeSummary[] }) {
  const colors = useChartColors();
  const series = accuracyByModeSeries(byMode);
  if (series.modes.length === 0) {
    return (
      <figure className="card chart-card" data-cy="accuracy-by-mode">
        <figcaption className="chart-title">Accuracy by mode</figcaption>
        <p className="empty">No finished games in this range yet.</p>
      </figure>
    );
  }
  const summary =
    "Accuracy by mode: " +
    series.labels
      .map((label, index) => `${label} ${series.accuracy[index]}% accurate, ${series.solveRate[index]}% solved`)
      .join("; ") +
    ".";
  const data = {
    labels: series.labels,
    datasets: [
      { label: "Guess accuracy (%)", data: series.accuracy, backgroundColor: colors.series[0] },
      { label: "Solve rate (%)", data: series.solveRate, backgroundColor: colors.series[1] },
    ],
  };
  return (
    <figure className="card chart-card" data-cy="accuracy-by-mode">
      <figcaption className="chart-title">Accuracy by mode</figcaption>
      <div className="chart-box">
        <Bar data={data} options={barOptions(colors, "Percent", 100)} role="img" aria-label={summary} />
      </div>
      {/* A table box ignores width and overflow: the wrapper is what hides it. */}
      <div className="visually-hidden">
        <table>
          <caption>Accuracy by mode</caption>
          <thead>
            <tr>
              <th scope="col">Mode</th>
              <th scope="col">Guess accuracy</th>
              <th scope="col">Solve rate</th>
              <th scope="col">Games finished</th>
            </tr>
          </thead>
          <tbody>
            {series.modes.map((mode, index) => (
              <tr key={mode}>
                <th scope="row">{series.labels[index]}</th>
                <td>{series.accuracy[index]}%</td>
                <td>{series.solveRate[index]}%</td>
                <td>{formatCount(series.finished[index] ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
