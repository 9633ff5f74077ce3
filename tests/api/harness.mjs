// Black-box API harness: starts the real `journeyman serve` on a free port (--port 0, the port
// is read from the "listening" log line) with a throwaway SQLite database, waits for
// GET /ready = 200, and stops it with SIGTERM, checking that it exits with code 0.
// The server's stdout/stderr are copied to test-output/api/<label>-<n>.log for debugging.
import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BINARY = process.env.JOURNEYMAN_BIN ?? path.join(REPO, "build", "journeyman");
export const OUTPUT_DIR = path.join(REPO, "test-output", "api");

export const SECURITY_HEADERS = {
  "content-security-policy": /.+/,
  "strict-transport-security": /max-age=\d+/,
  "x-frame-options": /^SAMEORIGIN$/i,
  "x-content-type-options": /^nosniff$/i,
  "referrer-policy": /^strict-origin-when-cross-origin$/i,
  "permissions-policy": /.+/,
};

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let serial = 0;
let uniqueCounter = 0;

/** A sessionId nobody else in this run uses. */
export function uniqueId(prefix = "t") {
  uniqueCounter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${uniqueCounter}`;
}

/** A valid /api/game-data body; `overrides` replace fields (value undefined removes one). */
export function validGame(overrides = {}) {
  const body = {
    name: "Jane O'Neil-Smith Jr.",
    email: "Jane.Doe@Example.com",
    gameType: "journeyman",
    mode: "daily",
    durationInSeconds: 95,
    guesses: ["Josh McCown", "Ryan Fitzpatrick"],
    correctCount: 1,
    sharedOnSocial: false,
    sessionId: uniqueId("s"),
    gameSpecificData: { puzzle: 412, perGuess: [{ guess: "Josh McCown", verdict: "wrong" }] },
    analyticsData: { screen: "1024x800" },
    browserInfo: { ua: "node-test" },
    sessionInfo: { tab: 1 },
    clientTimestamp: { iso: new Date().toISOString() },
  };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) delete body[key];
    else body[key] = value;
  }
  return body;
}

/**
 * Starts the server. Options: `args` (extra CLI flags), `env` (extra environment variables),
 * `db` (reuse a database file; its folder is then not removed by stop()), `databaseUrl` (a
 * postgres:// URL instead of a SQLite file), `label` (log file name), `readyTimeoutMs`, `port` (a
 * fixed port, e.g. behind a proxy that must find a restarted instance again; default any free).
 * Rate limits are OFF unless `env` says otherwise (e.g. { JOURNEYMAN_RATE_LIMITS: "on" }): the
 * suites send hundreds of requests from 127.0.0.1. tests/api/rate_limits.test.mjs turns them on.
 * Returns { port, baseUrl, db, child, logFile, startMs, readyMs, stop(), kill9(), exited }.
 */
export async function startServer({ args = [], env = {}, db, databaseUrl, label = "server", readyTimeoutMs = 15_000, port: fixedPort = 0 } = {}) {
  if (!fs.existsSync(BINARY)) throw new Error(`${BINARY} is missing: build the server first`);
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const ownDir = db === undefined;
  const workDir = ownDir ? fs.mkdtempSync(path.join(os.tmpdir(), "journeyman-api-")) : path.dirname(db);
  const dbPath = db ?? path.join(workDir, "t.db");
  serial += 1;
  const logFile = path.join(OUTPUT_DIR, `${label}-${process.pid}-${serial}.log`);
  const log = fs.createWriteStream(logFile);
  const fullArgs = [
    "serve",
    "--port", String(fixedPort),
    "--host", "127.0.0.1",
    ...(databaseUrl ? ["--database-url", databaseUrl] : ["--db", dbPath]),
    "--log-format", "json",
    "--web-root", path.join(workDir, "no-web-root"),
    ...args,
  ];
  const childEnv = { ...process.env, JOURNEYMAN_RATE_LIMITS: "off", ...env };
  const envNote = Object.entries(env).map(([k, v]) => `${k}=${v} `).join("");
  log.write(`# ${envNote}${BINARY} ${fullArgs.join(" ")}\n`);
  const startMs = performance.now();
  const child = spawn(BINARY, fullArgs, { cwd: REPO, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  child.stderr.on("data", (chunk) => log.write(chunk));

  // Parse the "listening" line from stdout.
  const port = await new Promise((resolve, reject) => {
    let buffer = "";
    let found = false;
    const timer = setTimeout(() => {
      if (!found) reject(new Error(`no "listening" line within ${readyTimeoutMs} ms; see ${logFile}`));
    }, readyTimeoutMs);
    child.stdout.on("data", (chunk) => {
      log.write(chunk);
      if (found) return;
      buffer += chunk.toString("utf8");
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          const entry = JSON.parse(line);
          if (entry.event === "listening" && Number.isInteger(entry.port) && entry.port > 0) {
            found = true;
            clearTimeout(timer);
            resolve(entry.port);
            return;
          }
        } catch {
          // Not a JSON line.
        }
      }
    });
    exited.then(({ code, signal }) => {
      if (!found) {
        clearTimeout(timer);
        reject(new Error(`journeyman exited (code ${code}, signal ${signal}) before listening; see ${logFile}`));
      }
    });
  }).catch((error) => {
    child.kill("SIGKILL");
    throw error;
  });

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  let readyMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`journeyman exited before /ready; see ${logFile}`);
    }
    try {
      const res = await request(port, "GET", "/ready");
      if (res.status === 200) {
        readyMs = performance.now() - startMs;
        break;
      }
    } catch {
      // Not accepting yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`journeyman not ready after ${readyTimeoutMs} ms; see ${logFile}`);
    }
    await sleep(20);
  }

  let stopped = false;
  const server = {
    port,
    baseUrl,
    db: dbPath,
    workDir,
    child,
    logFile,
    startMs,
    readyMs,
    exited,
    /** SIGTERM; resolves with { code, signal }; throws unless the exit code is 0. */
    async stop({ expectCode = 0, timeoutMs = 15_000, keepDb = false } = {}) {
      if (stopped) return exited;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      let timer;
      const outcome = await Promise.race([
        exited,
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs, "timeout");
        }),
      ]);
      clearTimeout(timer);
      if (outcome === "timeout") {
        child.kill("SIGKILL");
        await exited;
        throw new Error(`journeyman did not exit within ${timeoutMs} ms of SIGTERM; see ${logFile}`);
      }
      log.end();
      if (ownDir && !keepDb) fs.rmSync(workDir, { recursive: true, force: true });
      if (expectCode !== null && outcome.code !== expectCode) {
        throw new Error(
          `journeyman exited with code ${outcome.code} (signal ${outcome.signal}), expected ${expectCode}; see ${logFile}`,
        );
      }
      return outcome;
    },
    /** SIGKILL; the database folder is kept. */
    async kill9() {
      stopped = true;
      child.kill("SIGKILL");
      const outcome = await exited;
      log.end();
      return outcome;
    },
    /** Removes the temp folder (after kill9 or stop({keepDb:true})). */
    cleanup() {
      if (ownDir) fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
  return server;
}

