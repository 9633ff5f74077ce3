# PostgreSQL cases of bench/run.sh (PG=1), sourced after the SQLite cases; uses run.sh's
# helpers (start_server, stop_server, run_wrk, row, col, sum_col, fmt_rps, fmt_ms, mb, die).
#   PG=1 bench/run.sh                          # a throwaway cluster: scripts/start-test-services.sh
#                                              # (fsync and synchronous_commit on)
#   PG=1 PG_URL=postgres://u@h:p/db bench/run.sh   # an existing server; a database is created
#                                                  # for the run and dropped after it
# Cases: POST /api/game-data (durable: acknowledged after COMMIT) and GET /api/v1/leaderboard
# (a read through the pool), each REPEAT times, medians reported like the SQLite cases.

PG_BENCH_CLUSTER=""
PG_BENCH_ADMIN_URL=""
PG_BENCH_DB=""

pg_bench_cleanup() {
  if [[ -n "$PG_BENCH_DB" ]]; then
    psql -X -q -d "$PG_BENCH_ADMIN_URL" -c "DROP DATABASE IF EXISTS $PG_BENCH_DB WITH (FORCE)" >/dev/null 2>&1 || true
    PG_BENCH_DB=""
  fi
  if [[ -n "$PG_BENCH_CLUSTER" ]]; then
    "$REPO/scripts/stop-test-services.sh" "$PG_BENCH_CLUSTER" || true
    PG_BENCH_CLUSTER=""
  fi
}

pg_bench() {
  command -v psql >/dev/null || die "psql not found (apt-get install postgresql-client)"
  trap 'pg_bench_cleanup; cleanup' EXIT
  if [[ -n "${PG_URL:-}" ]]; then
    PG_BENCH_ADMIN_URL=$PG_URL
  else
    local env
    env=$("$REPO/scripts/start-test-services.sh") || die "could not start the PostgreSQL test cluster"
    PG_BENCH_ADMIN_URL=$(sed -n "s/^export JOURNEYMAN_TEST_PG_URL='\(.*\)'$/\1/p" <<<"$env")
    PG_BENCH_CLUSTER=$(sed -n "s/^export JOURNEYMAN_TEST_PG_DIR='\(.*\)'$/\1/p" <<<"$env")
  fi
  PG_BENCH_DB="jm_bench_$$"
  psql -X -q -d "$PG_BENCH_ADMIN_URL" -c "CREATE DATABASE $PG_BENCH_DB" >/dev/null || die "CREATE DATABASE failed"
  local url sync
  url=$(sed -E "s#/[^/?]*(\?|$)#/$PG_BENCH_DB\1#" <<<"$PG_BENCH_ADMIN_URL")
  sync=$(psql -X -A -t -d "$url" -c "SHOW synchronous_commit")

  SERVER_ARGS=(serve --port 0 --host 127.0.0.1 --database-url "$url" --log-format json --access-log off
               --rate-limits off --web-root "$TMP/no-web-root")
  if [[ -n "${SERVER_THREADS:-}" ]]; then SERVER_ARGS+=(--threads "$SERVER_THREADS"); fi
  start_server # migrates and seeds the new database
  local post_url="http://127.0.0.1:$SERVER_PORT/api/game-data"
  local read_url="http://127.0.0.1:$SERVER_PORT/api/v1/leaderboard"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s -s "$LUA" "$post_url" -- "pgwarm$RUN_ID" >/dev/null 2>&1
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s "$read_url" >/dev/null 2>&1
  echo "bench: PostgreSQL (synchronous_commit=$sync), REPEAT=$REPEAT" >&2
  for r in $(seq "$REPEAT"); do
    run_wrk pg_post "$post_url" "$LUA" "pg$r$RUN_ID"
    run_wrk pg_read "$read_url"
  done
  local peak_kb
  peak_kb=$(proc_kb "$SERVER_PID" VmHWM)
  stop_server
  local games
  games=$(psql -X -A -t -d "$url" -c "SELECT count(*) FROM games")
  pg_bench_cleanup

  echo
  echo "PostgreSQL 15 on loopback (synchronous_commit=$sync); same wrk settings"
  echo
  echo "| endpoint | req/s | p50 | p99 | non-2xx | server RSS |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  row "POST /api/game-data on PostgreSQL (durable)" pg_post "peak $(mb "$peak_kb")"
  row "GET /api/v1/leaderboard on PostgreSQL" pg_read "peak $(mb "$peak_kb")"
  echo
  echo "- POST /api/game-data on PostgreSQL: $(fmt_rps "$(col pg_post 1)") req/s (target ≥ 10,000), p99 $(fmt_ms "$(col pg_post 3)") (target ≤ 20 ms), non-2xx $(sum_col pg_post 4) (target 0)"
  echo "- games stored by the PostgreSQL run: $games"
}
