// Every status code of the foundation API, against the real binary (issue 2 §5, §6).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  errorCode,
  postJson,
  rawExchange,
  request,
  startServer,
  uniqueId,
  validGame,
} from "./harness.mjs";

let server;
let port;

before(async () => {
  server = await startServer({ label: "status_codes" });
  port = server.port;
});

after(async () => {
  await server?.stop();
});

const SAVE_PATHS = ["/api/game-data", "/save-player"];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function describeResponse(res) {
  return `HTTP ${res.status} ${res.text?.slice(0, 400) ?? ""}`;
}

/** The original's error shape on the compatible paths: {success:false, error, code, field?, requestId}. */
function assertLegacyError(res, status, field, message) {
  assert.equal(res.status, status, describeResponse(res));
  assert.ok(res.json, `JSON body expected: ${describeResponse(res)}`);
  assert.equal(res.json.success, false, describeResponse(res));
  assert.equal(typeof res.json.error, "string", describeResponse(res));
  assert.equal(typeof res.json.code, "string", describeResponse(res));
  assert.equal(typeof res.json.requestId, "string", describeResponse(res));
  if (field !== undefined) assert.equal(res.json.field, field, describeResponse(res));
  if (message !== undefined) assert.equal(res.json.error, message, describeResponse(res));
}

/** The standard error shape: {error:{code, message, field?}, requestId}. */
function assertStandardError(res, status, code) {
  assert.equal(res.status, status, describeResponse(res));
  assert.ok(res.json?.error && typeof res.json.error === "object", describeResponse(res));
  assert.equal(typeof res.json.error.message, "string", describeResponse(res));
  assert.equal(typeof res.json.requestId, "string", describeResponse(res));
  if (code !== undefined) assert.equal(res.json.error.code, code, describeResponse(res));
}

/** Either error shape, with a code and a requestId. */
function assertAnyError(res, status, code) {
  assert.equal(res.status, status, describeResponse(res));
  assert.ok(res.json, `JSON body expected: ${describeResponse(res)}`);
  assert.equal(typeof errorCode(res.json), "string", describeResponse(res));
  assert.equal(typeof res.json.requestId, "string", describeResponse(res));
  if (code !== undefined) assert.equal(errorCode(res.json), code, describeResponse(res));
}

function assertCreated(res, body) {
  assert.equal(res.status, 201, describeResponse(res));
  const j = res.json;
  assert.equal(j.success, true);
  assert.equal(typeof j.message, "string");
  if (body.sessionId !== undefined) assert.equal(j.sessionId, body.sessionId);
  else assert.match(j.sessionId, /^[A-Za-z0-9_.:-]{1,128}$/);
  assert.ok(j.playerId !== undefined && j.playerId !== null, "playerId");
  assert.ok(j.gameId !== undefined && j.gameId !== null && j.gameId !== "", "gameId");
  assert.match(j.savedAt, ISO);
  assert.ok(Math.abs(Date.parse(j.savedAt) - Date.now()) < 120_000, `savedAt ${j.savedAt} is now`);
  assert.equal(j.duplicate, false);
  assert.equal(typeof j.metadata, "object");
  assert.equal(typeof j.metadata.gameType, "string");
  assert.ok("correctCount" in j.metadata, "metadata.correctCount");
  assert.equal(typeof j.requestId, "string");
  return j;
}

describe("health and readiness", () => {
  it("GET /health → 200 with status, timestamp, version, uptimeSeconds, database", async () => {
    const res = await request(port, "GET", "/health");
    assert.equal(res.status, 200, describeResponse(res));
    assert.equal(res.json.status, "healthy");
    assert.match(res.json.timestamp, ISO);
    assert.equal(typeof res.json.version, "string");
    assert.ok(Number.isFinite(res.json.uptimeSeconds) && res.json.uptimeSeconds >= 0);
    assert.ok("database" in res.json);
    assert.match(res.headers["content-type"], /^application\/json/);
  });

  it("GET /api/health → 200 with status, timestamp, encryption_enabled, database", async () => {
    const res = await request(port, "GET", "/api/health");
    assert.equal(res.status, 200, describeResponse(res));
    assert.equal(typeof res.json.status, "string");
    assert.match(res.json.timestamp, ISO);
    assert.equal(typeof res.json.encryption_enabled, "boolean");
    assert.ok("database" in res.json);
  });

  it("GET /ready → 200 {status:ready}", async () => {
    const res = await request(port, "GET", "/ready");
    assert.equal(res.status, 200, describeResponse(res));
    assert.equal(res.json.status, "ready");
  });
});

