// Shared readers for the deploy/ checks (deploy_*.test.mjs): file access, YAML, units, and the
// server's own configuration names and defaults taken from README's config table, so the
// manifests are checked against what the binary actually reads.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEPLOY = path.join(REPO, "deploy");
export const K8S = path.join(DEPLOY, "k8s");

export const read = (rel) => fs.readFileSync(path.join(REPO, rel), "utf8");
export const exists = (rel) => fs.existsSync(path.join(REPO, rel));

/** Every YAML document in a file, parsed strictly (merge keys allowed, as Compose does). */
export function loadYamlDocs(rel) {
  const docs = YAML.parseAllDocuments(read(rel), { merge: true, uniqueKeys: true });
  const out = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${rel}: ${doc.errors.map((e) => e.message).join("; ")}`);
    const value = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

export const k8sFiles = () =>
  fs.readdirSync(K8S).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml")).sort();

/** All Kubernetes objects in deploy/k8s, each tagged with the file it came from. */
export function k8sObjects() {
  return k8sFiles().flatMap((f) => loadYamlDocs(`deploy/k8s/${f}`).map((o) => ({ ...o, __file: f })));
}

/** "30s", "1m", "1h", "30" (seconds) → seconds. */
export function seconds(value) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(value).trim());
  if (!m) throw new Error(`not a duration: ${value}`);
  const n = Number(m[1]);
  return { ms: n / 1000, s: n, m: n * 60, h: n * 3600, undefined: n }[m[2]];
}

/** nginx / ingress sizes: "1m", "512k", "1048576" → bytes. */
export function bytes(value) {
  const m = /^(\d+)([kKmMgG]?)$/.exec(String(value).trim());
  if (!m) throw new Error(`not a size: ${value}`);
  return Number(m[1]) * { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()];
}

/** Kubernetes CPU quantity: "2" → 2, "500m" → 0.5. */
export const cpus = (q) => (String(q).endsWith("m") ? Number(String(q).slice(0, -1)) / 1000 : Number(q));

/** README's config table: env name → default column (backticks stripped). */
export function readmeConfig() {
  const table = new Map();
  for (const line of read("README.md").split("\n")) {
    const m = /^\| `([A-Z0-9_]+)` \| [^|]* \| ([^|]*) \|/.exec(line);
    if (m) table.set(m[1], m[2].trim().replace(/`/g, ""));
  }
  return table;
}

// Settings other engineers are adding to config.cpp in parallel (security, infra, postgres
// briefs); once merged they are in README's table too and this list is merely redundant.
export const PENDING_ENV = [
  "JOURNEYMAN_ENV",
  "JOURNEYMAN_KEYS_FILE",
  "JOURNEYMAN_JWT_SECRET",
  "JOURNEYMAN_FIELD_KEYS",
  "JOURNEYMAN_INDEX_KEY",
  "JOURNEYMAN_PSEUDONYM_KEY",
  "JOURNEYMAN_TRUSTED_PROXIES",
  "DATABASE_READ_URL",
];

/** Names the server reads: README's table plus the pending ones. */
export function knownEnvNames() {
  return new Set([...readmeConfig().keys(), ...PENDING_ENV]);
}

/** Integer default of a README config row (e.g. JOURNEYMAN_SHUTDOWN_GRACE → 10). */
export function readmeDefault(name) {
  const value = readmeConfig().get(name);
  if (value === undefined) throw new Error(`README config table has no ${name}`);
  return Number(value);
}

/** A value that looks like a real credential rather than a placeholder. */
export function looksLikeRealSecret(value) {
  const text = String(value).replaceAll("REPLACE_ME", "");
  return /[A-Za-z0-9+/]{20,}={0,2}/.test(text) || /[0-9a-f]{24,}/i.test(text);
}

/** Minimal INI reader (PgBouncer): { section: { key: value } }, ';' and '#' comments. */
export function parseIni(text) {
  const out = {};
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith(";") || line.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1];
      out[section] ??= {};
      continue;
    }
    const eq = line.indexOf("=");
    if (eq < 0) throw new Error(`bad ini line: ${line}`);
    (out[section] ??= {})[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}
