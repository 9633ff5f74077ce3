// GET /metrics against the real binary: the exposition is valid Prometheus text (checked
// line by line by prometheus_parser.mjs), every documented metric is there, and the counters
// move by exactly what the test did, under route patterns — never raw paths.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import zlib from "node:zlib";
import { postJson, request, startServer, validGame } from "./harness.mjs";
import { createApiKey } from "./auth_helpers.mjs";
import { parsePrometheusText } from "./prometheus_parser.mjs";

let server;
let port;
let scraper; // headers of an analyst API key: /metrics is an analyst endpoint

before(async () => {
  server = await startServer({ label: "metrics" });
  port = server.port;
  scraper = { "X-API-Key": createApiKey(server, "analyst", "prometheus").key };
});

after(async () => {
  await server?.stop();
});

// Every metric docs/observability.md lists (histograms by their family name).
export const DOCUMENTED_METRICS = [
  "journeyman_http_requests_total",
  "journeyman_http_request_duration_seconds",
  "journeyman_http_requests_in_flight",
  "journeyman_http_open_connections",
  "journeyman_http_connections_accepted_total",
  "journeyman_store_queue_depth",
  "journeyman_store_batches_total",
  "journeyman_store_failed_batches_total",
  "journeyman_store_batched_ops_total",
  "journeyman_store_last_batch_size",
  "journeyman_store_max_batch_size",
  "journeyman_build_info",
  "journeyman_process_start_time_seconds",
  "journeyman_process_resident_memory_bytes",
  "journeyman_uptime_seconds",
  "journeyman_rate_limit_rejections_total",
  "journeyman_suspicious_requests_total",
  "journeyman_cache_hits_total",
  "journeyman_cache_misses_total",
  "journeyman_cache_evictions_total",
  "journeyman_cache_entries",
  "journeyman_cache_bytes",
  "journeyman_websocket_clients",
  "journeyman_websocket_dropped_messages_total",
  "journeyman_jobs_queue_depth",
  "journeyman_jobs_failed_total",
];