for (const savePath of SAVE_PATHS) {
  describe(`POST ${savePath}`, () => {
    it("valid body → 201 with the stored result", async () => {
      const body = validGame();
      const res = await postJson(port, savePath, body);
      const j = assertCreated(res, body);
      assert.equal(j.metadata.gameType, "journeyman");
      assert.equal(j.metadata.correctCount, 1);
    });

    it("minimal body (name, email) → 201; a sessionId is minted; correctCount null", async () => {
      const res = await postJson(port, savePath, { name: "Ann Lee", email: "ann@example.com" });
      const j = assertCreated(res, {});
      assert.equal(j.metadata.correctCount, null);
    });

    it("application/json; charset=utf-8 is accepted", async () => {
      const body = validGame();
      const res = await postJson(port, savePath, body, {
        headers: { "Content-Type": "application/json; charset=utf-8" },
      });
      assertCreated(res, body);
    });

    it("retry with the same sessionId → 200 with the first stored result, duplicate:true", async () => {
      const body = validGame();
      const first = assertCreated(await postJson(port, savePath, body), body);
      // Same key, different content: the first result wins, nothing is stored twice.
      const retry = await postJson(port, savePath, { ...body, correctCount: 2, guesses: ["a", "b", "c"] });
      assert.equal(retry.status, 200, describeResponse(retry));
      assert.equal(retry.json.success, true);
      assert.equal(retry.json.duplicate, true);
      assert.equal(retry.json.gameId, first.gameId);
      assert.equal(retry.json.playerId, first.playerId);
      assert.equal(retry.json.sessionId, body.sessionId);
      assert.equal(retry.json.savedAt, first.savedAt);
      assert.equal(retry.json.metadata.correctCount, 1);
      const again = await postJson(port, savePath, body);
      assert.equal(again.status, 200, describeResponse(again));
      assert.equal(again.json.gameId, first.gameId);
    });

    it("missing name → 400 field name; missing email → 400 field email", async () => {
      assertLegacyError(await postJson(port, savePath, validGame({ name: undefined })), 400, "name", "Invalid name format");
      assertLegacyError(await postJson(port, savePath, validGame({ email: undefined })), 400, "email", "Invalid email format");
      assertLegacyError(await postJson(port, savePath, {}), 400);
    });

    it("a body that is not a JSON object → 400", async () => {
      for (const body of ["[]", '"text"', "42", "null"]) {
        const res = await postJson(port, savePath, body, { headers: { "Content-Type": "application/json" } });
        assertLegacyError(res, 400);
      }
    });

    it("malformed JSON → 400 invalid_json", async () => {
      for (const body of ['{"name":', "{name: 'x'}", '{"a":1}}', "\u0000"]) {
        const res = await postJson(port, savePath, body, { headers: { "Content-Type": "application/json" } });
        assertAnyError(res, 400, "invalid_json");
      }
    });

    it("Content-Type other than application/json → 415", async () => {
      const json = JSON.stringify(validGame());
      for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const res = await postJson(port, savePath, json, { headers: { "Content-Type": type } });
        assertAnyError(res, 415);
      }
    });
  });
}

