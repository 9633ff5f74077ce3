// Who may open which staff page. The server enforces the same rules; these only decide what
// the app offers and which message a page shows.
import type { AuthStatus } from "../api/auth";
import type { Role, User } from "../api/accountTypes";

/** Analysts and administrators read the operator dashboard. */
export function canUseDashboard(role: Role | undefined | null): boolean {
  return role === "analyst" || role === "admin";
}

export type PageAccess = "checking" | "signedOut" | "forbidden" | "allowed";

/** What the dashboard shows for this session. */
export function dashboardAccess(status: AuthStatus, user: User | null): PageAccess {
  if (status === "checking") return "checking";
  if (!user) return "signedOut";
  return canUseDashboard(user.role) ? "allowed" : "forbidden";
}
