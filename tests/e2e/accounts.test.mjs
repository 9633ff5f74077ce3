// Accounts in the browser: sign-up/sign-in/sign-out, the session surviving a reload (refresh
// cookie, token in memory only), profile data controls and the admin audit page.
// The session cookies are Secure, which browsers accept on http://localhost but not on
// http://127.0.0.1: every page here is opened through localhost.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { after, before, describe, it } from "node:test";
import { auditPage, BINARY, closeSession, newPage, openSession, REPO, waitForText } from "./harness.mjs";

const PASSWORD = "correct horse battery";

/** The server's URL through localhost (same port): Secure cookies need it. */
const localhostUrl = (baseUrl) => baseUrl.replace("://127.0.0.1:", "://localhost:");

async function signUp(page, base, { name, email, password = PASSWORD }) {
  await page.goto(`${base}/signup`);
  await page.getByRole("heading", { level: 1, name: "Create an account" }).waitFor();
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(`${base}/profile`);
  await page.locator("[data-cy=signed-in-as]").filter({ hasText: name }).waitFor();
}

async function signIn(page, base, { email, password = PASSWORD }, next = "") {
  await page.goto(`${base}/signin${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Everything this origin keeps in Web Storage, as one string. */
const webStorage = (page) =>
  page.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } }));

describe("accounts", () => {
  let server;
  let browser;
  let base;

  before(async () => {
    ({ server, browser } = await openSession());
    base = localhostUrl(server.baseUrl);
  });
  after(() => closeSession({ server, browser }));

  it("signs up, stays signed in across a reload, signs out and in again; a wrong password is refused", async () => {
    const { page, problems } = await newPage(browser);
    const account = { name: "Jane Account", email: "jane.account@example.com" };

    await page.goto(`${base}/signup`);
    await page.getByRole("heading", { level: 1, name: "Create an account" }).waitFor();
    assert.deepEqual(await auditPage(page, "20-signup"), []);
    await page.getByRole("button", { name: "Create account" }).click();
    assert.equal(await page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid"), "true");
    assert.match(await page.locator("[data-cy=signup-password-error]").textContent(), /at least 10 characters/);
    assert.deepEqual(await auditPage(page, "21-signup-errors"), []);

    await signUp(page, base, account);
    assert.equal(await page.locator("[data-cy=account-email]").textContent(), account.email);
    const cookies = await page.context().cookies();
    const refresh = cookies.find((cookie) => cookie.name === "jm_refresh");
    assert.ok(refresh?.httpOnly, "the refresh cookie is httpOnly");
    assert.ok(cookies.some((cookie) => cookie.name === "jm_csrf"), "the CSRF cookie is set");
    assert.doesNotMatch(await webStorage(page), /eyJ[\w-]+\.[\w-]+\./, "no JWT in localStorage or sessionStorage");

    // A reload forgets the in-memory token; the refresh cookie brings the session back.
    await page.reload();
    await page.locator("[data-cy=signed-in-as]").filter({ hasText: account.name }).waitFor();
    await waitForText(page.locator("[data-cy=account-email]"), account.email);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.locator("[data-cy=signin-link]").waitFor();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Your profile" }).waitFor();
    await page.locator("[data-cy=signin-link]").waitFor();
    assert.equal(await page.locator("[data-cy=signed-in-as]").count(), 0, "still signed out after a reload");

    await signIn(page, base, { email: account.email, password: "not the password" });
    await waitForText(page.locator("[data-cy=form-error]"), /don't match an account/);
    assert.equal(await page.getByLabel("Password", { exact: true }).inputValue(), "", "the wrong password is cleared");
    assert.deepEqual(await auditPage(page, "22-signin-error"), []);

    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.waitForURL(`${base}/profile`);
    await page.locator("[data-cy=signed-in-as]").filter({ hasText: account.name }).waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("profile: toggles a consent, downloads the data, deletes the account after confirmation", async () => {
    const { page, problems } = await newPage(browser);
    const account = { name: "Dora Delete", email: "dora.delete@example.com" };
    await signUp(page, base, account);
    await page.locator("[data-cy=consents]").waitFor();
    assert.deepEqual(await auditPage(page, "23-profile-account"), []);

    // Consent: off by default, on after a click, still on after a reload, with its time.
    const analytics = page.getByRole("switch", { name: "Analytics" });
    assert.equal(await analytics.isChecked(), false);
    assert.equal(await page.getByRole("switch", { name: "Essential" }).isChecked(), true);
    assert.equal(await page.getByRole("switch", { name: "Essential" }).isDisabled(), true);
    await analytics.click();
    await waitForText(page.locator("[data-cy=consent-analytics-status]"), /^Given · /);
    await page.reload();
    await page.locator("[data-cy=consents]").waitFor();
    assert.equal(await page.getByRole("switch", { name: "Analytics" }).isChecked(), true);
    await waitForText(page.locator("[data-cy=consent-analytics-status]"), /^Given · /);

    // Download my data: a 200 is saved at once; a 202 is polled until the job is done.
    const [download] = await Promise.all([
      page.waitForEvent("download", { timeout: 120_000 }),
      page.getByRole("button", { name: "Download my data" }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^journeyman-export-.+\.json$/);
    const exported = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
    assert.equal(exported.user?.email, account.email);
    for (const key of ["exportedAt", "games", "consents", "auditLog"]) assert.ok(key in exported, `export has ${key}`);
    await waitForText(page.locator("[data-cy=export-status]"), /Downloaded/);

    // Delete: the dialog is modal, Escape closes it, DELETE must be typed.
    const opener = page.getByRole("button", { name: "Delete my account" });
    await opener.click();
    const dialog = page.getByRole("dialog", { name: "Delete your account?" });
    await dialog.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.id), "delete-confirm");
    assert.deepEqual(await auditPage(page, "24-delete-dialog"), []);
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Delete my account", "focus returns");

    await opener.click();
    await dialog.getByRole("button", { name: "Delete my account permanently" }).click();
    await waitForText(dialog.locator("#delete-confirm-error"), /Type DELETE/);
    await dialog.getByLabel("Type DELETE to confirm").fill("DELETE");
    await dialog.getByRole("button", { name: "Delete my account permanently" }).click();
    await waitForText(page.locator("[data-cy=profile-notice]"), /account has been deleted/);
    await page.locator("[data-cy=signin-link]").waitFor();
    assert.deepEqual(await auditPage(page, "25-profile-deleted"), []);

    await signIn(page, base, account);
    await waitForText(page.locator("[data-cy=form-error]"), /don't match an account/);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("admin audit page: listed for admins only, filters and pages, fits a phone", async () => {
    const admin = { name: "Ada Admin", email: "ada.admin@example.com" };
    // `journeyman user create` (the server's CLI) makes the first administrator.
    execFileSync(
      BINARY,
      ["user", "create", "--admin", "--email", admin.email, "--name", admin.name, "--password-stdin", "--db", server.db],
      { cwd: REPO, env: server.env, input: `${PASSWORD}\n`, timeout: 30_000 },
    );

    // A player sees no link, and the page itself says no.
    const player = await newPage(browser);
    await signUp(player.page, base, { name: "Pat Player", email: "pat.player@example.com" });
    assert.equal(await player.page.getByRole("link", { name: "Audit log" }).count(), 0);
    await player.page.goto(`${base}/admin/audit`);
    await waitForText(player.page.locator("[data-cy=not-allowed]"), /not allowed/);
    assert.deepEqual(await auditPage(player.page, "26-admin-audit-refused"), []);
    assert.deepEqual(player.problems, []);
    await player.page.context().close();

    const { page, problems } = await newPage(browser);
    await signIn(page, base, admin);
    await page.waitForURL(`${base}/profile`);
    await page.getByRole("link", { name: "Audit log" }).click();
    await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
    await page.locator("[data-cy=audit-row]").first().waitFor();
    const summary = page.locator("[data-cy=audit-summary]");
    const total = Number(/of (\d+)/.exec(await summary.textContent())?.[1]);
    assert.ok(total >= 3, `sign-ups, sign-ins and the deletion above are audited (total ${total})`);
    assert.deepEqual(await auditPage(page, "27-admin-audit"), []);

    // Filter by the action of the newest entry: every row shown has that action.
    const action = (await page.locator("[data-cy=audit-row]").first().locator("td").nth(2).textContent()).trim();
    await page.getByLabel("Action", { exact: true }).fill(action);
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL(/[?&]action=/);
    await page.locator("[data-cy=audit-row]").first().waitFor();
    const actions = await page.locator("[data-cy=audit-row] td:nth-child(3)").allTextContents();
    assert.ok(actions.length > 0 && actions.every((shown) => shown.trim() === action), `only ${action}: ${actions}`);

    // Paging, one entry a page (the total may grow: reading the audit log is audited too).
    await page.goto(`${base}/admin/audit?limit=1`);
    await waitForText(summary, /^Showing 1–1 of \d+$/);
    await page.getByRole("button", { name: "Next page" }).click();
    await waitForText(summary, /^Showing 2–2 of \d+$/);
    assert.match(page.url(), /offset=1/);

    // A phone: the page does not scroll sideways; the table scrolls in its own region.
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${base}/admin/audit`);
    await page.locator("[data-cy=audit-row]").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no horizontal page scroll on a phone (overflow ${overflow}px)`);
    assert.deepEqual(await auditPage(page, "28-admin-audit-phone"), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("a signed-in player's game is started with the Bearer token", async () => {
    const { page, problems } = await newPage(browser);
    await signUp(page, base, { name: "Gary Gamer", email: "gary.gamer@example.com" });
    const started = page.waitForRequest((request) => request.url().endsWith("/api/v1/games") && request.method() === "POST");
    await page.goto(`${base}/`);
    await page.getByRole("heading", { name: "Choose your mode" }).waitFor();
    await page.locator("[data-cy=easy-mode]").click();
    const request = await started;
    assert.match(request.headers().authorization ?? "", /^Bearer \S+/);
    await page.locator("[data-cy=status-bar]").waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
