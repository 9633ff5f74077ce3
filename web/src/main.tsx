import { createRoot } from "react-dom/client";
import { auth } from "./api/auth";
import { App } from "./App";
import { AuthProvider } from "./hooks/useAuth";
import { applyTheme, storedTheme } from "./lib/theme";
import "./styles.css";

applyTheme(storedTheme());
// Before the first render, so pages see "checking" rather than a signed-out flash.
void auth.restore();

const container = document.getElementById("root");
if (!container) throw new Error("index.html lacks #root");
createRoot(container).render(
  <AuthProvider client={auth}>
    <App />
  </AuthProvider>,
);
