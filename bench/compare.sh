#!/usr/bin/env bash
# Same-session comparison of two server binaries: bench/run.sh for one, then the other, PAIRS
# times (in ABBA order, so a drift in the machine's load favours neither), then the median of
# each side per case and in how many pairs the current binary served more. Five-second runs on
# this shared machine swing by ±30 %: one before/after pair proves little, five usually do.
#
#   bench/compare.sh BASELINE_BIN           # against build/journeyman (or $JOURNEYMAN_BIN)
#   PAIRS=3 CASES="post leaderboard" DURATION=5 bench/compare.sh /tmp/base/build/journeyman
#
# Env: PAIRS (default 5), CASES (default "post": the SQLite and PostgreSQL writes),
#      DURATION (s per run, default 8), PG / PG_URL as for bench/run.sh (one throwaway
#      PostgreSQL cluster serves every run). Each run's full report is kept in OUT (default a
#      new directory under /tmp), printed at the end.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "compare: $*" >&2; exit 1; }
[[ $# -eq 1 ]] || die "usage: bench/compare.sh BASELINE_BIN (see the header of this file)"
BASELINE=$(realpath "$1")
CURRENT=$(realpath "${JOURNEYMAN_BIN:-$REPO/build/journeyman}")
[[ -x "$BASELINE" ]] || die "$BASELINE is not an executable"
[[ -x "$CURRENT" ]] || die "$CURRENT is missing: build the server first"
PAIRS="${PAIRS:-5}"
export CASES="${CASES:-post}" DURATION="${DURATION:-8}" REPEAT=1
OUT="${OUT:-$(mktemp -d "${TMPDIR:-/tmp}/journeyman-compare.XXXXXX")}"
mkdir -p "$OUT"

CLUSTER=""
cleanup() { if [[ -n "$CLUSTER" ]]; then "$REPO/scripts/stop-test-services.sh" "$CLUSTER" || true; fi; }
trap cleanup EXIT
if [[ "${PG:-}" != 0 && -z "${PG_URL:-}" && -x /usr/lib/postgresql/15/bin/initdb ]]; then
  env=$("$REPO/scripts/start-test-services.sh") || die "could not start the PostgreSQL test cluster"
  PG_URL=$(sed -n "s/^export JOURNEYMAN_TEST_PG_URL='\(.*\)'$/\1/p" <<<"$env")
  CLUSTER=$(sed -n "s/^export JOURNEYMAN_TEST_PG_DIR='\(.*\)'$/\1/p" <<<"$env")
  export PG_URL PG_DATA_DIR="$CLUSTER/data"
fi

for i in $(seq "$PAIRS"); do
  order=(baseline current)
  if (( i % 2 == 0 )); then order=(current baseline); fi
  for side in "${order[@]}"; do
    bin=$BASELINE
    [[ $side == current ]] && bin=$CURRENT
    echo "compare: pair $i/$PAIRS, $side" >&2
    JOURNEYMAN_BIN="$bin" "$REPO/bench/run.sh" >"$OUT/$side-$i.md" 2>"$OUT/$side-$i.err" ||
      die "bench/run.sh failed for $side (pair $i): see $OUT/$side-$i.err"
  done
done

python3 - "$OUT" "$PAIRS" "$BASELINE" "$CURRENT" <<'PY'
import re, statistics, sys
out, pairs, baseline, current = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
num = lambda s: float(re.sub(r"[^0-9.]", "", s) or 0)

def rows(path):
    """Table rows of a run.sh report: label → (req/s, p99, server CPU/request, PostgreSQL
    CPU/request or None)."""
    found = {}
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 6 and re.fullmatch(r"[0-9,.]+", cells[1]) and cells[5].endswith("µs"):
            db = num(cells[6]) if len(cells) > 6 and cells[6].endswith("µs") else None
            found[cells[0]] = (num(cells[1]), num(cells[3]), num(cells[5]), db)
    return found

runs = {side: [rows(f"{out}/{side}-{i}.md") for i in range(1, pairs + 1)]
        for side in ("baseline", "current")}
print(f"baseline: {baseline}\ncurrent:  {current}\n{pairs} pairs, medians; reports in {out}\n")
print("| case | req/s baseline | req/s current | current ahead | p99 baseline | p99 current"
      " | CPU/request baseline | CPU/request current | PostgreSQL CPU/request baseline"
      " | PostgreSQL CPU/request current |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for label in runs["baseline"][0]:
    if not all(label in r for side in runs.values() for r in side):
        continue
    b = [r[label] for r in runs["baseline"]]
    c = [r[label] for r in runs["current"]]
    med = lambda xs, k: statistics.median(x[k] for x in xs)
    db = lambda xs: f"{med(xs, 3):.1f} µs" if all(x[3] is not None for x in xs) else "–"
    ahead = sum(1 for x, y in zip(b, c) if y[0] > x[0])
    print(f"| {label} | {med(b, 0):,.0f} | {med(c, 0):,.0f} | {ahead} of {pairs} | {med(b, 1):.2f} ms"
          f" | {med(c, 1):.2f} ms | {med(b, 2):.1f} µs | {med(c, 2):.1f} µs | {db(b)} | {db(c)} |")
PY
