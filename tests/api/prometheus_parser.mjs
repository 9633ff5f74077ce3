// A strict reader of the Prometheus text exposition format 0.0.4: the JavaScript port of
// tests/unit/infra/prometheus_parser.hpp, with the same checks:
//   - metric and label names follow the grammar; label values use only \\, \" and \n escapes
//   - values parse as floats (incl. +Inf, -Inf, NaN); an optional integer timestamp
//   - per family: at most one HELP and one TYPE, HELP before TYPE, both before its samples,
//     and its samples contiguous (a family never reappears later)
//   - sample names fit the type (histogram: _bucket with le, _sum, _count)
//   - counters are never negative or NaN
//   - histograms: per label set, le strictly increasing, counts non-decreasing, a
//     le="+Inf" bucket equal to _count, and a _sum

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

/** Go's ParseFloat spellings of the specials, else plain decimal / exponent notation. */
export function parseFloatStrict(s) {
  if (["+Inf", "Inf", "+inf", "inf"].includes(s)) return Infinity;
  if (["-Inf", "-inf"].includes(s)) return -Infinity;
  if (s === "NaN" || s === "nan") return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

function baseName(sample, type) {
  if (type === "histogram") {
    for (const suffix of ["_bucket", "_sum", "_count"]) {
      if (sample.length > suffix.length && sample.endsWith(suffix)) return sample.slice(0, -suffix.length);
    }
  }
  return sample;
}

/** Parses `{a="x",...}` at s[i] === "{"; returns { labels, next } or { error }. */
function parseLabels(s, i) {
  const labels = {};
  i += 1;
  while (i < s.length && s[i] !== "}") {
    const eq = s.indexOf("=", i);
    if (eq < 0) return { error: "label without '='" };
    const name = s.slice(i, eq);
    if (!LABEL_NAME.test(name)) return { error: `bad label name '${name}'` };
    if (s[eq + 1] !== '"') return { error: "label value not quoted" };
    i = eq + 2;
    let value = "";
    let closed = false;
    while (i < s.length) {
      const c = s[i++];
      if (c === '"') {
        closed = true;
        break;
      }
      if (c === "\\") {
        if (i >= s.length) return { error: "dangling backslash" };
        const e = s[i++];
        if (e === "\\") value += "\\";
        else if (e === '"') value += '"';
        else if (e === "n") value += "\n";
        else return { error: `bad escape \\${e} in label value` };
      } else {
        value += c;
      }
    }
    if (!closed) return { error: "unterminated label value" };
    if (Object.hasOwn(labels, name)) return { error: `duplicate label ${name}` };
    labels[name] = value;
    if (s[i] === ",") i += 1;
    else if (s[i] !== "}") return { error: "expected ',' or '}' after label" };
  }
  if (i >= s.length) return { error: "unterminated label set" };
  return { labels, next: i + 1 };
}

const labelKey = (labels) =>
  JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));

function checkHistogram(f, errors) {
  const series = new Map();
  const get = (labels) => {
    const key = labelKey(labels);
    if (!series.has(key)) series.set(key, { buckets: [], sum: undefined, count: undefined });
    return series.get(key);
  };
  for (const s of f.samples) {
    const labels = { ...s.labels };
    if (s.name === `${f.name}_bucket`) {
      if (labels.le === undefined) {
        errors.push(`${f.name}: bucket without le`);
        continue;
      }
      const bound = parseFloatStrict(labels.le);
      if (bound === undefined || Number.isNaN(bound)) {
        errors.push(`${f.name}: bad le '${labels.le}'`);
        continue;
      }
      delete labels.le;
      get(labels).buckets.push([bound, s.value]);
    } else if (s.name === `${f.name}_sum`) {
      get(labels).sum = s.value;
    } else if (s.name === `${f.name}_count`) {
      get(labels).count = s.value;
    }
  }
  for (const [key, h] of series) {
    const where = `${f.name} ${key}`;
    if (h.buckets.length === 0 || h.buckets.at(-1)[0] !== Infinity) errors.push(`${where}: last bucket is not le="+Inf"`);
    for (let i = 1; i < h.buckets.length; i++) {
      if (!(h.buckets[i][0] > h.buckets[i - 1][0])) errors.push(`${where}: le not strictly increasing`);
      if (h.buckets[i][1] < h.buckets[i - 1][1]) errors.push(`${where}: bucket counts decrease`);
    }
    if (h.count === undefined) errors.push(`${where}: no _count`);
    if (h.sum === undefined) errors.push(`${where}: no _sum`);
    if (h.count !== undefined && h.buckets.length > 0 && h.buckets.at(-1)[1] !== h.count) {
      errors.push(`${where}: le="+Inf" bucket differs from _count`);
    }
  }
}

