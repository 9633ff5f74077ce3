import { useEffect, useState } from "react";
import { applyTheme, saveTheme, storedTheme, systemTheme, type Theme } from "../lib/theme";

/** Light/dark switch; until the player picks one, the system preference applies. */
export function ThemeToggle() {
  const [choice, setChoice] = useState<Theme | null>(storedTheme);
  const [system, setSystem] = useState<Theme>(systemTheme);

  useEffect(() => {
    const query = window.matchMedia?.("(prefers-color-scheme: dark)");
    if (!query) return;
    const update = () => setSystem(query.matches ? "dark" : "light");
    query.addEventListener("change", update);
    return () => query.removeEventListener("change", update);
  }, []);

  useEffect(() => applyTheme(choice), [choice]);

  const active = choice ?? system;
  const next: Theme = active === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="button button-quiet theme-toggle"
      onClick={() => {
        saveTheme(next);
        setChoice(next);
      }}
      data-cy="theme-toggle"
    >
      <span aria-hidden="true">{active === "dark" ? "☀️" : "🌙"} </span>
      <span className="theme-label">{next === "dark" ? "Dark theme" : "Light theme"}</span>
    </button>
  );
}