const noKeepAlive = new http.Agent({ keepAlive: false });

/**
 * One HTTP request with node:http (no automatic decompression, any header allowed).
 * `body`: object → JSON (Content-Type application/json unless given); string/Buffer → raw.
 * Resolves { status, headers, raw (Buffer), text, json (or undefined) }.
 */
export function request(port, method, urlPath, { headers = {}, body, agent = noKeepAlive, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const finalHeaders = { ...headers };
    let payload;
    if (body !== undefined) {
      if (Buffer.isBuffer(body) || typeof body === "string") {
        payload = Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
      } else {
        payload = Buffer.from(JSON.stringify(body), "utf8");
        if (!Object.keys(finalHeaders).some((h) => h.toLowerCase() === "content-type")) {
          finalHeaders["Content-Type"] = "application/json";
        }
      }
      finalHeaders["Content-Length"] = String(payload.length);
    }
    const req = http.request(
      { host: "127.0.0.1", port, method, path: urlPath, headers: finalHeaders, agent },
      (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => {
          const raw = Buffer.concat(chunks);
          const text = raw.toString("utf8");
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, raw, text, json });
        });
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath}: timeout`)));
    req.on("error", reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** POST a JSON body. */
export const postJson = (port, urlPath, body, options = {}) =>
  request(port, "POST", urlPath, { ...options, body });

/**
 * Writes `chunks` (strings/Buffers; numbers are pauses in ms) on a raw TCP connection and reads
 * until the server closes it, a complete response is read (`untilResponse`), or `timeoutMs`.
 * Tolerates resets (a server may close early on a request it refuses).
 * Resolves { response (parsed or null), data (Buffer), closed (bool), error, elapsedMs }.
 */
export function rawExchange(port, chunks, { timeoutMs = 5000, untilResponse = true } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = net.connect({ host: "127.0.0.1", port });
    const received = [];
    let closed = false;
    let error = null;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const data = Buffer.concat(received);
      resolve({ response: parseResponse(data), data, closed, error, elapsedMs: performance.now() - started });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on("data", (chunk) => {
      received.push(chunk);
      if (untilResponse && parseResponse(Buffer.concat(received))?.complete) finish();
    });
    socket.on("end", () => {
      closed = true;
      finish();
    });
    socket.on("close", () => {
      closed = true;
      finish();
    });
    socket.on("error", (e) => {
      error = e;
    });
    socket.on("connect", async () => {
      for (const chunk of chunks) {
        if (typeof chunk === "number") {
          await sleep(chunk);
          continue;
        }
        if (socket.destroyed) break;
        await new Promise((r) => socket.write(chunk, () => r()));
      }
    });
  });
}

/** Parses an HTTP/1.1 response from raw bytes; `complete` once the body (Content-Length) is in. */
export function parseResponse(data) {
  const end = data.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const head = data.subarray(0, end).toString("latin1").split("\r\n");
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(head[0]);
  if (!match) return null;
  const headers = {};
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const body = data.subarray(end + 4);
  const length = headers["content-length"] !== undefined ? Number(headers["content-length"]) : null;
  const complete = length === null ? false : body.length >= length;
  const bodyBytes = length === null ? body : body.subarray(0, length);
  let json;
  try {
    json = JSON.parse(bodyBytes.toString("utf8"));
  } catch {
    json = undefined;
  }
  return { status: Number(match[1]), headers, body: bodyBytes, json, complete };
}

/** Tries to open a TCP connection; resolves true when it connects, false when refused. */
export function canConnect(port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(false);
    }, timeoutMs);
    socket.on("connect", () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

/** The error code in either error shape ({error:{code}} or the original's {success:false, code}). */
export function errorCode(json) {
  if (!json) return undefined;
  if (json.error && typeof json.error === "object") return json.error.code;
  return json.code;
}
