// Suspicious-input detection against the real server: high/critical patterns in the URL,
// User-Agent or body are blocked with 400 and logged; low ones are logged only; real
// NFL names (O'Brien, D'Andre, Ja'Marr) pass.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { REPO, SECURITY_HEADERS, postJson, request, sleep, startServer, validGame } from "./harness.mjs";

let server;
let port;

before(async () => {
  server = await startServer({ label: "suspicious-input" });
  port = server.port;
});
after(() => server?.stop());

/** The server's log lines for one event name and request id (waits for the log to be written). */
async function logLines(event, requestId) {
  for (let attempt = 0; attempt < 40; attempt++) {
    const lines = fs
      .readFileSync(server.logFile, "utf8")
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line))
      .filter((entry) => entry.event === event && entry.requestId === requestId);
    if (lines.length > 0) return lines;
    await sleep(50);
  }
  return [];
}

function assertBlocked(res) {
  assert.equal(res.status, 400, res.text);
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) {
    assert.match(res.headers[name] ?? "", pattern, name);
  }
  assert.ok(res.headers["x-request-id"]);
  assert.equal(res.json.requestId, res.headers["x-request-id"]);
}

describe("blocked", () => {
  it("an sqlmap User-Agent gets 400 Request blocked with security headers and a request id", async () => {
    const res = await request(port, "GET", "/api/v1/puzzles/daily", { headers: { "User-Agent": "sqlmap/1.7.2#stable (https://sqlmap.org)" } });
    assertBlocked(res);
    assert.deepEqual(res.json.error, { code: "request_blocked", message: "Request blocked" });
    const [line] = await logLines("suspicious_request", res.headers["x-request-id"]);
    assert.equal(line.pattern, "scanner_sqlmap");
    assert.equal(line.severity, "high");
    assert.equal(line.where, "user_agent");
    assert.equal(line.matched, "sqlmap");
  });

  it("the original's paths answer in the original's shape", async () => {
    const res = await postJson(port, "/save-player", validGame(), { headers: { "User-Agent": "sqlmap/1.7" } });
    assertBlocked(res);
    assert.equal(res.json.success, false);
    assert.equal(res.json.error, "Request blocked");
  });

  it("<script> in a JSON body is blocked, escaped or not, and the log holds only the match", async () => {
    const plain = await postJson(port, "/save-player", validGame({ name: "<script>alert(1)</script>" }));
    assertBlocked(plain);
    assert.equal(plain.json.error, "Request blocked");

    const filler = "x".repeat(10_000);
    const escaped = await postJson(port, "/api/v1/games", `{"mode":"easy","note":"\\u003cSCRIPT src=//evil>${filler}"}`, {
      headers: { "Content-Type": "application/json" },
    });
    assertBlocked(escaped);
    const [line] = await logLines("suspicious_request", escaped.headers["x-request-id"]);
    assert.equal(line.where, "body");
    assert.equal(line.matched, "<SCRIPT");
    assert.ok(JSON.stringify(line).length < 1000, "the body is never logged whole");
  });

  it("keys are scanned too", async () => {
    const res = await postJson(port, "/save-player", { ...validGame(), "x' OR '1'='1": 1 });
    assertBlocked(res);
  });

  it("union select in the query string is blocked (decoded first)", async () => {
    const res = await request(port, "GET", "/api/v1/players/search?q=1%20UNION%2F**%2FSELECT%20password");
    assertBlocked(res);
    const [line] = await logLines("suspicious_request", res.headers["x-request-id"]);
    assert.equal(line.pattern, "union_select");
    assert.equal(line.severity, "critical");
    assert.equal(line.where, "url");
  });

  it("path traversal in the path is blocked", async () => {
    const res = await request(port, "GET", "/assets/..%2f..%2fetc/passwd");
    assertBlocked(res);
  });
});

describe("allowed", () => {
  it("a burp User-Agent is answered normally but logged", async () => {
    const res = await request(port, "GET", "/api/v1/puzzles/daily", { headers: { "User-Agent": "Burp Suite Community" } });
    assert.equal(res.status, 200);
    const [line] = await logLines("suspicious_request", res.headers["x-request-id"]);
    assert.ok(line, "no suspicious_request log line");
    assert.equal(line.pattern, "scanner_burp");
    assert.equal(line.severity, "low");
    assert.equal(line.where, "user_agent");
    assert.equal(line.blocked, false);
  });

  for (const name of ["Tom O'Brien", "D'Andre Swift", "Ja'Marr Chase", "Jane O'Neil-Smith Jr."]) {
    it(`POST /save-player accepts ${name}`, async () => {
      const res = await postJson(port, "/save-player", validGame({ name, guesses: [name, "Union Station"] }));
      assert.equal(res.status, 201, res.text);
      assert.equal(res.json.success, true);
    });
  }

  it("every apostrophe name in the NFL player index passes as a guess", async () => {
    const players = JSON.parse(fs.readFileSync(path.join(REPO, "data", "nfl", "players.json"), "utf8"));
    const names = players.map((p) => p.name).filter((n) => n.includes("'"));
    assert.ok(names.length > 20, `only ${names.length} names`);
    for (let i = 0; i < names.length; i += 100) {
      const guesses = names.slice(i, i + 100).map((n) => n.slice(0, 200));
      const res = await postJson(port, "/save-player", validGame({ guesses }));
      assert.equal(res.status, 201, `${guesses.join(", ")}: ${res.text}`);
    }
  });

  it("ordinary words that resemble SQL are not blocked", async () => {
    for (const q of ["Union Station", "o'brien", "drop me a line"]) {
      const res = await request(port, "GET", `/api/v1/players/search?q=${encodeURIComponent(q)}`);
      assert.equal(res.status, 200, `${q}: ${res.text}`);
    }
  });
});
