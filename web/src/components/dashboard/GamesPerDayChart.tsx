import { Bar } from "react-chartjs-2";
import type { TimeseriesDay } from "../../api/analyticsTypes";
import { formatCount, gamesPerDaySeries } from "../../lib/dashboardData";
import { barOptions, useChartColors } from "./chartSetup";

/** Started, finished and solved games per UTC day; the same numbers as a table for screen readers. */
export function GamesPerDayChart({ days }: { days: TimeseriesDay[] }) {
  const colors = useChartColors();
  const series = gamesPerDaySeries(days);
  const totalFinished = series.finished.reduce((sum, value) => sum + value, 0);
  const busiest = days.reduce<TimeseriesDay | null>(
    (best, day) => (!best || day.gamesFinished > best.gamesFinished ? day : best),
    null,
  );
  const summary =
    days.length === 0
      ? "No days in this range."
      : `Games per day from ${days[0]?.date} to ${days.at(-1)?.date}: ${formatCount(totalFinished)} finished in all` +
        (busiest && busiest.gamesFinished > 0
          ? `, most on ${busiest.date} (${formatCount(busiest.gamesFinished)}).`
          : ".");
  const data = {
    labels: series.labels.map((date) => date.slice(5)),
    datasets: [
      { label: "Started", data: series.started, backgroundColor: colors.series[2] },
      { label: "Finished", data: series.finished, backgroundColor: colors.series[0] },
      { label: "Solved", data: series.solved, backgroundColor: colors.series[1] },
    ],
  };
  return (
    <figure className="card chart-card" data-cy="games-per-day">
      <figcaption className="chart-title">Games per day (UTC)</figcaption>
      <div className="chart-box">
        <Bar data={data} options={barOptions(colors, "Games")} role="img" aria-label={summary} />
      </div>
      {/* A table box ignores width and overflow: the wrapper is what hides it. */}
      <div className="visually-hidden">
        <table>
          <caption>Games per day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Started</th>
              <th scope="col">Finished</th>
              <th scope="col">Solved</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day) => (
              <tr key={day.date}>
                <th scope="row">{day.date}</th>
                <td>{day.gamesStarted}</td>
                <td>{day.gamesFinished}</td>
                <td>{day.gamesSolved}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
