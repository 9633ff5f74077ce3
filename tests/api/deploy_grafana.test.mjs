// deploy/grafana/journeyman-dashboard.json: valid dashboard JSON whose every query names
// metrics the real binary exposes on GET /metrics (so a renamed metric breaks this test,
// not an operator's dashboard at 3 a.m.).
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createApiKey } from "./auth_helpers.mjs";
import { REPO, request, startServer } from "./harness.mjs";
import { exposedNames, parsePrometheusText } from "./prometheus_parser.mjs";

const DASHBOARD = path.join(REPO, "deploy", "grafana", "journeyman-dashboard.json");
const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, "utf8"));

// PromQL words that are not metric names: functions, aggregations, keywords, and what sits
// inside {…} selectors or string literals (removed before scanning).
const PROMQL_WORDS = new Set([
  "sum", "min", "max", "avg", "count", "by", "without", "rate", "irate", "increase",
  "histogram_quantile", "clamp_min", "clamp_max", "label_values", "le", "on", "ignoring",
  "group_left", "group_right", "offset", "bool", "and", "or", "unless", "topk", "bottomk",
]);

/** Panels including those nested in collapsed rows. */
function allPanels(d) {
  const out = [];
  for (const p of d.panels ?? []) {
    out.push(p);
    for (const inner of p.panels ?? []) out.push(inner);
  }
  return out;
}

/** Metric names a PromQL expression selects. */
function metricNames(expr) {
  const stripped = expr
    .replace(/label_values\(\s*([^,()]+?)\s*,\s*[a-zA-Z_]\w*\s*\)/g, "$1") // Grafana: keep the metric
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // string literals
    .replace(/\{[^}]*\}/g, "") // label matchers
    .replace(/\[[^\]]*\]/g, "") // range selectors
    .replace(/\b\d+(\.\d*)?([eE][+-]?\d+)?\b/g, "0") // numbers, incl. 1e-9
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ""); // grouping label lists
  const names = [];
  for (const [word] of stripped.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    if (!PROMQL_WORDS.has(word)) names.push(word);
  }
  return names;
}

let server;
let exposed;

before(async () => {
  server = await startServer({ label: "deploy_grafana" });
  const headers = { "X-API-Key": createApiKey(server, "analyst", "grafana check").key };
  const res = await request(server.port, "GET", "/metrics", { headers });
  assert.equal(res.status, 200);
  const parsed = parsePrometheusText(res.text);
  assert.deepEqual(parsed.errors, []);
  exposed = exposedNames(parsed);
});

after(async () => {
  await server?.stop();
});

describe("Grafana dashboard", () => {
  it("is a current-schema dashboard with a Prometheus data source variable", () => {
    assert.equal(dashboard.title, "Journeyman");
    assert.ok(dashboard.schemaVersion >= 36 && dashboard.schemaVersion <= 41, `schemaVersion ${dashboard.schemaVersion}`);
    assert.ok(typeof dashboard.uid === "string" && dashboard.uid.length > 0);
    const vars = dashboard.templating.list;
    const ds = vars.find((v) => v.type === "datasource");
    assert.ok(ds, "no data source variable");
    assert.equal(ds.query, "prometheus");
    const dsRef = "${" + ds.name + "}";
    for (const p of allPanels(dashboard).filter((p) => p.type !== "row")) {
      assert.equal(p.datasource?.uid, dsRef, `${p.title}: panel data source`);
      for (const t of p.targets) assert.equal(t.datasource?.uid, dsRef, `${p.title}: target data source`);
    }
  });

  it("has unique panel ids and panels inside the 24-column grid", () => {
    const ids = allPanels(dashboard).map((p) => p.id);
    assert.equal(new Set(ids).size, ids.length, "duplicate panel ids");
    for (const p of allPanels(dashboard)) {
      const { x, y, w, h } = p.gridPos;
      assert.ok(x >= 0 && w > 0 && x + w <= 24 && y >= 0 && h > 0, `${p.title}: gridPos`);
    }
  });

  it("covers the metrics the brief asks for", () => {
    const used = new Set(allPanels(dashboard).flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))));
    for (const name of [
      "journeyman_http_requests_total",
      "journeyman_http_request_duration_seconds_bucket",
      "journeyman_http_requests_in_flight",
      "journeyman_http_open_connections",
      "journeyman_store_queue_depth",
      "journeyman_store_batched_ops_total",
      "journeyman_store_batches_total",
      "journeyman_store_failed_batches_total",
      "journeyman_rate_limit_rejections_total",
      "journeyman_suspicious_requests_total",
      "journeyman_process_resident_memory_bytes",
      "journeyman_build_info",
    ]) {
      assert.ok(used.has(name), `no panel shows ${name}`);
    }
    const quantiles = allPanels(dashboard)
      .flatMap((p) => p.targets ?? [])
      .map((t) => /histogram_quantile\((0\.\d+)/.exec(t.expr)?.[1])
      .filter(Boolean);
    for (const q of ["0.5", "0.95", "0.99"]) assert.ok(quantiles.includes(q), `no p${Number(q) * 100}`);
  });

  it("queries only metrics GET /metrics exposes", () => {
    const queries = allPanels(dashboard).flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr })));
    for (const v of dashboard.templating.list) {
      if (v.type === "query") queries.push({ title: `variable ${v.name}`, expr: v.definition });
    }
    assert.ok(queries.length >= 15, `only ${queries.length} queries`);
    for (const { title, expr } of queries) {
      assert.equal(typeof expr, "string", `${title}: no expr`);
      const names = metricNames(expr);
      assert.ok(names.length > 0, `${title}: ${expr} selects no metric`);
      for (const name of names) {
        assert.ok(exposed.has(name), `${title}: ${name} is not exposed by /metrics (${expr})`);
      }
    }
  });

  it("the expression scanner finds metric names and nothing else", () => {
    assert.deepEqual(
      metricNames('histogram_quantile(0.99, sum by (route, le) (rate(a_bucket{x=~"5..", instance=~"$i"}[$__rate_interval])))'),
      ["a_bucket"],
    );
    assert.deepEqual(metricNames("sum(rate(b_total[5m])) / clamp_min(sum(rate(c_total[5m])), 1e-9)"), ["b_total", "c_total"]);
    assert.deepEqual(metricNames("label_values(journeyman_build_info, instance)"), ["journeyman_build_info"]);
  });
});
