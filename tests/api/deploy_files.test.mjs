// deploy/Dockerfile, nginx.conf, pgbouncer.ini, the systemd unit and .env.example: text checks
// against the server's configuration, plus `nginx -t` and `systemd-analyze verify` when
// those tools are installed (both run on a temporary copy, bounded by a timeout).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import {
  REPO,
  bytes,
  exists,
  knownEnvNames,
  loadYamlDocs,
  looksLikeRealSecret,
  parseIni,
  read,
  readmeDefault,
  seconds,
} from "./deploy_support.mjs";

const which = (tool) =>
  ["/usr/sbin", "/usr/bin", "/sbin", "/bin"].map((d) => path.join(d, tool)).find((p) => fs.existsSync(p));

describe("deploy/Dockerfile", () => {
  const text = read("deploy/Dockerfile").replace(/\\\n/g, " ");
  const lines = text.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
  const stages = [];
  for (const line of lines) {
    const [instr, ...rest] = line.trim().split(/\s+/);
    if (instr.toUpperCase() === "FROM") stages.push({ from: rest[0], name: rest[2], lines: [] });
    else if (stages.length) stages.at(-1).lines.push({ instr: instr.toUpperCase(), args: rest.join(" ") });
  }
  const runtime = stages.at(-1);
  const build = stages.find((s) => s.name === "server-build");
  const all = (stage, instr) => stage.lines.filter((l) => l.instr === instr).map((l) => l.args);
  const argDefault = /ARG DEBIAN_IMAGE=(\S+)/.exec(text)?.[1];

  test("multi-stage on debian:12-slim; the runtime stage is debian:12-slim too", () => {
    assert.ok(stages.length >= 3, "server build, web build, runtime");
    assert.equal(argDefault, "debian:12-slim");
    assert.equal(build.from, "${DEBIAN_IMAGE}");
    assert.equal(runtime.from, "${DEBIAN_IMAGE}");
  });

  test("runs as a non-root USER, with HEALTHCHECK on /health or /ready, STOPSIGNAL SIGTERM", () => {
    const users = all(runtime, "USER");
    assert.equal(users.length, 1, "one USER in the runtime stage");
    const user = users[0].split(":")[0];
    assert.ok(!["root", "0"].includes(user), `USER ${user} is root`);
    assert.equal(user, "10001");
    const [healthcheck] = all(runtime, "HEALTHCHECK");
    assert.ok(healthcheck, "HEALTHCHECK present");
    assert.match(healthcheck, /--interval=30s/);
    assert.match(healthcheck, /--timeout=3s/);
    assert.match(healthcheck, /--retries=3/);
    assert.match(healthcheck, /CMD .*"\/(health|ready)"/);
    assert.deepEqual(all(runtime, "STOPSIGNAL"), ["SIGTERM"]);
  });

  test("EXPOSE = PORT, every ENV name is a server setting, HOST listens on all interfaces", () => {
    const env = Object.fromEntries(
      all(runtime, "ENV").flatMap((args) => [...args.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1], m[2]])),
    );
    assert.deepEqual(all(runtime, "EXPOSE"), [env.PORT]);
    assert.equal(env.HOST, "0.0.0.0");
    const known = knownEnvNames();
    for (const name of Object.keys(env)) assert.ok(known.has(name), `${name} is not read by the server`);
    assert.match(env.DATABASE_URL, /^sqlite:\/app\/var\//, "the database lives in the writable var/");
  });

  test("build stage installs install-deps.sh's libraries; runtime has each one's runtime package", () => {
    const buildPkgs = /BUILD_PKGS=\(([^)]*)\)/.exec(read("scripts/install-deps.sh"))[1].split(/\s+/);
    // Not needed to build the binary: Node (own stage), tools, test libraries, the sqlite3 CLI.
    const notInImage =
      /^(nodejs|npm|curl|ca-certificates|git|ccache|sqlite3|libgtest-dev|libgmock-dev|googletest|libbenchmark-dev)$/;
    const buildRun = all(build, "RUN").join(" ");
    const runtimeRun = all(runtime, "RUN").join(" ");
    // -dev package → what the binary needs at run time (none for header-only libraries).
    const runtimeOf = {
      "libboost-dev": null,
      "nlohmann-json3-dev": null,
      "libcli11-dev": null,
      "libssl-dev": "libssl3",
      "zlib1g-dev": "zlib1g",
      "libsqlite3-dev": "libsqlite3-0",
      "libpq-dev": "libpq5",
      "libhiredis-dev": "libhiredis0.14",
      "libargon2-dev": "libargon2-1",
      "libcrypt-dev": "libcrypt1",
      "libspdlog-dev": "libspdlog1.10",
      "libfmt-dev": "libfmt9",
      "libjemalloc-dev": "libjemalloc2",
      "libsodium-dev": "libsodium23",
    };
    for (const pkg of buildPkgs.filter((p) => p && !notInImage.test(p))) {
      assert.ok(new RegExp(`\\s${pkg.replace(/[.+]/g, "\\$&")}(\\s|$)`).test(buildRun), `build stage lacks ${pkg}`);
      if (!pkg.endsWith("-dev")) continue;
      assert.ok(pkg in runtimeOf, `${pkg} is new: add its runtime package to deploy/Dockerfile and this map`);
      if (runtimeOf[pkg]) assert.ok(runtimeRun.includes(` ${runtimeOf[pkg]} `), `runtime lacks ${runtimeOf[pkg]}`);
    }
    assert.doesNotMatch(runtimeRun, /-dev\b/, "no -dev packages at run time");
    assert.doesNotMatch(runtimeRun, /\bcurl\b/, "no curl: the health check is bash /dev/tcp");
  });

  test("COPY sources exist and .dockerignore does not hide them", () => {
    const ignore = read(".dockerignore").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
    for (const required of [".git", "build", "**/node_modules", "var"]) assert.ok(ignore.includes(required), required);
    for (const stage of stages) {
      for (const args of all(stage, "COPY").filter((a) => !a.startsWith("--from"))) {
        const sources = args.split(/\s+/).filter((a) => !a.startsWith("--")).slice(0, -1);
        for (const src of sources) {
          assert.ok(exists(src), `COPY ${src}: missing`);
          const top = src.replace(/\/$/, "");
          assert.ok(!ignore.includes(top), `COPY ${src} is excluded by .dockerignore`);
        }
      }
    }
    assert.ok(fs.statSync(path.join(REPO, "deploy/healthcheck.sh")).mode & 0o111, "healthcheck.sh is executable");
  });
});