// Each bad value with the field the 400 must name (on both compatible paths).
const MAX_NAME = "A".repeat(100);
const BAD_FIELDS = [
  ["name", ""],
  ["name", " "],
  ["name", "A".repeat(101)],
  ["name", "Jane--Doe"],
  ["name", "<b>Jane</b>"],
  // "<script>" itself never reaches validation: suspicious-input detection blocks it first
  // (400 "Request blocked", see suspicious_input.test.mjs).
  ["name", "Jane<img src=x>"],
  ["name", "Jane1"],
  ["name", "Jane_Doe"],
  ["name", "Jane@Doe"],
  ["name", 42],
  ["name", ["Jane"]],
  ["email", ""],
  ["email", "not-an-email"],
  ["email", "a@b"],
  ["email", "@b.co"],
  ["email", "a@"],
  ["email", "a b@c.de"],
  ["email", `${"a".repeat(250)}@b.co`],
  ["email", 7],
  ["gameType", "hard"],
  ["gameType", ""],
  ["gameType", 1],
  ["mode", "hard"],
  ["mode", ""],
  ["mode", 2],
  ["durationInSeconds", -1],
  ["durationInSeconds", 86401],
  ["durationInSeconds", 1.5],
  ["durationInSeconds", "10"],
  ["durationInSeconds", true],
  ["guesses", "Josh McCown"],
  ["guesses", { 0: "a" }],
  ["guesses", Array.from({ length: 101 }, (_, i) => `g${i}`)],
  ["guesses", [1, 2]],
  ["guesses", ["ok", null]],
  ["guesses", ["x".repeat(201)]],
  ["correctCount", -1],
  ["correctCount", 3],
  ["correctCount", 1.5],
  ["correctCount", "1"],
  ["sharedOnSocial", "true"],
  ["sharedOnSocial", 1],
  ["sessionId", "a".repeat(129)],
  ["sessionId", "has space"],
  ["sessionId", "slash/y"],
  ["sessionId", "ümlaut"],
  ["sessionId", "semi;colon"],
  ["sessionId", ""],
];

function deep(levels) {
  let value = { leaf: 1 };
  for (let i = 0; i < levels; i += 1) value = { nested: value };
  return value;
}
const METADATA_FIELDS = ["gameSpecificData", "analyticsData", "browserInfo", "sessionInfo", "clientTimestamp"];
for (const field of METADATA_FIELDS) {
  BAD_FIELDS.push([field, { blob: "x".repeat(9000) }]);
  BAD_FIELDS.push([field, deep(12)]);
}

describe("each bad field → 400 naming it", () => {
  for (const savePath of SAVE_PATHS) {
    it(`${savePath}: ${BAD_FIELDS.length} bad values, each with its field`, async () => {
      const failures = [];
      for (const [field, value] of BAD_FIELDS) {
        const body = validGame({ [field]: value });
        const res = await postJson(port, savePath, body);
        const shown = JSON.stringify(value).slice(0, 60);
        try {
          const message = field === "name" ? "Invalid name format" : field === "email" ? "Invalid email format" : undefined;
          assertLegacyError(res, 400, field, message);
        } catch (error) {
          failures.push(`${field}=${shown}: ${error.message.split("\n")[0]}`);
        }
      }
      assert.deepEqual(failures, [], `bad values not rejected as specified:\n${failures.join("\n")}`);
    });
  }
});