/**
 * Parses an exposition. Returns { families: Map(name → {name, help, type, hasHelp, samples}),
 * errors: [string], value(sampleName, labels = {}) → number | undefined }.
 */
export function parsePrometheusText(text) {
  const families = new Map();
  const errors = [];
  const closed = new Set();
  let current = "";
  const fail = (line, what) => errors.push(`line ${line}: ${what}`);
  const enter = (name, line) => {
    if (name !== current) {
      if (current) closed.add(current);
      if (closed.has(name)) fail(line, `family ${name} appears in two places`);
      current = name;
    }
    if (!families.has(name)) families.set(name, { name, help: "", type: "", hasHelp: false, samples: [] });
    return families.get(name);
  };

  if (text.length > 0 && !text.endsWith("\n")) errors.push("text does not end with \\n");
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    if (line === "") return;
    if (line.startsWith("#")) {
      const help = line.startsWith("# HELP ");
      const type = line.startsWith("# TYPE ");
      if (!help && !type) return;
      const rest = line.slice(7);
      const space = rest.indexOf(" ");
      const name = space < 0 ? rest : rest.slice(0, space);
      const arg = space < 0 ? "" : rest.slice(space + 1);
      if (!METRIC_NAME.test(name)) {
        fail(lineNo, `bad metric name in HELP/TYPE: '${name}'`);
        return;
      }
      const f = enter(name, lineNo);
      if (help) {
        if (f.hasHelp) fail(lineNo, `second HELP for ${name}`);
        if (f.type) fail(lineNo, `HELP after TYPE for ${name}`);
        if (f.samples.length) fail(lineNo, `HELP after samples for ${name}`);
        if (/\\(?![\\n])/.test(arg.replace(/\\\\/g, ""))) fail(lineNo, `bad escape in HELP for ${name}`);
        f.help = arg;
        f.hasHelp = true;
      } else {
        if (!TYPES.has(arg)) fail(lineNo, `unknown type '${arg}' for ${name}`);
        if (f.type) fail(lineNo, `second TYPE for ${name}`);
        if (f.samples.length) fail(lineNo, `TYPE after samples for ${name}`);
        f.type = arg;
      }
      return;
    }

    let i = 0;
    while (i < line.length && line[i] !== "{" && line[i] !== " ") i++;
    const name = line.slice(0, i);
    if (!METRIC_NAME.test(name)) {
      fail(lineNo, `bad metric name '${name}'`);
      return;
    }
    let labels = {};
    if (line[i] === "{") {
      const parsed = parseLabels(line, i);
      if (parsed.error) {
        fail(lineNo, parsed.error);
        return;
      }
      labels = parsed.labels;
      i = parsed.next;
    }
    if (line[i] !== " ") {
      fail(lineNo, "expected a space before the value");
      return;
    }
    const fields = line.slice(i + 1).split(" ");
    const value = parseFloatStrict(fields[0]);
    if (value === undefined) {
      fail(lineNo, `bad value '${fields[0]}'`);
      return;
    }
    if (fields.length > 2 || (fields.length === 2 && !/^-?\d+$/.test(fields[1]))) {
      fail(lineNo, `bad timestamp '${fields.slice(1).join(" ")}'`);
    }

    let familyName = name;
    if (current && baseName(name, families.get(current).type) === current) familyName = current;
    const f = enter(familyName, lineNo);
    if (f.type === "histogram") {
      if (name === f.name) fail(lineNo, "histogram sample without suffix");
      if (name === `${f.name}_bucket` && labels.le === undefined) fail(lineNo, "bucket without le");
    } else if (labels.le !== undefined && f.type && f.type !== "untyped") {
      fail(lineNo, "le label outside a histogram");
    }
    if (f.type === "counter" && (Number.isNaN(value) || value < 0)) {
      fail(lineNo, `counter ${name} is negative or NaN`);
    }
    f.samples.push({ name, labels, value });
  });
  for (const f of families.values()) if (f.type === "histogram") checkHistogram(f, errors);

  const value = (sampleName, labels = {}) => {
    const key = labelKey(labels);
    for (const f of families.values()) {
      for (const s of f.samples) if (s.name === sampleName && labelKey(s.labels) === key) return s.value;
    }
    return undefined;
  };
  return { families, errors, value };
}

/** Every sample name a parsed exposition contains (histograms: _bucket, _sum, _count too). */
export function exposedNames(parsed) {
  const names = new Set();
  for (const f of parsed.families.values()) {
    names.add(f.name);
    for (const s of f.samples) names.add(s.name);
  }
  return names;
}