describe("deploy/nginx.conf", () => {
  const conf = read("deploy/nginx.conf").replace(/#.*$/gm, "");
  const block = (header) => {
    const start = conf.indexOf(header);
    assert.ok(start >= 0, `${header} block`);
    let depth = 0;
    for (let i = conf.indexOf("{", start); i < conf.length; i += 1) {
      if (conf[i] === "{") depth += 1;
      if (conf[i] === "}" && --depth === 0) return conf.slice(start, i + 1);
    }
    throw new Error(`unbalanced ${header}`);
  };
  const directive = (text, name) => new RegExp(`(?:^|[;{\\s])${name}\\s+([^;]+);`).exec(text)?.[1]?.trim();

  test("upstream: least_conn, keepalive, idle timeout below the server's", () => {
    const upstream = block("upstream journeyman");
    assert.match(upstream, /\bleast_conn;/);
    assert.ok(Number(directive(upstream, "keepalive")) > 0, "keepalive connections");
    assert.match(upstream, /server\s+app:8080\b/, "upstream port = PORT of the replicas");
    assert.ok(
      seconds(directive(upstream, "keepalive_timeout")) < readmeDefault("JOURNEYMAN_IDLE_TIMEOUT"),
      "nginx must close idle upstream connections before the server does",
    );
  });

  test("headers: WebSocket upgrade, X-Forwarded-For, X-Request-Id; HTTP/1.1 upstream", () => {
    assert.match(conf, /map\s+\$http_upgrade\s+\$connection_upgrade/);
    assert.match(conf, /proxy_set_header\s+Upgrade\s+\$http_upgrade;/);
    assert.match(conf, /proxy_set_header\s+Connection\s+\$connection_upgrade;/);
    assert.match(conf, /proxy_set_header\s+X-Forwarded-For\s+\$proxy_add_x_forwarded_for;/);
    assert.match(conf, /proxy_set_header\s+X-Request-Id\s+\$\w+;/);
    assert.equal(directive(conf, "proxy_http_version"), "1.1");
  });

  test("/ws has long timeouts; /health and /ready pass through; gzip off; body limit = server's", () => {
    const ws = block("location /ws");
    assert.ok(seconds(directive(ws, "proxy_read_timeout")) >= 3600);
    assert.match(ws, /proxy_pass\s+http:\/\/journeyman;/);
    for (const p of ["/health", "/ready"]) assert.match(block(`location = ${p}`), /proxy_pass\s+http:\/\/journeyman;/);
    assert.equal(directive(conf, "gzip"), "off");
    assert.equal(bytes(directive(conf, "client_max_body_size")), readmeDefault("JOURNEYMAN_BODY_LIMIT"));
  });

  const nginx = which("nginx");
  test("nginx -t accepts it (upstream hosts pointed at 127.0.0.1)", { skip: !nginx && "nginx not installed" }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journeyman-nginx-"));
    try {
      // Upstream names only resolve inside compose; /dev/stdout and /dev/stderr cannot be
      // opened when they are node's socket pipes; the pid file goes to the temp dir.
      const copy = read("deploy/nginx.conf")
        .replace(/(\bserver\s+)[a-z][\w.-]*(:\d+)/g, "$1127.0.0.1$2")
        .replace(/\/dev\/(stdout|stderr)\b/g, `${dir}/$1.log`)
        .replace(/^pid\s+\S+;/m, `pid ${dir}/nginx.pid;`);
      fs.writeFileSync(path.join(dir, "nginx.conf"), copy);
      const args = ["-t", "-q", "-p", dir, "-e", path.join(dir, "error.log"), "-c", path.join(dir, "nginx.conf")];
      const run = spawnSync(nginx, args, { encoding: "utf8", timeout: 15_000 });
      assert.equal(run.status, 0, `nginx -t failed:\n${run.stderr}`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("deploy/pgbouncer.ini", () => {
  const ini = () => parseIni(read("deploy/pgbouncer.ini"));

  test("transaction pooling with prepared statements tracked (PgBouncer >= 1.21)", () => {
    const { pgbouncer } = ini();
    assert.equal(pgbouncer.pool_mode, "transaction");
    assert.ok(Number(pgbouncer.max_prepared_statements) > 0);
    assert.ok(Number(pgbouncer.max_db_connections) < 100, "below PostgreSQL's max_connections");
  });

  test("listens where the app connects; forwards to the compose postgres service", () => {
    const { pgbouncer, databases } = ini();
    const [compose] = loadYamlDocs("deploy/docker-compose.yml");
    const url = compose.services.app.environment.DATABASE_URL;
    assert.equal(pgbouncer.listen_port, /@pgbouncer:(\d+)\//.exec(url)[1]);
    const database = /\/(\w+)$/.exec(url)[1];
    assert.match(databases[database], /host=postgres port=5432/);
  });
});

describe("deploy/systemd/journeyman.service", () => {
  const unit = read("deploy/systemd/journeyman.service");
  const value = (key) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1].trim());

  test("hardened, drains on SIGTERM, stops after more than the grace", () => {
    assert.ok(value("DynamicUser")[0] === "yes" || value("User").length === 1, "no root service");
    assert.deepEqual(value("ProtectSystem"), ["strict"]);
    assert.deepEqual(value("StateDirectory"), ["journeyman"]);
    assert.deepEqual(value("KillSignal"), ["SIGTERM"]);
    const env = Object.fromEntries(value("Environment").map((e) => e.split(/=(.*)/s).slice(0, 2)));
    const grace = Number(env.JOURNEYMAN_SHUTDOWN_GRACE ?? readmeDefault("JOURNEYMAN_SHUTDOWN_GRACE"));
    assert.ok(Number(value("TimeoutStopSec")[0]) > grace, "TimeoutStopSec > shutdown grace");
    const known = knownEnvNames();
    for (const name of Object.keys(env)) assert.ok(known.has(name), `${name} is not read by the server`);
    assert.match(env.DATABASE_URL, /^sqlite:\/var\/lib\/journeyman\//, "database in the StateDirectory");
  });

  const analyze = which("systemd-analyze");
  test("systemd-analyze verify reports nothing", { skip: !analyze && "systemd-analyze not installed" }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "journeyman-unit-"));
    try {
      // verify checks that ExecStart exists: point it at a binary this machine has.
      fs.writeFileSync(path.join(dir, "journeyman.service"), unit.replace(/^ExecStart=\S+/m, "ExecStart=/bin/true"));
      const run = spawnSync(analyze, ["verify", path.join(dir, "journeyman.service")], {
        encoding: "utf8",
        timeout: 20_000,
      });
      const complaints = `${run.stdout}${run.stderr}`.split("\n").filter((l) => l.includes("journeyman.service"));
      assert.deepEqual(complaints, [], "systemd-analyze verify");
      assert.equal(run.status, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("deploy/.env.example", () => {
  const entries = read("deploy/.env.example")
    .split("\n")
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split(/=(.*)/s));

  test("lists every secret compose needs, all empty; git ignores the filled-in copy", () => {
    const names = entries.map(([k]) => k);
    const required = ["POSTGRES_PASSWORD", "REDIS_PASSWORD", "JOURNEYMAN_JWT_SECRET", "JOURNEYMAN_FIELD_KEYS"];
    for (const n of [...required, "JOURNEYMAN_INDEX_KEY", "JOURNEYMAN_PSEUDONYM_KEY"]) {
      assert.ok(names.includes(n), `${n} listed`);
    }
    for (const [k, v] of entries) {
      assert.equal(v, "", `${k} must be empty in the example`);
      assert.ok(!looksLikeRealSecret(v));
    }
    assert.match(read("deploy/.env.example"), /openssl rand -base64 32/);
    assert.match(read("deploy/.gitignore"), /^\.env$/m);
  });
});
