// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AnalyticsSummary } from "../api/analyticsTypes";
import { createAuthClient } from "../api/auth";
import { ApiError } from "../api/http";
import { AccountNav } from "../components/AccountNav";
import { AuthProvider } from "../hooks/useAuth";
import DashboardPage from "./DashboardPage";

// Canvas drawing is Chart.js's business; here the chart is its accessible canvas only.
vi.mock("react-chartjs-2", () => ({
  Bar: (props: { role?: string; "aria-label"?: string }) => (
    <canvas role={props.role} aria-label={props["aria-label"]} />
  ),
}));

const api = vi.hoisted(() => ({
  summary: vi.fn(),
  timeseries: vi.fn(),
  careers: vi.fn(),
  startExport: vi.fn(),
  exportStatus: vi.fn(),
  downloadExport: vi.fn(),
}));
vi.mock("../api/analytics", async (original) => ({ ...(await original<object>()), analyticsApi: api }));

class FakeWebSocket {
  static instances: FakeWebSocket[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {
    FakeWebSocket.instances.push(this);
  }
  close() {}
  receive(value: object) {
    act(() => this.onmessage?.({ data: JSON.stringify(value) }));
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

const user = (role: string) => ({
  id: "u1",
  name: "Ana Lyst",
  email: "ana@example.com",
  role,
  emailVerified: true,
  createdAt: "2026-01-01T00:00:00Z",
});

async function signedIn(role: string | null, page: ReactNode) {
  const client = createAuthClient({
    fetchImpl: async () =>
      json(200, { user: user(role ?? "player"), accessToken: "token", expiresIn: 900, csrfToken: "c" }),
    readCookies: () => "",
    exclusive: (task) => task(),
  });
  if (role) await client.login({ email: "ana@example.com", password: "whatever it is" });
  render(<AuthProvider client={client}>{page}</AuthProvider>);
}

const today = new Date().toISOString().slice(0, 10);

const SUMMARY: AnalyticsSummary = {
  from: today,
  to: today,
  mode: null,
  gamesStarted: 10,
  gamesFinished: 8,
  gamesSolved: 6,
  completionRate: 0.8,
  solveRate: 0.75,
  accuracy: 0.5,
  averageDuration: 60,
  p50Duration: 50,
  p90Duration: 120,
  shares: 2,
  players: 4,
  byMode: [
    {
      mode: "daily",
      gamesStarted: 10,
      gamesFinished: 8,
      gamesSolved: 6,
      completionRate: 0.8,
      solveRate: 0.75,
      accuracy: 0.5,
      averageDuration: 60,
      p50Duration: 50,
      p90Duration: 120,
      shares: 2,
    },
  ],
  generatedAt: "2000-01-01T00:00:00.000Z",
};

beforeEach(() => {
  window.history.replaceState(null, "", `/dashboard?from=${today}&to=${today}`);
  vi.spyOn(window, "scrollTo").mockImplementation(() => undefined);
  FakeWebSocket.instances = [];
  vi.stubGlobal("WebSocket", FakeWebSocket);
  api.summary.mockResolvedValue(SUMMARY);
  api.timeseries.mockResolvedValue({ from: today, to: today, mode: null, days: [] });
  api.careers.mockResolvedValue({
    items: [
      {
        nflPlayerId: 1,
        name: "<b>Journey</b> Man",
        teams: 7,
        timesShown: 12,
        timesSolved: 1,
        solveRate: 1 / 12,
        meanGuesses: 4.25,
        meanTeamsNeeded: null,
      },
    ],
    total: 1,
    limit: 10,
    offset: 0,
    sort: "hardest",
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("dashboard role gating", () => {
  it("sends a signed-out visitor to sign in, and back here afterwards", async () => {
    await signedIn(null, <DashboardPage />);
    await waitFor(() => expect(window.location.pathname).toBe("/signin"));
    expect(new URLSearchParams(window.location.search).get("next")).toBe(`/dashboard?from=${today}&to=${today}`);
    expect(api.summary).not.toHaveBeenCalled();
  });

  it("tells a player the dashboard needs an analyst account, and asks the server nothing", async () => {
    await signedIn("player", <DashboardPage />);
    expect(screen.getByRole("alert").textContent).toMatch(/needs an analyst account/);
    expect(api.summary).not.toHaveBeenCalled();
    expect(FakeWebSocket.instances).toHaveLength(0);
  });

  it("says the same when the server refuses the figures", async () => {
    api.summary.mockRejectedValue(new ApiError(403, "forbidden", "Forbidden"));
    await signedIn("analyst", <DashboardPage />);
    await waitFor(() => expect(screen.getByRole("alert").textContent).toMatch(/needs an analyst account/));
  });

  it("offers the dashboard link to analysts and admins only", async () => {
    await signedIn("analyst", <AccountNav />);
    expect(screen.getByRole("link", { name: "Dashboard" }).getAttribute("href")).toBe("/dashboard");
    cleanup();
    await signedIn("admin", <AccountNav />);
    expect(screen.getByRole("link", { name: "Dashboard" })).toBeTruthy();
    cleanup();
    await signedIn("player", <AccountNav />);
    expect(screen.queryByRole("link", { name: "Dashboard" })).toBeNull();
  });
});

describe("the dashboard for an analyst", () => {
  it("shows the tiles, charts with text equivalents, the table, and bumps the tiles from the live feed", async () => {
    await signedIn("analyst", <DashboardPage />);
    const finished = await screen.findByText("Games finished", { selector: "dt" });
    const tile = finished.closest("[data-cy=kpi-gamesFinished]") as HTMLElement;
    expect(within(tile).getByText("8")).toBeTruthy();
    expect(api.summary).toHaveBeenCalledWith({ from: today, to: today, mode: null });

    expect(screen.getByRole("img", { name: /Games per day from/ })).toBeTruthy();
    expect(screen.getByRole("img", { name: /Daily 50% accurate, 75% solved/ })).toBeTruthy();
    expect(screen.getByRole("table", { name: "Games per day" }).querySelectorAll("tbody tr")).toHaveLength(1);

    // A name from the API is text, never markup.
    const row = await screen.findByText("<b>Journey</b> Man");
    expect(row.querySelector("b")).toBeNull();

    expect(FakeWebSocket.instances).toHaveLength(1);
    const socket = FakeWebSocket.instances[0] as FakeWebSocket;
    expect(socket.url).toMatch(/\/ws\?channel=analyst&token=token$/);
    socket.receive({ type: "hello", channel: "analyst", seq: 0, heartbeatSeconds: 15 });
    const game = {
      type: "game_finished",
      mode: "daily",
      score: 800,
      solved: 1,
      rounds: 1,
      teamsRevealed: 2,
      durationSeconds: 30,
      puzzleNumber: 12,
      archive: false,
      at: new Date().toISOString(),
      gameId: "g1",
      playerName: "<img src=x onerror=alert(1)>",
    };
    socket.receive({ ...game, seq: 1 });
    socket.receive({ ...game, seq: 1 }); // replayed: counted once
    const item = await screen.findByText("<img src=x onerror=alert(1)>");
    expect(item.closest("[data-cy=live-feed-list]")?.querySelector("img")).toBeNull();
    expect(within(tile).getByText("9")).toBeTruthy();
    expect(tile.getAttribute("data-value")).toBe("9");
    expect(screen.getAllByText(/finished Daily #12: 1 of 1 solved/)).toHaveLength(1);

    // The polite region says it (the throttle itself: live/useAnalystFeed.test.tsx).
    await waitFor(() => expect(screen.getByText("1 more game finished.")).toBeTruthy());
    socket.receive({ ...game, seq: 2 });
    expect(within(tile).getByText("10")).toBeTruthy();
  });

  it("shows an error with a retry when the figures cannot load", async () => {
    api.summary.mockRejectedValue(new ApiError(503, "unavailable", "down"));
    await signedIn("analyst", <DashboardPage />);
    await waitFor(() => expect(screen.getByRole("button", { name: "Load the figures again" })).toBeTruthy());
    expect(screen.getByText(/server had a problem/)).toBeTruthy();
  });
});

describe("dashboard filters and export", () => {
  it("applies a mode and range to the URL and loads those figures; refuses a reversed range", async () => {
    await signedIn("analyst", <DashboardPage />);
    await screen.findByText("Games finished", { selector: "dt" });
    fireEvent.change(screen.getByLabelText("Mode"), { target: { value: "daily" } });
    fireEvent.change(screen.getByLabelText("From (UTC day)"), { target: { value: "2026-10-01" } });
    fireEvent.change(screen.getByLabelText("To (UTC day)"), { target: { value: "2026-10-31" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    await waitFor(() =>
      expect(api.summary).toHaveBeenLastCalledWith({ from: "2026-10-01", to: "2026-10-31", mode: "daily" }),
    );
    expect(window.location.search).toBe("?from=2026-10-01&to=2026-10-31&mode=daily");
    expect(api.timeseries).toHaveBeenLastCalledWith({ from: "2026-10-01", to: "2026-10-31", mode: "daily" });

    await screen.findByText("Games finished", { selector: "dt" });
    fireEvent.change(screen.getByLabelText("From (UTC day)"), { target: { value: "2026-11-02" } });
    fireEvent.change(screen.getByLabelText("To (UTC day)"), { target: { value: "2026-11-01" } });
    fireEvent.click(screen.getByRole("button", { name: "Apply" }));
    expect(screen.getByText("The start date is after the end date.")).toBeTruthy();
    expect(screen.getByLabelText("From (UTC day)").getAttribute("aria-invalid")).toBe("true");
    expect(window.location.search).toBe("?from=2026-10-01&to=2026-10-31&mode=daily");
  });

  it("follows an export to its download link, and says why one was refused", async () => {
    api.startExport.mockResolvedValueOnce({ success: true, exportKey: "job1", statusUrl: "/api/v1/jobs/job1" });
    api.exportStatus.mockResolvedValueOnce({ id: "job1", status: "done", downloadUrl: "/api/v1/jobs/job1/download" });
    await signedIn("analyst", <DashboardPage />);
    fireEvent.click(await screen.findByRole("button", { name: "Export CSV" }));
    const link = await screen.findByRole("link", { name: "Download the CSV" });
    expect(link.getAttribute("href")).toBe("/api/v1/jobs/job1/download");
    expect(api.startExport).toHaveBeenCalledWith({ from: today, to: today, mode: null });
    expect(api.exportStatus).toHaveBeenCalledWith("/api/v1/jobs/job1");

    api.startExport.mockRejectedValueOnce(new ApiError(403, "forbidden", "Only an admin may export e-mail addresses"));
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => expect(screen.getByText("Your account may not export analytics.")).toBeTruthy());
    expect(screen.queryByRole("link", { name: "Download the CSV" })).toBeNull();
  });
});
