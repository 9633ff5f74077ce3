// Chart.js, registered piece by piece: only what the two bar charts use is bundled (the
// dashboard chunk is lazy, so the game never loads any of it).
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { useEffect, useState } from "react";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  series: [string, string, string];
}

/** The theme's own colours (styles.css custom properties), so charts follow light and dark. */
export function readChartColors(root: HTMLElement = document.documentElement): ChartColors {
  const style = getComputedStyle(root);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read("--text", "#14202b"),
    muted: read("--muted", "#4a5663"),
    grid: read("--border", "#c3ccd6"),
    series: [read("--accent", "#0a5a9c"), read("--wrong", "#a13c00"), read("--muted", "#4a5663")],
  };
}

/** Colours that change with the theme toggle (data-theme) and the system preference. */
export function useChartColors(): ChartColors {
  const [colors, setColors] = useState(readChartColors);
  useEffect(() => {
    const update = () => setColors(readChartColors());
    const observer = new MutationObserver(update);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
    const query = window.matchMedia?.("(prefers-color-scheme: dark)");
    query?.addEventListener("change", update);
    return () => {
      observer.disconnect();
      query?.removeEventListener("change", update);
    };
  }, []);
  return colors;
}

/** Options both bar charts share: theme colours, no animation (live updates would jitter). */
export function barOptions(colors: ChartColors, yTitle: string, yMax?: number) {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    plugins: { legend: { labels: { color: colors.text } } },
    scales: {
      x: { ticks: { color: colors.muted }, grid: { color: colors.grid } },
      y: {
        beginAtZero: true,
        ...(yMax !== undefined ? { max: yMax } : {}),
        title: { display: true, text: yTitle, color: colors.muted },
        ticks: { color: colors.muted, precision: 0 },
        grid: { color: colors.grid },
      },
    },
  };
}
