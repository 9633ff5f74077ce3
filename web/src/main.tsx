import { createRoot } from "react-dom/client";
import { App } from "./App";
import { applyTheme, storedTheme } from "./lib/theme";
import "./styles.css";

applyTheme(storedTheme());

const container = document.getElementById("root");
if (!container) throw new Error("index.html lacks #root");
createRoot(container).render(<App />);
