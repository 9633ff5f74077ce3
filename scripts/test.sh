#!/usr/bin/env bash
# Runs every test suite: unit (ctest; the store suite on SQLite and on a throwaway
# PostgreSQL from scripts/start-test-services.sh), API black-box (node), browser (Playwright), the
# web app's unit tests (Vitest), and unit + API again under ASan/UBSan
# (JOURNEYMAN_SKIP_SANITIZE=1 skips that pass for a quicker local run).
# Each suite runs even if an earlier one failed; the last line sums them up as
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/test-output"
mkdir -p "$out"

scripts/install-deps.sh --test || exit 1
cmake --preset release >/dev/null && cmake --build --preset release || { echo "0 passed, 1 failed"; exit 1; }
scripts/build-web.sh || { echo "0 passed, 1 failed"; exit 1; }

# A throwaway PostgreSQL cluster, so the store suite and the API tests also run on
# PostgreSQL (JOURNEYMAN_TEST_PG_URL), and a throwaway Redis (JOURNEYMAN_TEST_REDIS_URL).
# Stopped on exit, whatever happened.
pg_env=$(scripts/start-test-services.sh) || { echo "0 passed, 1 failed"; exit 1; }
eval "$pg_env"
trap 'scripts/stop-test-services.sh "$JOURNEYMAN_TEST_PG_DIR"' EXIT
echo "PostgreSQL for tests: $JOURNEYMAN_TEST_PG_URL"
echo "Redis for tests: ${JOURNEYMAN_TEST_REDIS_URL:-none (redis-server missing: Redis tests skip)}"

total_pass=0
total_fail=0
failed_suites=()

# Adds a suite's counts; $1 name, $2 log file, $3 exit code.
tally() {
  local name=$1 log=$2 rc=$3 pass=0 fail=0
  if grep -qE "tests passed, [0-9]+ tests failed out of" "$log"; then
    local line
    line=$(grep -E "tests passed, [0-9]+ tests failed out of" "$log" | tail -1)
    fail=$(sed -E 's/.* ([0-9]+) tests failed out of ([0-9]+).*/\1/' <<<"$line")
    pass=$(($(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line") - fail))
  elif grep -qE "^ *Tests +.*\(" "$log"; then  # vitest: " Tests  1 failed | 4 passed (5)"
    local line
    line=$(grep -E "^ *Tests +.*\(" "$log" | tail -1)
    pass=$(grep -oE "[0-9]+ passed" <<<"$line" | grep -oE "[0-9]+" || echo 0)
    fail=$(grep -oE "[0-9]+ failed" <<<"$line" | grep -oE "[0-9]+" || echo 0)
  else
    pass=$(grep -E "^(# |ℹ )pass [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+$" || echo 0)
    fail=$(grep -E "^(# |ℹ )fail [0-9]+" "$log" | tail -1 | grep -oE "[0-9]+$" || echo 0)
  fi
  # A suite that crashed before reporting still counts as a failure.
  if [[ $rc -ne 0 && $fail -eq 0 ]]; then fail=1; fi
  total_pass=$((total_pass + pass))
  total_fail=$((total_fail + fail))
  [[ $rc -ne 0 ]] && failed_suites+=("$name")
  echo "== $name: $pass passed, $fail failed"
}

run_suite() {
  local name=$1
  shift
  echo "== $name"
  local log="$out/$name.log"
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then echo "== $name: stopped by the time limit" | tee -a "$log"; fi
  tally "$name" "$log" "$rc"
}

# A node suite that hangs (a test that never settles, a runner that does not exit) fails
# after this long instead of holding CI until its own limit (the API suite takes ~1.5 min,
# ~4 min under ASan; the browser suite ~2 min).
suite_limit=(timeout --kill-after=30 1200)

run_suite unit ctest --preset release --parallel 2
(cd tests/api && [[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error) >/dev/null
run_suite api "${suite_limit[@]}" node --test --test-reporter=spec tests/api/
if [[ -d tests/e2e ]]; then
  (cd tests/e2e && [[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error) >/dev/null
  run_suite e2e "${suite_limit[@]}" node --test --test-reporter=spec --test-concurrency=1 \
    --test-timeout=300000 tests/e2e/
fi
# The same unit and API suites once more on an ASan + UBSan build: memory errors,
# undefined behaviour and leaks fail the run (the API harness demands exit code 0).
if [[ -z "${JOURNEYMAN_SKIP_SANITIZE:-}" ]]; then
  export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
  if cmake --preset sanitize >/dev/null && cmake --build --preset sanitize; then
    run_suite unit-sanitize ctest --preset sanitize --parallel 2
    run_suite api-sanitize "${suite_limit[@]}" env JOURNEYMAN_BIN="$root/build-sanitize/journeyman" \
      node --test --test-reporter=spec tests/api/
  else
    tally sanitize-build /dev/null 1
  fi
fi
if [[ -f web/package.json ]]; then
  run_suite web env NO_COLOR=1 FORCE_COLOR=0 bash -c "cd web && npx vitest run"
fi

echo
if ((${#failed_suites[@]})); then echo "failed suites: ${failed_suites[*]}"; fi
echo "$total_pass passed, $total_fail failed"
[[ $total_fail -eq 0 && ${#failed_suites[@]} -eq 0 ]]
