import { lazy, Suspense, type ReactNode } from "react";
import { isGameMode } from "./api/types";
import { AccountNav } from "./components/AccountNav";
import { PendingUploads } from "./components/PendingUploads";
import { ThemeToggle } from "./components/ThemeToggle";
import { useAuth } from "./hooks/useAuth";
import GamePage from "./pages/GamePage";
import LandingPage from "./pages/LandingPage";
import { Link, useLocation } from "./router";

// The landing and game screens ship in the main bundle; the rest load when visited.
const LeaderboardPage = lazy(() => import("./pages/LeaderboardPage"));
const ArchivePage = lazy(() => import("./pages/ArchivePage"));
const ProfilePage = lazy(() => import("./pages/ProfilePage"));
const PrivacyPage = lazy(() => import("./pages/PrivacyPage"));
const NotFoundPage = lazy(() => import("./pages/NotFoundPage"));
const SignInPage = lazy(() => import("./pages/SignInPage"));
const SignUpPage = lazy(() => import("./pages/SignUpPage"));
const AdminAuditPage = lazy(() => import("./pages/AdminAuditPage"));
// Charts (Chart.js) live in this chunk only: the game's first load never pays for them.
const DashboardPage = lazy(() => import("./pages/DashboardPage"));

const ARCHIVE_DATE = /^\d{4}-\d{2}-\d{2}$/;

function routeFor(pathname: string, search: URLSearchParams): ReactNode {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  if (path === "/") return <LandingPage />;
  if (path === "/leaderboard") return <LeaderboardPage />;
  if (path === "/archive") return <ArchivePage />;
  if (path === "/profile") return <ProfilePage />;
  if (path === "/privacy") return <PrivacyPage />;
  if (path === "/signin") return <SignInPage />;
  if (path === "/signup") return <SignUpPage />;
  if (path === "/admin/audit") return <AdminAuditPage />;
  if (path === "/dashboard") return <DashboardPage />;
  const play = /^\/play\/([a-z]+)$/.exec(path);
  if (play?.[1] && isGameMode(play[1])) {
    const date = search.get("date");
    const archiveDate = play[1] === "daily" && date && ARCHIVE_DATE.test(date) ? date : null;
    return <GamePage key={`${play[1]}:${archiveDate ?? ""}`} mode={play[1]} date={archiveDate} />;
  }
  return <NotFoundPage />;
}

const NAV_LINKS = [
  { to: "/", label: "Play" },
  { to: "/leaderboard", label: "Leaderboard" },
  { to: "/archive", label: "Archive" },
  { to: "/profile", label: "Profile" },
];

// Only offered to administrators; the page itself also refuses everybody else.
const ADMIN_LINKS = [{ to: "/admin/audit", label: "Audit log" }];

export function App() {
  const { pathname, search } = useLocation();
  const { user } = useAuth();
  const links = user?.role === "admin" ? [...NAV_LINKS, ...ADMIN_LINKS] : NAV_LINKS;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          <span aria-hidden="true">🏈 </span>Journeyman
        </Link>
        <nav aria-label="Main">
          <ul className="nav-list">
            {links.map((link) => {
              const current = link.to === "/" ? pathname === "/" || pathname.startsWith("/play/") : pathname.startsWith(link.to);
              return (
                <li key={link.to}>
                  <Link to={link.to} className="nav-link" aria-current={current ? "page" : undefined}>
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <AccountNav />
        <ThemeToggle />
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        <PendingUploads />
        <Suspense
          fallback={
            <p role="status" className="loading">
              Loading…
            </p>
          }
        >
          {routeFor(pathname, search)}
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>
          Journeyman · <Link to="/privacy">Privacy notice</Link>
        </p>
      </footer>
    </>
  );
}
