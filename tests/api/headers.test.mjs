// Security headers and request ids on every kind of response, CORS allow-list, gzip.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import {
  SECURITY_HEADERS,
  postJson,
  rawExchange,
  request,
  startServer,
  validGame,
} from "./harness.mjs";

const ALLOWED = "http://allowed.test";
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

let server;
let port;

before(async () => {
  server = await startServer({ label: "headers", args: ["--cors-origins", `${ALLOWED},http://also-allowed.test`] });
  port = server.port;
});

after(async () => {
  await server?.stop();
});

function rawRequest(method, path, headers = {}, body = "") {
  const lines = [`${method} ${path} HTTP/1.1`, "Host: 127.0.0.1", "Connection: close"];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join("\r\n")}\r\n\r\n${body}`;
}

/**
 * One of every kind of response. `send(headers)` resolves { status, headers } (headers lower-cased).
 */
const duplicateBody = validGame();
const KINDS = [
  ["200 GET /health", 200, (h) => request(port, "GET", "/health", { headers: h })],
  ["200 GET /api/health", 200, (h) => request(port, "GET", "/api/health", { headers: h })],
  ["200 GET /ready", 200, (h) => request(port, "GET", "/ready", { headers: h })],
  ["201 POST /api/game-data", 201, (h) => postJson(port, "/api/game-data", validGame(), { headers: h })],
  ["200 duplicate POST /save-player", 200, async (h) => {
    await postJson(port, "/save-player", duplicateBody);
    return postJson(port, "/save-player", duplicateBody, { headers: h });
  }],
  ["200 POST /batch-upload", 200, (h) => postJson(port, "/batch-upload", { sessions: [validGame(), { name: "" }] }, { headers: h })],
  ["400 bad field", 400, (h) => postJson(port, "/api/game-data", validGame({ mode: "nope" }), { headers: h })],
  ["400 invalid_json", 400, (h) => postJson(port, "/save-player", "{oops", { headers: { ...h, "Content-Type": "application/json" } })],
  ["400 request blocked", 400, (h) => request(port, "GET", "/api/health", { headers: { ...h, "User-Agent": "sqlmap/1.7" } })],
  ["404 unknown path", 404, (h) => request(port, "GET", "/definitely/not/here", { headers: h })],
  ["405 wrong method", 405, (h) => request(port, "DELETE", "/health", { headers: h })],
  ["415 wrong content type", 415, (h) => postJson(port, "/api/game-data", "name=x", { headers: { ...h, "Content-Type": "text/plain" } })],
  ["413 body too large", 413, async (h) => {
    const body = `{"padding":"${"x".repeat(1024 * 1024 + 10)}"}`;
    // Headers first; the body only after the server has answered (no race with its close).
    const text = rawRequest("POST", "/api/game-data", { ...h, "Content-Type": "application/json" }, body);
    const split = text.indexOf("\r\n\r\n") + 4;
    const res = await rawExchange(port, [text.slice(0, split), 150, text.slice(split)]);
    assert.ok(res.response, `413: no response (${res.error})`);
    return res.response;
  }],
  ["414 URL too long", 414, async (h) => {
    const res = await rawExchange(port, [rawRequest("GET", `/health?x=${"u".repeat(5000)}`, h)]);
    assert.ok(res.response, `414: no response (${res.error})`);
    return res.response;
  }],
  ["431 headers too large", 431, async (h) => {
    const res = await rawExchange(port, [rawRequest("GET", "/health", { ...h, "X-Filler": "f".repeat(20_000) })]);
    assert.ok(res.response, `431: no response (${res.error})`);
    return res.response;
  }],
  ["204 OPTIONS preflight", 204, (h) => request(port, "OPTIONS", "/api/game-data", {
    headers: { ...h, Origin: ALLOWED, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
  })],
];

function assertSecurityHeaders(headers, label) {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS)) {
    assert.ok(headers[name] !== undefined, `${label}: ${name} missing`);
    assert.match(String(headers[name]), pattern, `${label}: ${name} = ${headers[name]}`);
  }
}

describe("every kind of response", () => {
  for (const [label, status, send] of KINDS) {
    it(`${label}: security headers and a minted X-Request-Id`, async () => {
      const res = await send({});
      assert.equal(res.status, status, `${label}: got ${res.status}`);
      assertSecurityHeaders(res.headers, label);
      const id = res.headers["x-request-id"];
      assert.ok(id, `${label}: X-Request-Id missing`);
      assert.match(id, SANE_ID);
      if (res.json?.requestId !== undefined) assert.equal(res.json.requestId, id, `${label}: body requestId`);
    });

    it(`${label}: a sane incoming X-Request-Id is echoed`, async () => {
      const incoming = `req-${status}.abc_DEF:${Date.now()}`;
      const res = await send({ "X-Request-Id": incoming });
      assert.equal(res.status, status);
      if (status === 431) {
        // Headers over the limit are not parsed, so the incoming id cannot be known: a minted one is right.
        assert.match(res.headers["x-request-id"] ?? "", SANE_ID, label);
        return;
      }
      assert.equal(res.headers["x-request-id"], incoming, label);
      if (res.json?.requestId !== undefined) assert.equal(res.json.requestId, incoming, `${label}: body requestId`);
    });
  }
});

describe("request ids", () => {
  it("an insane incoming X-Request-Id is replaced by a minted one", async () => {
    for (const insane of ["has space", "a".repeat(129), "<script>", "semi;colon", "ümlaut", "quote\"d"]) {
      const res = await request(port, "GET", "/health", { headers: { "X-Request-Id": insane } });
      assert.equal(res.status, 200);
      const id = res.headers["x-request-id"];
      assert.ok(id, `no X-Request-Id for incoming ${JSON.stringify(insane)}`);
      assert.notEqual(id, insane);
      assert.match(id, SANE_ID);
    }
  });

  it("an empty X-Request-Id is replaced", async () => {
    const res = await rawExchange(port, [rawRequest("GET", "/health", { "X-Request-Id": "" })]);
    assert.equal(res.response.status, 200);
    assert.match(res.response.headers["x-request-id"] ?? "", SANE_ID);
  });

  it("minted ids are unique", async () => {
    const ids = new Set();
    for (let i = 0; i < 50; i += 1) ids.add((await request(port, "GET", "/health")).headers["x-request-id"]);
    assert.equal(ids.size, 50);
  });
});

describe("CORS allow-list", () => {
  it("an allowed Origin gets Access-Control-Allow-Origin (also on errors)", async () => {
    for (const origin of [ALLOWED, "http://also-allowed.test"]) {
      const ok = await request(port, "GET", "/health", { headers: { Origin: origin } });
      assert.equal(ok.headers["access-control-allow-origin"], origin);
      const created = await postJson(port, "/api/game-data", validGame(), { headers: { Origin: origin } });
      assert.equal(created.status, 201);
      assert.equal(created.headers["access-control-allow-origin"], origin);
      const bad = await postJson(port, "/api/game-data", validGame({ email: "x" }), { headers: { Origin: origin } });
      assert.equal(bad.status, 400);
      assert.equal(bad.headers["access-control-allow-origin"], origin, "a 400 must be readable by the allowed web client");
    }
  });

  it("another Origin gets no Access-Control-Allow-Origin", async () => {
    for (const origin of ["http://evil.test", "http://allowed.test.evil.test", "https://allowed.test", "null"]) {
      const res = await request(port, "GET", "/health", { headers: { Origin: origin } });
      assert.equal(res.status, 200);
      assert.equal(res.headers["access-control-allow-origin"], undefined, `origin ${origin}`);
    }
    const none = await request(port, "GET", "/health");
    assert.equal(none.headers["access-control-allow-origin"], undefined);
  });

  it("OPTIONS preflight from an allowed origin → 204 with the allowed method", async () => {
    const res = await request(port, "OPTIONS", "/api/game-data", {
      headers: { Origin: ALLOWED, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers["access-control-allow-origin"], ALLOWED);
    assert.match(res.headers["access-control-allow-methods"] ?? "", /POST/);
    assert.match(res.headers["access-control-allow-headers"] ?? "", /content-type/i);
    assert.equal(res.raw.length, 0);
  });

  it("OPTIONS preflight from another origin gets no Access-Control-Allow-Origin", async () => {
    const res = await request(port, "OPTIONS", "/api/game-data", {
      headers: { Origin: "http://evil.test", "Access-Control-Request-Method": "POST" },
    });
    assert.ok(res.status < 500, `status ${res.status}`);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
  });
});

describe("gzip", () => {
  const batch = () => ({ sessions: Array.from({ length: 20 }, () => validGame()) });

  it("a response ≥ 1 KiB is gzip-encoded when Accept-Encoding: gzip is sent", async () => {
    const res = await postJson(port, "/batch-upload", batch(), { headers: { "Accept-Encoding": "gzip" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-encoding"], "gzip");
    const text = zlib.gunzipSync(res.raw).toString("utf8");
    assert.ok(text.length >= 1024, `decoded length ${text.length}`);
    const json = JSON.parse(text);
    assert.equal(json.successful, 20);
    assert.equal(json.requestId, res.headers["x-request-id"]);
    assert.ok(res.raw.length < text.length, "compressed is smaller");
    assertSecurityHeaders(res.headers, "gzip response");
  });

  it("gzip among several accepted encodings (q-values) is used", async () => {
    const res = await postJson(port, "/batch-upload", batch(), { headers: { "Accept-Encoding": "br;q=1.0, gzip;q=0.8, *;q=0.1" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-encoding"], "gzip");
    JSON.parse(zlib.gunzipSync(res.raw).toString("utf8"));
  });

  it("no Accept-Encoding → identity", async () => {
    const res = await postJson(port, "/batch-upload", batch());
    assert.equal(res.status, 200);
    assert.equal(res.headers["content-encoding"], undefined);
    assert.equal(JSON.parse(res.text).successful, 20);
  });

  it("a small response (< 1 KiB) is not compressed", async () => {
    const res = await request(port, "GET", "/health", { headers: { "Accept-Encoding": "gzip" } });
    assert.equal(res.status, 200);
    assert.ok(res.raw.length < 1024);
    assert.equal(res.headers["content-encoding"], undefined);
    JSON.parse(res.text);
  });
});
