// Helpers for tests of accounts, API keys and protected routes: the operator CLI run
// against a test server's database, sign-up/sign-in through the API, cookie handling,
// and HS256 tokens minted with a known secret (for expired/forged-token cases).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import { BINARY, REPO, postJson, request } from "./harness.mjs";

/** A JWT secret the tests pass to servers that must accept or refuse hand-made tokens. */
// Random per run (a fixed or word-like value would be refused as a placeholder).
export const TEST_JWT_SECRET = crypto.randomBytes(36).toString("base64");

/** Runs `journeyman ARGS --db <server db>`; throws with stderr unless it exits 0. */
export function cli(server, args, { input = "", env = {}, expectCode = 0 } = {}) {
  const result = spawnSync(BINARY, [...args, "--db", server.db], {
    cwd: REPO,
    input,
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 30_000,
  });
  if (expectCode !== null && result.status !== expectCode) {
    throw new Error(`journeyman ${args.join(" ")} exited ${result.status}: ${result.stderr}`);
  }
  return result;
}

/** Creates an API key with the CLI; returns { key, keyId }. */
export function createApiKey(server, role = "admin", name = "test key", env = {}) {
  const { stdout } = cli(server, ["apikey", "create", "--role", role, "--name", name], { env });
  const key = stdout.trim();
  assert.match(key, /^jm_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
  return { key, keyId: key.slice(0, 15) };
}

/** Creates (or updates) an account with the CLI; returns its public id. */
export function createUser(server, { email, name = "Test User", role = "player", password }, env = {}) {
  const { stdout } = cli(
    server,
    ["user", "create", "--email", email, "--name", name, "--role", role, "--password-stdin"],
    { input: password + "\n", env },
  );
  const match = /(?:created|updated) ([0-9a-f-]{36})/.exec(stdout);
  assert.ok(match, stdout);
  return match[1];
}

/** Set-Cookie headers → { name: { value, attributes (lower-case string) } }. */
export function parseSetCookies(headers) {
  const out = {};
  for (const line of headers["set-cookie"] ?? []) {
    const [pair, ...attrs] = line.split(";");
    const eq = pair.indexOf("=");
    out[pair.slice(0, eq).trim()] = { value: pair.slice(eq + 1).trim(), attributes: attrs.join(";").toLowerCase() };
  }
  return out;
}

/** A signed-in client: bearer token plus the refresh/CSRF cookies the server set. */
export class Client {
  constructor(port) {
    this.port = port;
    this.cookies = {};
    this.accessToken = null;
    this.user = null;
  }

  absorb(res) {
    for (const [name, { value }] of Object.entries(parseSetCookies(res.headers))) {
      if (value === "") delete this.cookies[name];
      else this.cookies[name] = value;
    }
    if (res.json?.accessToken) {
      this.accessToken = res.json.accessToken;
      this.user = res.json.user;
    }
    return res;
  }

  cookieHeader() {
    return Object.entries(this.cookies)
      .map(([k, v]) => `${k}=${v}`)
      .join("; ");
  }

  async register(body) {
    return this.absorb(await postJson(this.port, "/api/v1/auth/register", body));
  }

  async login(email, password) {
    return this.absorb(await postJson(this.port, "/api/v1/auth/login", { email, password }));
  }

  // csrf: null sends no X-CSRF-Token header (undefined would take the default).
  async refresh({ csrf = this.cookies.jm_csrf, cookie = this.cookieHeader() } = {}) {
    const headers = { Cookie: cookie };
    if (csrf !== null) headers["X-CSRF-Token"] = csrf;
    return this.absorb(await request(this.port, "POST", "/api/v1/auth/refresh", { headers }));
  }

  async logout() {
    const headers = { Cookie: this.cookieHeader(), "X-CSRF-Token": this.cookies.jm_csrf ?? "" };
    return this.absorb(await request(this.port, "POST", "/api/v1/auth/logout", { headers }));
  }

  /** A request with the bearer token. */
  call(method, path, body, headers = {}) {
    return request(this.port, method, path, {
      body,
      headers: { Authorization: `Bearer ${this.accessToken}`, ...headers },
    });
  }
}

const b64url = (value) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** An HS256 JWT signed with `secret`; the server names an env-provided secret kid "env". */
export function signJwt(payload, secret = TEST_JWT_SECRET, header = { alg: "HS256", typ: "JWT", kid: "env" }) {
  const head = b64url(header);
  const body = b64url(payload);
  const sig = crypto.createHmac("sha256", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

/** The same token with one character of its payload changed (signature now wrong). */
export function tamper(token) {
  const [h, p, s] = token.split(".");
  const i = Math.floor(p.length / 2);
  const swapped = p[i] === "A" ? "B" : "A";
  return `${h}.${p.slice(0, i)}${swapped}${p.slice(i + 1)}.${s}`;
}

export const STRONG_PASSWORD = "correct horse battery staple";
