import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { auditPage, newPage, register, todayUtc, waitForText, openSession, closeSession } from "./harness.mjs";

const PLAYER = { name: "Dana Daily", email: "dana.daily@example.com" };

describe("a new visitor plays today's daily", () => {
  let server;
  let browser;

  before(async () => ({ server, browser } = await openSession()));
  after(() => closeSession({ server, browser }));

  it("registers, misses once, guesses right, sees the result and their leaderboard row", async () => {
    const { page, problems } = await newPage(browser);
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.baseUrl });
    await register(page, server.baseUrl, PLAYER);

    await page.locator("[data-cy=daily-mode]").click();
    await page.locator("[data-cy=game-header]").waitFor();
    assert.equal(await page.locator("[data-cy=game-header]").textContent(), "Who Am I?");
    await page.locator("[data-cy=team-card]").first().waitFor();
    const shownBefore = await page.locator("[data-cy=team-card]").count();
    const hiddenBefore = await page.locator("[data-cy=team-card-hidden]").count();
    assert.deepEqual(await auditPage(page, "10-daily-start"), []);

    // The answer is learnt from the back end's test-only CLI, never from the page.
    const answer = await server.dailyAnswer(todayUtc());
    assert.equal(
      (await page.content()).toLowerCase().includes(answer.toLowerCase()),
      false,
      "the page does not contain the answer before the round ends",
    );
    const wrongGuess = answer === "Josh McCown" ? "Ryan Fitzpatrick" : "Josh McCown";

    const input = page.getByRole("combobox", { name: "Your guess" });
    await input.fill(wrongGuess);
    await input.press("Enter");
    await waitForText(page.locator("[data-cy=feedback]"), "❌ Try again!");
    assert.equal(await input.inputValue(), "", "the input clears after a guess");
    await waitForText(page.locator("[data-cy=guess-list]"), wrongGuess);
    if (hiddenBefore > 0) {
      await page.waitForFunction(
        (count) => document.querySelectorAll("[data-cy=team-card]").length === count,
        shownBefore + 1,
      );
    }
    assert.deepEqual(await auditPage(page, "11-daily-after-miss"), []);

    await input.fill(answer);
    await input.press("Enter");
    await waitForText(page.locator("[data-cy=feedback]"), "✅ Correct!");
    await page.locator("[data-cy=round-over]").waitFor();
    assert.equal(await page.locator("[data-cy=feedback]").getAttribute("aria-live"), "polite");
    assert.deepEqual(await auditPage(page, "12-daily-solved"), []);

    await page.locator("[data-cy=finish-game]").click();
    const scoreLine = page.locator("[data-cy=score-line]");
    await scoreLine.waitFor();
    assert.match(await scoreLine.textContent(), /^Score: 1 correct \| Time: \d+:\d\d$/);
    const shareText = await page.locator("[data-cy=share-text]").textContent();
    assert.equal(shareText.toLowerCase().includes(answer.toLowerCase()), false, "the share text has no spoiler");
    assert.ok(shareText.trim().endsWith(`${server.baseUrl}/`), "the share text points at this site");
    assert.match(await page.locator("[data-cy=share-description]").textContent(), /1 of 1 player guessed/);
    for (const network of ["x", "facebook", "reddit", "whatsapp"]) {
      const href = await page.locator(`[data-cy=share-${network}]`).getAttribute("href");
      assert.ok(href.includes(encodeURIComponent(`${server.baseUrl}/`)), `${network} link carries location.origin`);
    }
    await page.locator("[data-cy=copy-share]").click();
    await waitForText(page.getByRole("status").filter({ hasText: "Copied" }), "Copied to clipboard.");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shareText);
    assert.match(await page.locator("[data-cy=next-daily-countdown]").textContent(), /Next daily puzzle in \d+:\d\d:\d\d/);
    assert.deepEqual(await auditPage(page, "13-daily-result"), []);

    // Sharing marks the game shared without leaving the page (the link opens a new tab).
    const popupPromise = page.context().waitForEvent("page");
    const sharedCall = page.waitForRequest((request) => request.url().endsWith("/finish") && request.method() === "POST");
    await page.locator("[data-cy=share-reddit]").click();
    const popup = await popupPromise;
    await popup.close();
    assert.deepEqual(JSON.parse((await sharedCall).postData() ?? "{}"), { sharedOnSocial: true });

    await page.locator("[data-cy=see-leaderboard]").click();
    await page.getByRole("heading", { level: 1, name: "Leaderboard" }).waitFor();
    const ownRow = page.locator("[data-cy=leaderboard-own-row]");
    await ownRow.waitFor();
    assert.match(await ownRow.textContent(), new RegExp(PLAYER.name));
    const body = await page.content();
    assert.equal(body.includes(PLAYER.email), false, "the leaderboard never shows e-mails");
    assert.deepEqual(await auditPage(page, "14-leaderboard-own-row"), []);

    await page.getByRole("link", { name: "Profile" }).click();
    await page.getByRole("heading", { level: 1, name: "Your profile" }).waitFor();
    assert.equal(await page.locator("[data-cy=streak-current]").textContent(), "1");
    await waitForText(page.locator("[data-cy=history-table]"), "Daily");
    assert.deepEqual(await auditPage(page, "15-profile-after-daily"), []);
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("lists past dailies in the archive", async () => {
    const { page, problems } = await newPage(browser);
    await register(page, server.baseUrl, { name: "Archie Ves", email: "archie@example.com" });
    await page.getByRole("link", { name: "Archive", exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: "Daily archive" }).waitFor();
    await page.locator("[data-cy=archive-list], .empty").first().waitFor();
    const playLinks = page.locator("[data-cy=archive-play]");
    if ((await playLinks.count()) > 0) {
      await playLinks.first().click();
      await page.locator("[data-cy=game-header]").waitFor();
      await waitForText(page.locator("[data-cy=game-mode]"), "archive");
      await page.locator("[data-cy=team-card]").first().waitFor();
      assert.deepEqual(await auditPage(page, "16-archive-game"), []);
    }
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
