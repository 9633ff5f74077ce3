import { useEffect, useReducer, useState } from "react";
import { analyticsApi, rangeQuery } from "../api/analytics";
import type { AnalyticsRange } from "../api/analyticsTypes";
import { ApiError } from "../api/http";
import { AccuracyByModeChart } from "../components/dashboard/AccuracyByModeChart";
import { DashboardFilterForm } from "../components/dashboard/DashboardFilterForm";
import { ExportPanel } from "../components/dashboard/ExportPanel";
import { GamesPerDayChart } from "../components/dashboard/GamesPerDayChart";
import { HardestTable } from "../components/dashboard/HardestTable";
import { KpiTiles } from "../components/dashboard/KpiTiles";
import { LiveFeedPanel } from "../components/dashboard/LiveFeedPanel";
import { ErrorNotice } from "../components/ErrorNotice";
import { PageHeading } from "../components/PageHeading";
import { useAuth } from "../hooks/useAuth";
import { initialLiveFigures, liveFiguresReducer, summaryTiles } from "../lib/dashboardData";
import {
  DASHBOARD_PATH,
  dashboardViewFromSearch,
  dashboardViewHref,
  resolveRange,
  type DashboardView,
} from "../lib/dashboardFilters";
import { utcDay } from "../lib/format";
import { dashboardAccess } from "../lib/roles";
import { useAnalystFeed } from "../live/useAnalystFeed";
import { navigate, useLocation } from "../router";

const TITLE = "Dashboard";

function NeedsAnalyst() {
  return (
    <div className="notice notice-error" role="alert" data-cy="not-allowed">
      <p>The dashboard needs an analyst account: ask an administrator to give your account the analyst role.</p>
    </div>
  );
}

/** `/dashboard`: live operator figures for analysts and administrators. */
export default function DashboardPage() {
  const { status, user } = useAuth();
  const { pathname, search, href } = useLocation();
  const access = dashboardAccess(status, user);

  // Signed out: straight to sign-in, and back here afterwards (once: the page is leaving).
  useEffect(() => {
    if (access === "signedOut" && pathname === DASHBOARD_PATH) {
      navigate(`/signin?next=${encodeURIComponent(href)}`, { replace: true });
    }
  }, [access, pathname, href]);

  return (
    <div className="dashboard">
      <PageHeading title={TITLE} />
      {access === "checking" && (
        <p className="loading" role="status">
          Checking your sign-in…
        </p>
      )}
      {access === "signedOut" && (
        <p className="loading" role="status">
          Taking you to sign in…
        </p>
      )}
      {access === "forbidden" && <NeedsAnalyst />}
      {access === "allowed" && <Dashboard view={dashboardViewFromSearch(search)} />}
    </div>
  );
}

/** The server's figures for the range, bumped by the live feed as games finish. */
function useFigures(range: AnalyticsRange) {
  const key = rangeQuery(range);
  const [figures, dispatch] = useReducer(liveFiguresReducer, range, initialLiveFigures);
  const [errors, setErrors] = useState<{ summary: unknown; days: unknown }>({ summary: null, days: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let current = true;
    dispatch({ type: "loading", range });
    setErrors({ summary: null, days: null });
    void Promise.allSettled([analyticsApi.summary(range), analyticsApi.timeseries(range)]).then(([summary, series]) => {
      if (!current) return;
      setErrors({
        summary: summary.status === "rejected" ? summary.reason : null,
        days: series.status === "rejected" ? series.reason : null,
      });
      dispatch({
        type: "loaded",
        summary: summary.status === "fulfilled" ? summary.value : null,
        days: series.status === "fulfilled" ? series.value.days : null,
      });
    });
    return () => {
      current = false;
    };
    // `range` is rebuilt every render; `key` names it.
  }, [key, attempt]);

  const { liveFeedToken, renewSession } = useAuth();
  const feed = useAnalystFeed({
    token: liveFeedToken,
    renewToken: renewSession,
    onFinished: (event) => dispatch({ type: "finished", event }),
    onHello: (seq) => dispatch({ type: "restarted", seq }),
  });
  return { figures, errors, feed, retry: () => setAttempt((value) => value + 1) };
}

const refused = (error: unknown) => error instanceof ApiError && error.status === 403;

function Dashboard({ view }: { view: DashboardView }) {
  const today = utcDay(new Date());
  const range = resolveRange(view, today);
  const { figures, errors, feed, retry } = useFigures(range);
  const show = (next: DashboardView) => navigate(dashboardViewHref(next), { keepFocus: true });
  const filtersKey = dashboardViewHref({ ...view, careersOffset: 0 });

  if (refused(errors.summary) || refused(errors.days)) return <NeedsAnalyst />;
  return (
    <>
      <p className="lead" data-cy="dashboard-range">
        {range.from} to {range.to} (UTC){range.mode ? `, ${range.mode} games only` : ", all modes"}.
      </p>
      <DashboardFilterForm key={filtersKey} view={view} placeholder={range} onApply={show} />
      {!figures.loaded && (
        <p className="loading" role="status">
          Loading figures…
        </p>
      )}
      {figures.loaded && errors.summary != null && (
        <ErrorNotice error={errors.summary} onRetry={retry} retryLabel="Load the figures again" />
      )}
      {figures.summary && (
        <KpiTiles tiles={summaryTiles(figures.summary)} live={feed.status === "open"} mode={figures.summary.mode} />
      )}
      <div className="dashboard-charts">
        {figures.days && <GamesPerDayChart days={figures.days} />}
        {figures.loaded && errors.days != null && errors.summary == null && (
          <ErrorNotice error={errors.days} onRetry={retry} retryLabel="Load the chart again" />
        )}
        {figures.summary && <AccuracyByModeChart byMode={figures.summary.byMode} />}
      </div>
      <div className="dashboard-columns">
        <LiveFeedPanel
          status={feed.status}
          items={feed.items}
          announcement={feed.announcement}
          stopped={feed.refused}
        />
        {/* A new range starts a fresh export panel: a finished link belongs to the range it was made for. */}
        <ExportPanel key={rangeQuery(range)} range={range} />
      </div>
      <HardestTable offset={view.careersOffset} onPage={(offset) => show({ ...view, careersOffset: offset })} />
    </>
  );
}
