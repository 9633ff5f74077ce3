import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { auditPage, newPage, waitForText, openSession, closeSession } from "./harness.mjs";

/** Presses Tab until the focused element matches `selector` (at most `limit` times). */
async function tabTo(page, selector, limit = 40) {
  for (let presses = 0; presses < limit; presses++) {
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`Tab never reached ${selector}`);
}

const focusedCy = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-cy") ?? document.activeElement?.tagName);

describe("keyboard-only play", () => {
  let server;
  let browser;

  before(async () => ({ server, browser } = await openSession()));
  after(() => closeSession({ server, browser }));

  it("registers, plays a round with the autocomplete, and finishes without a mouse", async () => {
    const { page, problems } = await newPage(browser);
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole("heading", { name: "Welcome to Journeyman" }).waitFor();

    await tabTo(page, "#player-name");
    await page.keyboard.type("Kay Board");
    await page.keyboard.press("Tab");
    await page.keyboard.type("kay@example.com");
    await tabTo(page, "#player-consent");
    await page.keyboard.press("Space");
    await tabTo(page, "[data-cy=start-button]");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Choose your mode" }).waitFor();

    await tabTo(page, "[data-cy=easy-mode]");
    await page.keyboard.press("Enter");
    await page.locator("[data-cy=team-card]").first().waitFor();
    // Focus lands in the guess box, ready to type.
    await page.waitForFunction(() => document.activeElement?.getAttribute("data-cy") === "guess-input");

    await page.keyboard.type("Ryan");
    const suggestions = page.locator("[data-cy=suggestion]");
    await suggestions.first().waitFor();
    const combobox = page.getByRole("combobox", { name: "Your guess" });
    assert.equal(await combobox.getAttribute("aria-expanded"), "true");
    await page.keyboard.press("ArrowDown");
    const activeId = await combobox.getAttribute("aria-activedescendant");
    assert.ok(activeId, "ArrowDown highlights a suggestion");
    const picked = (await page.locator(`[id="${activeId}"] span`).first().textContent()).trim();
    assert.equal(await page.locator(`[id="${activeId}"]`).getAttribute("aria-selected"), "true");
    assert.deepEqual(await auditPage(page, "30-keyboard-suggestions"), []);
    await page.keyboard.press("Enter");
    await waitForText(page.locator("[data-cy=guess-list]"), picked);
    await waitForText(page.locator("[data-cy=feedback]"), /Correct!|Try again!/);
    assert.equal(await focusedCy(page), "guess-input", "focus stays in the guess box");

    if ((await page.locator("[data-cy=round-over]").count()) === 0) {
      await page.keyboard.type("Not A Player");
      await page.keyboard.press("Enter");
      await waitForText(page.locator("[data-cy=guess-list]"), "Not A Player");
      await tabTo(page, "[data-cy=hint-button]");
      await page.keyboard.press("Enter");
      await page.locator("[data-cy=hints]").waitFor();
      await tabTo(page, "[data-cy=give-up-button]");
      await page.keyboard.press("Enter");
    }
    await page.locator("[data-cy=round-over]").waitFor();
    await tabTo(page, "[data-cy=finish-game]");
    await page.keyboard.press("Enter");
    await page.locator("[data-cy=game-complete]").waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === "H1");
    assert.match(await page.locator("h1").textContent(), /Game Complete!/);

    await tabTo(page, "[data-cy=play-again]");
    await page.keyboard.press("Enter");
    await page.locator("[data-cy=game-header]").waitFor();
    assert.deepEqual(problems, []);
    await page.context().close();
  });
});
