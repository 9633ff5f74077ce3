import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { auditPage, newPage, register, openSession, closeSession } from "./harness.mjs";

describe("landing, registration and the static pages", () => {
  let server;
  let browser;

  before(async () => ({ server, browser } = await openSession()));
  after(() => closeSession({ server, browser }));

  it("reports how long the landing page takes to load (measured, not asserted)", async (t) => {
    // Warm the browser itself (first renderer, font caches) on another origin-less page, then
    // measure in a fresh context: a cold HTTP cache, as for a first visit.
    const warmUp = await newPage(browser);
    await warmUp.page.setContent("<h1>warm-up</h1>");
    await warmUp.page.context().close();
    const { page } = await newPage(browser);
    const started = Date.now();
    await page.goto(`${server.baseUrl}/`, { waitUntil: "load" });
    const headingHandle = await page.waitForFunction(
      () => (document.querySelector("h1")?.textContent === "Welcome to Journeyman" ? performance.now() : null),
      undefined,
      { polling: "raf" },
    );
    const headingMs = await headingHandle.jsonValue();
    const wallMs = Date.now() - started;
    const timing = await page.evaluate(async () => {
      const firstContentfulPaint = await new Promise((resolve) => {
        const observer = new PerformanceObserver((list) => {
          const entry = list.getEntriesByName("first-contentful-paint")[0];
          if (!entry) return;
          observer.disconnect();
          resolve(entry.startTime);
        });
        observer.observe({ type: "paint", buffered: true });
        setTimeout(() => resolve(null), 3000);
      });
      const [navigation] = performance.getEntriesByType("navigation");
      return { loadEventEnd: navigation?.loadEventEnd ?? null, firstContentfulPaint };
    });
    const report =
      `landing first load on loopback: heading rendered at ${Math.round(headingMs)} ms after navigation start, ` +
      `first contentful paint ${Math.round(timing.firstContentfulPaint ?? -1)} ms, load event ${Math.round(timing.loadEventEnd ?? -1)} ms ` +
      `(wall clock incl. the test driver: ${wallMs} ms; target 1000 ms, reported only)`;
    t.diagnostic(report);
    console.log(report);
    await page.context().close();
  });

  it("keeps the original's first screen, messages and hooks, and asks for consent", async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole("heading", { name: "Welcome to Journeyman" }).waitFor();
    assert.deepEqual(await auditPage(page, "01-register"), []);
    const consent = page.locator("[data-cy=consent-checkbox]");
    assert.equal(await consent.isChecked(), false, "consent is unticked by default");
    assert.equal(await page.locator("form").getByRole("link", { name: "privacy notice" }).getAttribute("href"), "/privacy");

    const error = page.locator("[data-cy=form-error]");
    await page.getByRole("button", { name: "Start" }).click();
    assert.equal(await error.textContent(), "Please enter both name and email.");
    await page.getByLabel("Name", { exact: true }).fill("Jane Doe");
    await page.getByLabel("Email", { exact: true }).fill("jane@example");
    await page.getByRole("button", { name: "Start" }).click();
    assert.equal(await error.textContent(), "Please enter a valid email address.");
    await page.getByLabel("Email", { exact: true }).fill("jane@example.com");
    await page.getByRole("button", { name: "Start" }).click();
    assert.match(await error.textContent(), /privacy notice/);
    assert.deepEqual(await auditPage(page, "02-register-errors"), []);

    await consent.check();
    await page.getByRole("button", { name: "Start" }).click();
    await page.getByRole("heading", { name: "Choose your mode" }).waitFor();
    for (const hook of ["easy-mode", "challenge-mode", "daily-mode", "practice-mode"]) {
      assert.equal(await page.locator(`[data-cy=${hook}]`).count(), 1, hook);
    }
    assert.equal(await page.locator("[data-cy=easy-mode]").textContent(), "Easy Mode");
    assert.equal(await page.locator("[data-cy=challenge-mode]").textContent(), "Challenge Mode");
    assert.deepEqual(await auditPage(page, "03-modes"), []);

    // A returning visitor skips the form, and "Not you?" brings it back.
    await page.reload();
    await page.getByRole("heading", { name: "Choose your mode" }).waitFor();
    assert.equal(await page.locator("[data-cy=player-name]").textContent(), "Jane Doe");
    await page.getByRole("button", { name: "Not you?" }).click();
    await page.getByRole("heading", { name: "Welcome to Journeyman" }).waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("serves every route through the SPA fallback, with no serious accessibility violations", async () => {
    const { page, problems } = await newPage(browser);
    await register(page, server.baseUrl, { name: "Page Walker", email: "walker@example.com" });
    const pages = [
      ["/privacy", "Privacy notice", "04-privacy"],
      ["/archive", "Daily archive", "05-archive"],
      ["/profile", "Your profile", "06-profile"],
      ["/leaderboard", "Leaderboard", "07-leaderboard"],
      ["/no-such-page", "Page not found", "08-not-found"],
    ];
    for (const [route, heading, shot] of pages) {
      const response = await page.goto(`${server.baseUrl}${route}`);
      assert.equal(response.status(), 200, `${route} falls back to index.html`);
      await page.getByRole("heading", { level: 1, name: heading }).waitFor();
      await page.waitForLoadState("networkidle");
      assert.deepEqual(await auditPage(page, shot), [], route);
    }
    const privacy = await (await page.goto(`${server.baseUrl}/privacy`)).text();
    assert.match(privacy, /<div id="root">/);
    await page.getByRole("heading", { name: "Your rights" }).waitFor();
    for (const topic of ["What we store", "Why", "How long", "Your rights"]) {
      await page.getByRole("heading", { level: 2, name: topic, exact: true }).waitFor();
    }
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("fits a 360 px phone with 44 px tap targets, in the dark theme too", async () => {
    const { page, problems } = await newPage(browser, { viewport: { width: 360, height: 740 }, colorScheme: "dark" });
    await register(page, server.baseUrl, { name: "Phone User", email: "phone@example.com" });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
    const small = await page.evaluate(() =>
      [...document.querySelectorAll("main button, header button, header a, main a.button")]
        .map((element) => ({ text: element.textContent.trim(), box: element.getBoundingClientRect() }))
        .filter(({ box }) => box.width > 0 && (box.height < 44 || box.width < 44))
        .map(({ text, box }) => `${text} ${Math.round(box.width)}x${Math.round(box.height)}`),
    );
    assert.deepEqual(small, []);
    assert.deepEqual(await auditPage(page, "09-modes-phone-dark"), []);

    const toggle = page.locator("[data-cy=theme-toggle]");
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light");
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "light", "the choice is kept");
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