describe("edge values that are valid → 201", () => {
  const GOOD = [
    ["name", MAX_NAME],
    ["name", "José Ñúñez"],
    ["name", "Zoë D'Arcy-Brontë"],
    ["name", "J. R. Smith"],
    ["name", "李小龍"],
    ["email", "  Mixed.Case@Example.COM  "],
    ["email", `${"a".repeat(64)}@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.com`], // 251 chars
    ["gameType", "easy"],
    ["gameType", "challenge"],
    ["mode", "easy"],
    ["mode", "challenge"],
    ["mode", "practice"],
    ["durationInSeconds", 0],
    ["durationInSeconds", 86400],
    ["sharedOnSocial", true],
    ["sessionId", "a".repeat(128)],
    ["sessionId", "Az09_.:-x"],
    ["gameSpecificData", deep(3)],
    ["analyticsData", { blob: "x".repeat(4000) }],
  ];
  it(`${GOOD.length} boundary values are accepted`, async () => {
    const failures = [];
    for (const [field, value] of GOOD) {
      const body = validGame({ [field]: value });
      const res = await postJson(port, "/api/game-data", body);
      if (res.status !== 201) failures.push(`${field}=${JSON.stringify(value).slice(0, 60)}: ${describeResponse(res)}`);
    }
    assert.deepEqual(failures, [], failures.join("\n"));
  });

  it("guesses: [] with correctCount 0, 100 guesses of 200 chars with correctCount 100", async () => {
    assertCreated(await postJson(port, "/api/game-data", validGame({ guesses: [], correctCount: 0 })), {});
    const guesses = Array.from({ length: 100 }, (_, i) => `${i}`.padEnd(200, "x"));
    const body = validGame({ guesses, correctCount: 100 });
    const j = assertCreated(await postJson(port, "/api/game-data", body), body);
    assert.equal(j.metadata.correctCount, 100);
  });

  it("the e-mail is trimmed and lower-cased: both spellings are the same player", async () => {
    const local = uniqueId("mail").replace(/[^a-z0-9]/gi, "");
    const a = await postJson(port, "/api/game-data", validGame({ email: `  ${local.toUpperCase()}@Example.COM ` }));
    const b = await postJson(port, "/save-player", validGame({ email: `${local.toLowerCase()}@example.com` }));
    assert.equal(a.status, 201, describeResponse(a));
    assert.equal(b.status, 201, describeResponse(b));
    assert.equal(a.json.playerId, b.json.playerId);
    assert.notEqual(a.json.gameId, b.json.gameId);
  });

  it("legacy gameType easy/challenge is accepted and echoed in metadata", async () => {
    const res = await postJson(port, "/save-player", validGame({ gameType: "challenge", mode: undefined }));
    assertCreated(res, {});
    assert.ok(["challenge", "journeyman"].includes(res.json.metadata.gameType), describeResponse(res));
  });
});

describe("idempotency across paths and under concurrency", () => {
  it("a sessionId stored through /api/game-data is a duplicate on /save-player", async () => {
    const body = validGame();
    const first = assertCreated(await postJson(port, "/api/game-data", body), body);
    const retry = await postJson(port, "/save-player", body);
    assert.equal(retry.status, 200, describeResponse(retry));
    assert.equal(retry.json.duplicate, true);
    assert.equal(retry.json.gameId, first.gameId);
  });

  it("16 concurrent POSTs with one sessionId → exactly one 201, the rest 200, one gameId", async () => {
    const body = validGame();
    const results = await Promise.all(Array.from({ length: 16 }, () => postJson(port, "/api/game-data", body)));
    const statuses = results.map((r) => r.status).sort();
    assert.equal(statuses.filter((s) => s === 201).length, 1, `statuses ${statuses}`);
    assert.equal(statuses.filter((s) => s === 200).length, 15, `statuses ${statuses}`);
    assert.equal(new Set(results.map((r) => r.json.gameId)).size, 1);
  });
});

