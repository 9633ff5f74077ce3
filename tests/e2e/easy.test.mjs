import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { auditPage, newPage, register, waitForText, openSession, closeSession } from "./harness.mjs";

describe("an easy game to the end", () => {
  let server;
  let browser;

  before(async () => ({ server, browser } = await openSession()));
  after(() => closeSession({ server, browser }));

  it("plays every round, finishes, and plays again", async () => {
    const { page, problems } = await newPage(browser);
    await register(page, server.baseUrl, { name: "Eddie Easy", email: "eddie@example.com" });
    await page.locator("[data-cy=easy-mode]").click();
    await page.locator("[data-cy=game-header]").waitFor();
    await page.locator("[data-cy=team-card]").first().waitFor();
    assert.equal(await page.locator("[data-cy=team-card-hidden]").count(), 0, "easy mode shows every team");
    assert.match(await page.locator("[data-cy=team-card]").first().textContent(), /Team 1.*\d{4}/);
    assert.deepEqual(await auditPage(page, "20-easy-start"), []);

    const roundText = await page.locator("[data-cy=status-bar]").textContent();
    const roundCount = Number(/Round\s*1 of (\d+)/.exec(roundText)?.[1]);
    assert.ok(roundCount >= 1 && roundCount <= 10, `1–10 rounds (${roundText})`);
    let rounds = 0;
    for (;;) {
      rounds += 1;
      const input = page.getByRole("combobox", { name: "Your guess" });
      await input.fill("Nobody Special");
      await page.getByRole("button", { name: "Submit" }).click();
      await waitForText(page.locator("[data-cy=guess-list]"), "Nobody Special");
      if (rounds === 1) {
        await page.locator("[data-cy=hint-button]").click();
        await page.locator("[data-cy=hints]").waitFor();
        assert.deepEqual(await auditPage(page, "21-easy-hint"), []);
      }
      await page.locator("[data-cy=give-up-button]").click();
      await page.locator("[data-cy=round-answer]").waitFor();
      if (rounds === 1) assert.deepEqual(await auditPage(page, "22-easy-round-over"), []);
      const next = page.locator("[data-cy=next-player]");
      if ((await next.count()) === 0) break;
      await next.click();
      await page.locator("[data-cy=give-up-button]").waitFor();
      assert.ok(rounds < 10, "a game has at most 10 rounds");
    }
    assert.equal(rounds, roundCount, "every round was played");

    await page.locator("[data-cy=finish-game]").click();
    await page.locator("[data-cy=game-complete]").waitFor();
    assert.match(await page.locator("[data-cy=score-line]").textContent(), /^Score: 0 correct \| Time: \d+:\d\d$/);
    assert.deepEqual(await auditPage(page, "23-easy-result"), []);

    await page.locator("[data-cy=play-again]").click();
    await page.locator("[data-cy=game-header]").waitFor();
    await page.locator("[data-cy=team-card]").first().waitFor();
    assert.equal(await page.locator("[data-cy=guess-list]").count(), 0, "a new game starts clean");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("queues a result that fails to upload and sends it again on Retry Now", async () => {
    const { page, problems } = await newPage(browser);
    await register(page, server.baseUrl, { name: "Offline Olive", email: "olive@example.com" });
    await page.locator("[data-cy=challenge-mode]").click();
    await page.locator("[data-cy=team-card]").first().waitFor();
    assert.equal(await page.locator("[data-cy=team-card] .team-order").count(), 0, "challenge mode shows no order");

    const finishRoute = "**/api/v1/games/*/finish";
    await page.route(finishRoute, (route) => route.abort("connectionrefused"));
    await page.locator("[data-cy=quit-game]").click();
    await page.locator("[data-cy=result-queued]").waitFor();
    await waitForText(page.locator("[data-cy=pending-uploads]"), /1 upload pending retry/);
    assert.deepEqual(await auditPage(page, "24-upload-pending"), []);

    await page.unroute(finishRoute);
    await page.getByRole("button", { name: "Retry Now" }).click();
    await page.locator("[data-cy=pending-uploads]").waitFor({ state: "detached" });
    assert.deepEqual(await page.evaluate(() => localStorage.getItem("journeyman.pendingFinishes")), "[]");
    assert.deepEqual(problems, []);
    await page.context().close();
  });

  it("shows a clear message when starting a game fails, and retries", async () => {
    const { page, problems } = await newPage(browser);
    await register(page, server.baseUrl, { name: "Rita Retry", email: "rita@example.com" });
    let failures = 0;
    await page.route("**/api/v1/games", (route) => {
      if (route.request().method() === "POST" && failures === 0) {
        failures += 1;
        return route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "unavailable", message: "down" }, requestId: "e2e" }),
        });
      }
      return route.continue();
    });
    await page.locator("[data-cy=practice-mode]").click();
    const notice = page.locator("[data-cy=error-notice]");
    await notice.waitFor();
    assert.match(await notice.textContent(), /server had a problem/);
    assert.deepEqual(await auditPage(page, "25-start-error"), []);
    await page.getByRole("button", { name: "Retry" }).click();
    await page.locator("[data-cy=team-card]").first().waitFor();
    assert.equal(failures, 1);
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
