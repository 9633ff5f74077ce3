// The operator dashboard (/dashboard, issue #5): an analyst made with the CLI signs in and sees
// the KPI tiles, charts and hardest-journeymen table; a game finished by a visitor in another
// browser context shows up in the live feed within a second and bumps the finished-games tile;
// the page fits a phone. Players are told they need an analyst account; visitors go to sign in.
// Session cookies are Secure, so pages are opened through localhost (see accounts.test.mjs).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { auditPage, BINARY, closeSession, newPage, openSession, register, REPO, waitForText } from "./harness.mjs";

const PASSWORD = "correct horse battery";
const ANALYST = { name: "Ana Lyst", email: "ana.lyst@example.com" };
/** The target: a finished game visible on a dashboard in ≤ 1 s. */
const LIVE_WITHIN_MS = 1000;

const localhostUrl = (baseUrl) => baseUrl.replace("://127.0.0.1:", "://localhost:");

async function signIn(page, base, email, next) {
  await page.goto(`${base}/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL(`${base}${next}`);
}

/** The finished-games tile's number (data-value holds the raw count). */
async function finishedTile(page) {
  const tile = page.locator("[data-cy=kpi-gamesFinished]");
  await tile.waitFor();
  return Number(await tile.getAttribute("data-value"));
}

async function openDashboard(page, base) {
  await page.getByRole("heading", { level: 1, name: "Dashboard" }).waitFor();
  await page.locator("[data-cy=kpi-tiles]").waitFor();
  await page.locator("[data-cy=live-status]").filter({ hasText: "Live" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/dashboard", `still on the dashboard (${base})`);
}

describe("operator dashboard", () => {
  let server;
  let browser;
  let base;

  before(async () => {
    ({ server, browser } = await openSession());
    base = localhostUrl(server.baseUrl);
    execFileSync(
      BINARY,
      [
        "user",
        "create",
        "--role",
        "analyst",
        "--email",
        ANALYST.email,
        "--name",
        ANALYST.name,
        "--password-stdin",
        "--db",
        server.db,
      ],
      { cwd: REPO, env: server.env, input: `${PASSWORD}\n`, timeout: 30_000 },
    );
  });
  after(() => closeSession({ server, browser }));

  it("visitors are sent to sign in; players are told they need an analyst account", async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`${base}/dashboard?mode=daily`);
    await page.waitForURL(`${base}/signin?next=${encodeURIComponent("/dashboard?mode=daily")}`);

    await page.goto(`${base}/signup`);
    await page.getByLabel("Name", { exact: true }).fill("Pat Player");
    await page.getByLabel("Email", { exact: true }).fill("pat.player@example.com");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/profile`);
    assert.equal(await page.locator("[data-cy=dashboard-link]").count(), 0, "no dashboard link for a player");
    await page.goto(`${base}/dashboard`);
    await waitForText(page.locator("[data-cy=not-allowed]"), /needs an analyst account/);
    assert.deepEqual(await auditPage(page, "40-dashboard-refused"), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("an analyst sees the figures, and a game finished elsewhere appears live within a second", async () => {
    const { page, problems } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    await signIn(page, base, ANALYST.email, "/profile");
    await page.locator("[data-cy=dashboard-link]").click();
    await openDashboard(page, base);
    await page.locator("[data-cy=games-per-day] canvas").waitFor();
    await page.locator("[data-cy=hardest]").waitFor();
    assert.equal(await page.locator("[data-cy=error-notice]").count(), 0, "every part of the dashboard loaded");
    const before = await finishedTile(page);
    assert.deepEqual(await auditPage(page, "41-dashboard"), []);

    // Filters live in the URL.
    await page.getByLabel("Mode", { exact: true }).selectOption("challenge");
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await page.waitForURL(/\/dashboard\?.*mode=challenge/);
    await waitForText(page.locator("[data-cy=dashboard-range]"), /challenge games only/);
    await page.locator("[data-cy=kpi-tiles][data-mode=challenge]").waitFor();
    const beforeChallenge = await finishedTile(page);
    assert.ok(beforeChallenge <= before, "one mode never counts more games than all modes");

    // A visitor in another browser context plays a challenge game and quits (which finishes it).
    const visitor = await newPage(browser);
    await register(visitor.page, server.baseUrl, { name: "Vic Visitor", email: "vic.visitor@example.com" });
    await visitor.page.locator("[data-cy=challenge-mode]").click();
    await visitor.page.locator("[data-cy=team-card]").first().waitFor();
    const finishCall = visitor.page.waitForResponse(
      (response) => response.url().endsWith("/finish") && response.request().method() === "POST",
    );
    await visitor.page.locator("[data-cy=quit-game]").click();
    const finished = await finishCall;
    assert.equal(finished.status(), 200);
    const finishedAt = Date.now();

    const item = page.locator("[data-cy=live-feed-item]").filter({ hasText: "Vic Visitor" });
    await item.waitFor({ timeout: 5000 });
    const elapsed = Date.now() - finishedAt;
    assert.ok(elapsed <= LIVE_WITHIN_MS, `the finished game reached the dashboard in ${elapsed} ms`);
    assert.match(await item.textContent(), /finished Challenge: 0 of \d+ solved/);

    // The tile counts it at once (the live bump), without a reload.
    await page.waitForFunction(
      (expected) =>
        Number(document.querySelector("[data-cy=kpi-gamesFinished]")?.getAttribute("data-value")) === expected,
      beforeChallenge + 1,
      { timeout: 2000 },
    );
    assert.deepEqual(await auditPage(page, "42-dashboard-live"), []);

    // After a reload the server's own figures agree.
    await page.reload();
    await openDashboard(page, base);
    assert.equal(await finishedTile(page), beforeChallenge + 1, "the server counted the game too");
    assert.deepEqual(visitor.problems, []);
    assert.deepEqual(problems, []);
    await visitor.page.context().close();
    await page.context().close();
  });

  it("exports the chosen range as CSV: a job, followed to its download link", async () => {
    const { page, problems } = await newPage(browser);
    await signIn(page, base, ANALYST.email, "/dashboard");
    await openDashboard(page, base);
    const exportStarted = page.waitForRequest(
      (request) => request.url().endsWith("/export-analytics") && request.method() === "POST",
    );
    await page.getByRole("button", { name: "Export CSV" }).click();
    const body = JSON.parse((await exportStarted).postData());
    assert.equal(body.format, "csv");
    assert.match(body.startDate, /^\d{4}-\d{2}-\d{2}$/);
    assert.match(body.endDate, /^\d{4}-\d{2}-\d{2}$/);

    const link = page.locator("[data-cy=export-download]");
    await link.waitFor({ timeout: 60_000 });
    assert.equal(await page.locator("[data-cy=export-error]").count(), 0);
    await waitForText(page.locator("[data-cy=export-status]"), /^Ready/);
    assert.deepEqual(await auditPage(page, "44-dashboard-export"), []);
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    assert.match(download.suggestedFilename(), /\.csv$/);
    const csv = fs.readFileSync(await download.path(), "utf8");
    assert.match(csv.split(/\r?\n/)[0], /,/, "a CSV header line");
    assert.doesNotMatch(csv, /@example\.com/, "an analyst's export has no e-mail addresses");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("fits a phone in the dark theme: one column, no sideways page scroll, tap targets of at least 44 px", async () => {
    const { page, problems } = await newPage(browser, {
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      colorScheme: "dark",
    });
    await signIn(page, base, ANALYST.email, "/dashboard");
    await openDashboard(page, base);
    await page.locator("[data-cy=hardest]").waitFor();

    // A mobile browser widens the layout viewport to fit wide content, so compare with 360 px.
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    }));
    assert.deepEqual(widths, { page: 360, viewport: 360 }, "no horizontal page scroll on a phone");
    const columns = await page.evaluate(
      () => getComputedStyle(document.querySelector(".dashboard-charts")).gridTemplateColumns.split(" ").length,
    );
    assert.equal(columns, 1, "charts stack in one column");
    const small = await page.evaluate(() =>
      [...document.querySelectorAll("main button, main a, main input, main select")]
        .filter((element) => element.getClientRects().length > 0 && !element.closest(".visually-hidden"))
        .map((element) => ({
          text: (element.textContent || element.id || element.tagName).trim(),
          rect: element.getBoundingClientRect(),
        }))
        .filter(({ rect }) => rect.height < 44)
        .map(({ text, rect }) => `${text} (${Math.round(rect.height)} px)`),
    );
    assert.deepEqual(small, [], "every control is at least 44 px tall");
    assert.deepEqual(await auditPage(page, "43-dashboard-phone"), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