describe("POST /batch-upload", () => {
  it("sessions missing, not an array, empty or > 500 items → 400 field sessions", async () => {
    for (const body of [{}, { sessions: "x" }, { sessions: {} }, { sessions: [] },
      { sessions: Array.from({ length: 501 }, () => validGame()) }]) {
      const res = await postJson(port, "/batch-upload", body);
      assertLegacyError(res, 400, "sessions");
    }
  });

  it("mixed valid, invalid and duplicate items → 200 with a status per item", async () => {
    const existing = validGame();
    const stored = assertCreated(await postJson(port, "/api/game-data", existing), existing);
    const fresh = validGame();
    const fresh2 = validGame({ mode: "practice" });
    const sessions = [
      fresh,                                   // 0 → 201
      validGame({ email: "nope" }),            // 1 → 400 email
      existing,                                // 2 → 200 duplicate of an earlier request
      validGame({ durationInSeconds: -5 }),    // 3 → 400 durationInSeconds
      fresh2,                                  // 4 → 201
      "not an object",                         // 5 → 400
    ];
    const res = await postJson(port, "/batch-upload", { sessions });
    assert.equal(res.status, 200, describeResponse(res));
    const j = res.json;
    assert.equal(j.processed, 6);
    assert.equal(j.successful, 3);
    assert.equal(j.failed, 3);
    assert.equal(j.success, false);
    assert.match(j.timestamp, ISO);
    assert.equal(typeof j.requestId, "string");
    assert.equal(j.results.length, 6);
    const byIndex = Object.fromEntries(j.results.map((r) => [r.index, r]));
    assert.deepEqual(Object.keys(byIndex).map(Number).sort(), [0, 1, 2, 3, 4, 5]);

    assert.equal(byIndex[0].status, 201);
    assert.equal(byIndex[0].sessionId, fresh.sessionId);
    assert.ok(byIndex[0].gameId);
    assert.equal(byIndex[1].status, 400);
    assert.equal(typeof byIndex[1].error.code, "string");
    assert.equal(typeof byIndex[1].error.message, "string");
    assert.match(byIndex[1].error.field, /(^|\.)email$/);
    assert.equal(byIndex[2].status, 200);
    assert.equal(byIndex[2].gameId, stored.gameId);
    assert.equal(byIndex[3].status, 400);
    assert.match(byIndex[3].error.field, /(^|\.)durationInSeconds$/);
    assert.equal(byIndex[4].status, 201);
    assert.notEqual(byIndex[4].gameId, byIndex[0].gameId);
    assert.equal(byIndex[5].status, 400);

    // What the batch stored is really stored: a retry is a duplicate with the same game id.
    const retry = await postJson(port, "/save-player", fresh);
    assert.equal(retry.status, 200, describeResponse(retry));
    assert.equal(retry.json.duplicate, true);
    assert.equal(retry.json.gameId, byIndex[0].gameId);
    // The invalid item was not stored: its sessionId is still free.
    const invalid = sessions[1];
    const later = await postJson(port, "/api/game-data", { ...invalid, email: "ok@example.com" });
    assert.equal(later.status, 201, describeResponse(later));
  });

  it("the same sessionId twice in one batch → one 201, one 200, same gameId", async () => {
    const item = validGame();
    const res = await postJson(port, "/batch-upload", { sessions: [item, item] });
    assert.equal(res.status, 200, describeResponse(res));
    const [a, b] = [...res.json.results].sort((x, y) => x.index - y.index);
    assert.deepEqual([a.status, b.status], [201, 200], describeResponse(res));
    assert.equal(a.gameId, b.gameId);
  });

  it("500 valid items → 200, all 201", async () => {
    const sessions = Array.from({ length: 500 }, () => validGame());
    const res = await postJson(port, "/batch-upload", { sessions });
    assert.equal(res.status, 200, describeResponse(res));
    assert.equal(res.json.processed, 500);
    assert.equal(res.json.successful, 500);
    assert.equal(res.json.failed, 0);
    assert.equal(res.json.success, true);
    assert.ok(res.json.results.every((r) => r.status === 201));
    assert.equal(new Set(res.json.results.map((r) => r.gameId)).size, 500);
  });

  it("malformed JSON → 400 invalid_json; wrong content type → 415", async () => {
    assertAnyError(await postJson(port, "/batch-upload", '{"sessions": [', { headers: { "Content-Type": "application/json" } }), 400, "invalid_json");
    assertAnyError(await postJson(port, "/batch-upload", "{}", { headers: { "Content-Type": "text/plain" } }), 415);
  });
});

