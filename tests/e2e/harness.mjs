// Shared set-up for the browser tests: the real server on a free port with a throwaway
// database, Debian's Chromium through playwright-core, axe-core checks and screenshots.
import { spawn, execFile } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const run = promisify(execFile);

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BINARY = process.env.JOURNEYMAN_BIN ?? path.join(REPO, "build", "journeyman");
export const WEB_ROOT = path.join(REPO, "web", "dist");
export const OUTPUT_DIR = path.join(REPO, "test-output", "e2e");

const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

async function waitForReady(baseUrl, child, log, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`journeyman serve exited with ${child.exitCode}:\n${fs.readFileSync(log, "utf8").slice(-4000)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/ready`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`journeyman serve not ready after ${timeoutMs} ms:\n${fs.readFileSync(log, "utf8").slice(-4000)}`);
}

/**
 * Starts `journeyman serve` with its own database in a temporary folder and the built web app,
 * waits for GET /ready = 200, and returns its base URL plus `stop()`. `env` adds environment
 * variables (rate limits are off unless it sets JOURNEYMAN_RATE_LIMITS=on).
 */
export async function startServer({ env: extraEnv = {} } = {}) {
  if (!fs.existsSync(BINARY)) throw new Error(`${BINARY} is missing: build the server first`);
  if (!fs.existsSync(path.join(WEB_ROOT, "index.html"))) {
    throw new Error(`${WEB_ROOT}/index.html is missing: run "npm ci && npm run build" in web/ first`);
  }
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "journeyman-e2e-"));
  const db = path.join(workDir, "e2e.db");
  const port = await freePort();
  const log = path.join(workDir, "server.log");
  const logFd = fs.openSync(log, "a");
  // Rate limits off: a browser session of many specs runs from one address (127.0.0.1).
  const env = { ...process.env, JOURNEYMAN_RATE_LIMITS: "off", JOURNEYMAN_WEB_ROOT: WEB_ROOT, ...extraEnv };
  const child = spawn(BINARY, ["serve", "--port", String(port), "--db", db], {
    cwd: REPO,
    env,
    stdio: ["ignore", logFd, logFd],
  });
  fs.closeSync(logFd);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForReady(baseUrl, child, log);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }

  return {
    baseUrl,
    db,
    env,
    /** The daily answer for a UTC date, from the back end's test-only CLI. */
    async dailyAnswer(date) {
      const args = ["puzzle", "answer", "--date", date, "--db", db];
      try {
        const { stdout } = await run(BINARY, args, { cwd: REPO, env, timeout: 30_000 });
        const answer = stdout.trim();
        if (answer) return answer;
        throw new Error("empty answer");
      } catch (error) {
        throw new Error(`journeyman puzzle answer --date ${date} failed: ${error?.stderr ?? error}`);
      }
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        const exited = once(child, "exit");
        const timeout = new Promise((resolve) => setTimeout(resolve, 5000, "timeout"));
        if ((await Promise.race([exited, timeout])) === "timeout") {
          child.kill("SIGKILL");
          await exited;
        }
      }
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-quic",
      "--disable-sync",
    ],
  });
}

/** A fresh browser context and page; `problems` collects uncaught exceptions and console errors. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 800 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    // Requests a test fails on purpose also log "Failed to load resource"; those are expected.
    if (message.type() === "error" && !/Failed to load resource/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  return { page, problems };
}

/** Waits until the locator's text matches. */
export async function waitForText(locator, pattern, timeout = 10_000) {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
}

/**
 * Runs axe-core on the page as it is now and saves a full-page screenshot under
 * test-output/e2e/<name>.png. Returns the serious or critical violations (expected: none).
 */
export async function auditPage(page, name) {
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT_DIR, `${name}.png`), fullPage: true });
  // Evaluated through the DevTools protocol: the app's CSP (script-src 'self') stays in force.
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const report = await window.axe.run(document, { resultTypes: ["violations"] });
    return report.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  });
  return results.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
}

/** The new-visitor form: name, email, consent, Start. */
export async function register(page, baseUrl, { name, email }) {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.locator("[data-cy=consent-checkbox]").check();
  await page.locator("[data-cy=start-button]").click();
  await page.getByRole("heading", { name: "Choose your mode" }).waitFor();
}

export const todayUtc = () => new Date().toISOString().slice(0, 10);

/** A fresh server and browser for one describe block: `({ server, browser } = await openSession())`. */
export async function openSession() {
  const server = await startServer();
  const browser = await launchBrowser();
  return { server, browser };
}

/** Closes what openSession started (either may be missing if it failed half-way). */
export async function closeSession({ server, browser }) {
  await browser?.close();
  await server?.stop();
}
