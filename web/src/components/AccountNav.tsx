import { useState } from "react";
import { useAuth } from "../hooks/useAuth";
import { canUseDashboard } from "../lib/roles";
import { Link, useLocation } from "../router";

/** The header's account corner: "Sign in", or the user's name and "Sign out". */
export function AccountNav() {
  const { status, user, signOut } = useAuth();
  const { pathname } = useLocation();
  const [problem, setProblem] = useState("");

  if (status === "checking") return <div className="account-nav" aria-hidden="true" />;
  if (!user) {
    const onAuthPage = pathname === "/signin" || pathname === "/signup";
    return (
      <div className="account-nav">
        <Link
          to={onAuthPage ? "/signin" : `/signin?next=${encodeURIComponent(pathname)}`}
          className="nav-link"
          aria-current={pathname === "/signin" ? "page" : undefined}
          data-cy="signin-link"
        >
          Sign in
        </Link>
        {problem && (
          <p role="alert" className="account-problem">
            {problem}
          </p>
        )}
      </div>
    );
  }
  return (
    <div className="account-nav">
      {canUseDashboard(user.role) && (
        <Link
          to="/dashboard"
          className="nav-link"
          aria-current={pathname === "/dashboard" ? "page" : undefined}
          data-cy="dashboard-link"
        >
          Dashboard
        </Link>
      )}
      <span className="account-user" data-cy="signed-in-as">
        <span className="visually-hidden">Signed in as </span>
        {user.name}
      </span>
      <button
        type="button"
        className="button button-quiet"
        onClick={() => {
          setProblem("");
          signOut().catch(() =>
            setProblem("Signed out here, but the server could not be told: close the browser to end the session."),
          );
        }}
        data-cy="signout-button"
      >
        Sign out
      </button>
    </div>
  );
}
