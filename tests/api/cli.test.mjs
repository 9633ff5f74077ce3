// Operator commands against a real database: seed is idempotent, import reports every
// rejected row and keeps the good ones, puzzle answer names a career.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";

import { BINARY, REPO } from "./harness.mjs";

let dir;
let db;
const run = (...args) => spawnSync(BINARY, [...args, "--db", db], { cwd: REPO, encoding: "utf8" });

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "journeyman-cli-"));
  db = path.join(dir, "cli.db");
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("seed loads the NFL data once; a second run changes nothing", () => {
  const first = run("seed");
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /teams: 32 added, 0 updated; careers: 142 added, 0 updated/);
  const second = run("seed");
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, /teams: 0 added, 0 updated; careers: 0 added, 0 updated, 174 unchanged/);
});

test("import careers adds good rows and reports each rejected one", () => {
  const file = path.join(dir, "import.json");
  const stint = { team: "NYJ", team_name: "New York Jets", from: 2001, to: 2003, number: 12, stats: {}, awards: {} };
  fs.writeFileSync(
    file,
    JSON.stringify([
      { name: "Test Journeyman", position: "QB", college: "Nowhere", draft: null, stints: [stint, { ...stint, team: "BUF", team_name: "Buffalo Bills", from: 2004, to: 2005 }], accolades: [] },
      { name: "Bad Years", position: "QB", draft: null, stints: [{ ...stint, from: 2005, to: 2001 }], accolades: [] },
      { name: "Bad Team", position: "QB", draft: null, stints: [{ ...stint, team: "XXX" }], accolades: [] },
    ]),
  );
  const res = run("import", "careers", file);
  assert.equal(res.status, 1, "rejected rows make the command fail");
  assert.match(res.stdout, /careers: 1 added/);
  assert.match(res.stderr, /2 rows rejected/);
  assert.match(res.stderr, /Bad Years/);
  assert.match(res.stderr, /Bad Team/);
  const again = run("import", "careers", file);
  assert.match(again.stdout, /careers: 0 added, 0 updated, 1 unchanged/);
});

test("puzzle answer names a career for today and refuses a date before the first puzzle", () => {
  const today = run("puzzle", "answer");
  assert.equal(today.status, 0, today.stderr);
  assert.match(today.stdout.trim(), /^\S.+\S$/);
  const early = run("puzzle", "answer", "--date", "2020-01-01");
  assert.equal(early.status, 1);
  assert.match(early.stderr, /no daily puzzle/);
});

test("an unreachable postgres DATABASE_URL fails fast with a clear message, password masked", () => {
  // Port 1 on loopback: nothing listens, the connection is refused at once.
  const started = Date.now();
  const res = spawnSync(
    BINARY,
    ["migrate", "--database-url", "postgres://jm:s3cret@127.0.0.1:1/x", "--pg-connect-timeout", "2"],
    { cwd: REPO, encoding: "utf8" },
  );
  assert.equal(res.status, 1, res.stderr);
  assert.match(res.stderr, /cannot connect to PostgreSQL/);
  assert.doesNotMatch(res.stderr + res.stdout, /s3cret/);
  assert.ok(Date.now() - started < 10_000, "bounded by the connect timeout");
});