describe("router and protocol limits", () => {
  it("unknown path → 404 not_found", async () => {
    for (const [method, path] of [["GET", "/nope"], ["GET", "/api/nope"], ["POST", "/nope"], ["GET", "/health/extra"]]) {
      const res = await request(port, method, path, method === "POST" ? { body: {} } : {});
      assertStandardError(res, 404, "not_found");
    }
  });

  it("known path, wrong method → 405 with Allow", async () => {
    const cases = [
      ["PUT", "/save-player", "POST"],
      ["GET", "/save-player", "POST"],
      ["DELETE", "/health", "GET"],
      ["POST", "/health", "GET"],
      ["GET", "/api/game-data", "POST"],
      ["PATCH", "/batch-upload", "POST"],
      ["DELETE", "/ready", "GET"],
    ];
    for (const [method, path, allowed] of cases) {
      const res = await request(port, method, path);
      assertAnyError(res, 405);
      assert.ok(res.headers.allow, `${method} ${path}: Allow header missing`);
      assert.ok(res.headers.allow.split(/,\s*/).includes(allowed), `${method} ${path}: Allow is "${res.headers.allow}"`);
      assert.ok(!res.headers.allow.split(/,\s*/).includes(method), `${method} ${path}: Allow is "${res.headers.allow}"`);
    }
  });

  const bigBody = JSON.stringify({ ...validGame(), padding: "x".repeat(1024 * 1024 + 100) });
  const bigHead = `POST /api/game-data HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(bigBody)}\r\n\r\n`;

  it("body over 1 MiB → 413 (headers first, body after the answer)", async () => {
    const res = await rawExchange(port, [bigHead, 150, bigBody]);
    assert.ok(res.response, `no response; error ${res.error}`);
    assert.equal(res.response.status, 413);
    assertAnyError({ status: res.response.status, json: res.response.json, text: res.response.body.toString() }, 413);
  });

  it("an oversized body sent in one go (no Expect: 100-continue) → the client reads the 413", async () => {
    // The server must not reset the connection while the client is still sending the body it
    // refuses (lingering close: shut down the sending side, drain the rest for a while); else
    // the client gets EPIPE/ECONNRESET instead of the 413. Checked with raw sockets and fetch().
    const outcomes = [];
    for (const size of [2 * 1024 * 1024, 8 * 1024 * 1024]) {
      const body = `{"padding":"${"x".repeat(size)}"}`;
      const head = `POST /api/game-data HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      for (let i = 0; i < 3; i += 1) {
        const raw = await rawExchange(port, [head + body]);
        outcomes.push(`raw ${size}: ${raw.response ? raw.response.status : `no response (${raw.error?.code ?? "closed"})`}`);
        const status = await fetch(`http://127.0.0.1:${port}/save-player`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body,
        }).then((r) => r.status, (e) => `error ${e.cause?.code ?? e.message}`);
        outcomes.push(`fetch ${size}: ${status}`);
      }
    }
    const wrong = outcomes.filter((o) => !o.endsWith(": 413"));
    assert.deepEqual(wrong, [], `${wrong.length} of ${outcomes.length} oversized uploads did not get the 413`);
  });

  it("a body just under 1 MiB is not refused as too large", async () => {
    const body = JSON.stringify({ ...validGame(), padding: "x".repeat(1000 * 1000) });
    const res = await postJson(port, "/api/game-data", body, { headers: { "Content-Type": "application/json" } });
    assert.notEqual(res.status, 413, describeResponse(res));
    assert.ok(res.status < 500, describeResponse(res));
  });

  it("URL over 4096 bytes → 414", async () => {
    const res = await rawExchange(port, [`GET /health?q=${"a".repeat(5000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`]);
    assert.ok(res.response, `no response; error ${res.error}`);
    assert.equal(res.response.status, 414);
  });

  it("headers over 16 KiB → 431", async () => {
    const res = await rawExchange(port, [`GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`]);
    assert.ok(res.response, `no response; error ${res.error}`);
    assert.equal(res.response.status, 431);
  });

  it("the server keeps serving after all of the above", async () => {
    const res = await request(port, "GET", "/ready");
    assert.equal(res.status, 200);
  });
});