/** Fetches /metrics, checks the response and the format, and returns the parse. */
async function scrape() {
  const res = await request(port, "GET", "/metrics", { headers: scraper });
  assert.equal(res.status, 200, res.text.slice(0, 300));
  assert.equal(res.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
  const parsed = parsePrometheusText(res.text);
  assert.deepEqual(parsed.errors, [], res.text);
  for (const f of parsed.families.values()) {
    assert.ok(f.hasHelp, `${f.name} has no HELP`);
    assert.ok(f.type, `${f.name} has no TYPE`);
  }
  return { parsed, text: res.text };
}

const requests = (p, route, method, status) =>
  p.value("journeyman_http_requests_total", { route, method, status: String(status) }) ?? 0;
const timed = (p, route) => p.value("journeyman_http_request_duration_seconds_count", { route }) ?? 0;

describe("GET /metrics", () => {
  it("exposes every documented metric in valid text format 0.0.4", async () => {
    const { parsed } = await scrape();
    for (const name of DOCUMENTED_METRICS) assert.ok(parsed.families.has(name), `${name} missing`);
    assert.equal(parsed.families.get("journeyman_http_requests_total").type, "counter");
    assert.equal(parsed.families.get("journeyman_http_request_duration_seconds").type, "histogram");
    assert.equal(parsed.families.get("journeyman_http_requests_in_flight").type, "gauge");

    const [info] = parsed.families.get("journeyman_build_info").samples;
    assert.match(info.labels.version, /^\d+\.\d+\.\d+/);
    assert.equal(info.value, 1);
    const started = parsed.value("journeyman_process_start_time_seconds");
    assert.ok(Math.abs(started - Date.now() / 1000) < 600, `start time ${started}`);
    assert.ok(parsed.value("journeyman_uptime_seconds") >= 0);
    assert.ok(parsed.value("journeyman_process_resident_memory_bytes") > 1024 * 1024);
    // The scrape itself is a request in flight on an open connection.
    assert.ok(parsed.value("journeyman_http_requests_in_flight") >= 1);
    assert.ok(parsed.value("journeyman_http_open_connections") >= 1);
    for (const severity of ["low", "medium", "high", "critical"]) {
      assert.equal(parsed.value("journeyman_suspicious_requests_total", { severity }), 0);
    }
    assert.equal(parsed.value("journeyman_rate_limit_rejections_total", { class: "general" }), 0);
    // /metrics itself is not rate-limited: no class "none".
    assert.equal(parsed.value("journeyman_rate_limit_rejections_total", { class: "none" }), undefined);
  });

  it("counts requests by route pattern, method and status, and times them", async () => {
    const { parsed: before } = await scrape();
    for (let i = 0; i < 3; i++) assert.equal((await request(port, "GET", "/health")).status, 200);
    assert.equal((await request(port, "HEAD", "/health")).status, 200);
    assert.equal((await request(port, "GET", "/api/v1/games/no-such-game-1")).status, 404);
    assert.equal((await request(port, "GET", "/api/v1/games/no-such-game-2")).status, 404);
    assert.equal((await request(port, "GET", "/no/such/path-xyz")).status, 404);
    assert.equal((await request(port, "DELETE", "/health")).status, 405);
    assert.equal((await postJson(port, "/api/game-data", validGame())).status, 201);
    assert.equal((await postJson(port, "/api/game-data", "not json", { headers: { "Content-Type": "text/plain" } })).status, 415);
    const { parsed: after, text } = await scrape();

    const delta = (route, method, status) => requests(after, route, method, status) - requests(before, route, method, status);
    assert.equal(delta("/health", "GET", 200), 3);
    assert.equal(delta("/health", "HEAD", 200), 1);
    assert.equal(delta("/api/v1/games/:id", "GET", 404), 2);
    assert.equal(delta("unmatched", "GET", 404), 1);
    assert.equal(delta("unmatched", "DELETE", 405), 1);
    assert.equal(delta("/api/game-data", "POST", 201), 1);
    assert.equal(delta("/api/game-data", "POST", 415), 1);
    assert.equal(delta("/metrics", "GET", 200), 1); // the first scrape, counted before the second
    assert.equal(timed(after, "/health") - timed(before, "/health"), 4);
    assert.equal(timed(after, "/api/v1/games/:id") - timed(before, "/api/v1/games/:id"), 2);
    assert.equal(timed(after, "/api/game-data") - timed(before, "/api/game-data"), 2);
    // Raw paths never become labels.
    assert.ok(!text.includes("no-such-game"), "raw path in labels");
    assert.ok(!text.includes("path-xyz"), "raw path in labels");

    // Each request above used a new connection (no keep-alive), plus the scrape.
    const accepted = (p) => p.value("journeyman_http_connections_accepted_total");
    assert.ok(accepted(after) - accepted(before) >= 11, `accepted ${accepted(before)} → ${accepted(after)}`);
    // The game went through the group-commit writer.
    const ops = (p) => p.value("journeyman_store_batched_ops_total");
    assert.ok(ops(after) - ops(before) >= 1);
    assert.ok(after.value("journeyman_store_batches_total") >= 1);
    assert.equal(after.value("journeyman_store_failed_batches_total"), 0);
    assert.ok(after.value("journeyman_store_max_batch_size") >= 1);
  });

  it("answers HEAD and gzip like any other route", async () => {
    const head = await request(port, "HEAD", "/metrics", { headers: scraper });
    assert.equal(head.status, 200);
    assert.equal(head.raw.length, 0);
    const gz = await request(port, "GET", "/metrics", { headers: { ...scraper, "Accept-Encoding": "gzip" } });
    assert.equal(gz.status, 200);
    assert.equal(gz.headers["content-encoding"], "gzip");
    const parsed = parsePrometheusText(zlib.gunzipSync(gz.raw).toString("utf8"));
    assert.deepEqual(parsed.errors, []);
    assert.ok(parsed.families.has("journeyman_http_requests_total"));
  });
});

describe("prometheus_parser.mjs", () => {
  // The checker must catch what it claims to, or the checks above prove nothing.
  const bad = {
    "bad metric name": "# TYPE a counter\n1a 1\n",
    "bad label name": '# TYPE a gauge\na{1x="v"} 1\n',
    "unquoted label": "# TYPE a gauge\na{x=v} 1\n",
    "bad escape": '# TYPE a gauge\na{x="\\t"} 1\n',
    "duplicate label": '# TYPE a gauge\na{x="1",x="2"} 1\n',
    "bad value": "# TYPE a gauge\na 1,5\n",
    "bad timestamp": "# TYPE a gauge\na 1 soon\n",
    "no final newline": "# TYPE a gauge\na 1",
    "TYPE after sample": "a 1\n# TYPE a gauge\n",
    "HELP after TYPE": "# TYPE a gauge\n# HELP a x\na 1\n",
    "bad HELP escape": "# HELP a x\\ty\n# TYPE a gauge\na 1\n",
    "unknown type": "# TYPE a thing\na 1\n",
    "negative counter": "# TYPE a_total counter\na_total -1\n",
    "family split": "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n",
    "inf != count": '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 3\n',
    "no +Inf": '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    decreasing: '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 2\n',
    "le order": '# TYPE h histogram\nh_bucket{le="2"} 1\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
    "no _sum": '# TYPE h histogram\nh_bucket{le="+Inf"} 1\nh_count 1\n',
  };
  for (const [why, text] of Object.entries(bad)) {
    it(`rejects: ${why}`, () => {
      assert.notDeepEqual(parsePrometheusText(text).errors, [], why);
    });
  }

  it("accepts a valid exposition and unescapes label values", () => {
    const parsed = parsePrometheusText(
      '# HELP h Latency \\\\ and \\n.\n# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\nh_sum 3.5\nh_count 2\n' +
        '# a comment\n\n# TYPE g gauge\ng{a="x\\"y\\\\z\\nw"} NaN 1700000000\ng{a="inf"} -Inf\n',
    );
    assert.deepEqual(parsed.errors, []);
    assert.ok(Number.isNaN(parsed.value("g", { a: 'x"y\\z\nw' })));
    assert.equal(parsed.value("g", { a: "inf" }), -Infinity);
    assert.equal(parsed.value("h_bucket", { le: "+Inf" }), 2);
  });
});
