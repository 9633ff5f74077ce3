# PostgreSQL cases of bench/run.sh (PG=1), sourced after the SQLite cases; uses run.sh's
# helpers (start_server, stop_server, run_wrk, row, col, sum_col, fmt_rps, fmt_ms, mb, die).
#   PG=1 bench/run.sh                          # a throwaway cluster: scripts/start-test-services.sh
#                                              # (fsync and synchronous_commit on)
#   PG=1 PG_URL=postgres://u@h:p/db bench/run.sh   # an existing server; a database is created
#                                                  # for the run and dropped after it
# Cases: POST /api/game-data (durable: acknowledged after COMMIT; CASES "post") and
# GET /api/v1/leaderboard (a read through the pool; CASES "leaderboard"), each REPEAT times,
# medians reported like the SQLite cases. Then, with "leaderboard", the cached board three
# ways: one instance directly, one instance behind an nginx proxy, and two instances (same
# database) behind it (least_conn, upstream keepalive), with the CPU per request of every
# serving process (instances + proxy): the scale-out check.

PG_BENCH_CLUSTER=""
PG_BENCH_ADMIN_URL=""
PG_BENCH_DB=""
SECOND_PID=""
PROXY_PID=""

# The cluster's data directory when it runs on this machine: the throwaway cluster, or
# PG_DATA_DIR next to PG_URL. Its CPU per request is then reported beside the server's.
PG_BENCH_DATA=""
# CPU ticks of that cluster so far: the postmaster, its live children, and the children it
# has reaped (connections replaced during a run).
pg_cluster_ticks() {
  local pm t p
  pm=$(head -1 "$PG_BENCH_DATA/postmaster.pid")
  t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat")
  for p in $(pgrep -P "$pm"); do
    t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$t"
}

pg_bench_cleanup() {
  if [[ -n "$PROXY_PID" ]]; then
    kill -QUIT "$PROXY_PID" 2>/dev/null && wait "$PROXY_PID" 2>/dev/null || true
    PROXY_PID=""
  fi
  if [[ -n "$SECOND_PID" ]]; then
    kill -TERM "$SECOND_PID" 2>/dev/null && wait "$SECOND_PID" 2>/dev/null || true
    SECOND_PID=""
  fi
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
  if [[ -n "$PG_BENCH_CLUSTER" ]]; then
    PG_BENCH_DATA="$PG_BENCH_CLUSTER/data"
  elif [[ -r "${PG_DATA_DIR:-}/postmaster.pid" ]]; then
    PG_BENCH_DATA=$PG_DATA_DIR
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
  has_case post &&
    wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s -s "$LUA" "$post_url" -- "pgwarm$RUN_ID" >/dev/null 2>&1
  has_case leaderboard && wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s "$read_url" >/dev/null 2>&1
  # Statistics as autovacuum leaves them after its first round (autovacuum_naptime, 1 min):
  # without them, plans made while the new tables were empty would scan tables that grow by
  # tens of thousands of rows during the run; no running deployment is in that state.
  psql -X -q -d "$url" -c "ANALYZE" >/dev/null || die "ANALYZE failed"
  echo "bench: PostgreSQL (synchronous_commit=$sync), REPEAT=$REPEAT" >&2
  if [[ -n "$PG_BENCH_DATA" ]]; then DB_TICKS=pg_cluster_ticks; fi
  for r in $(seq "$REPEAT"); do
    if has_case post; then run_wrk pg_post "$post_url" "$LUA" "pg$r$RUN_ID"; fi
    if has_case leaderboard; then run_wrk pg_read "$read_url"; fi
  done
  DB_TICKS=""
  local peak_kb
  peak_kb=$(proc_kb "$SERVER_PID" VmHWM)
  if has_case leaderboard; then pg_cluster_bench "$read_url"; fi
  stop_server
  local games
  games=$(psql -X -A -t -d "$url" -c "SELECT count(*) FROM games")
  pg_bench_cleanup

  echo
  echo "PostgreSQL 15 on loopback (synchronous_commit=$sync); same wrk settings"
  echo
  echo "| endpoint | req/s | p50 | p99 | non-2xx | CPU/request | PostgreSQL CPU/request | server RSS |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  local db_post="–" db_read="–"
  if has_case post; then
    [[ -n "$PG_BENCH_DATA" ]] && db_post="$(col pg_post 7) µs"
    row "POST /api/game-data on PostgreSQL (durable)" pg_post "$db_post | peak $(mb "$peak_kb")"
  fi
  if has_case leaderboard; then
    [[ -n "$PG_BENCH_DATA" ]] && db_read="$(col pg_read 7) µs"
    row "GET /api/v1/leaderboard on PostgreSQL" pg_read "$db_read | peak $(mb "$peak_kb")"
  fi
  echo
  has_case post &&
    echo "- POST /api/game-data on PostgreSQL: $(fmt_rps "$(col pg_post 1)") req/s (target ≥ 10,000), p99 $(fmt_ms "$(col pg_post 3)") (target ≤ 20 ms), non-2xx $(sum_col pg_post 4) (target 0)"
  echo "- games stored by the PostgreSQL run: $games"
  has_case leaderboard || return 0
  echo
  echo "Cached GET /api/v1/leaderboard, one vs two instances (same database); CPU/request counts"
  echo "every serving process (instances and the proxy's nginx), not wrk"
  echo
  echo "| setup | req/s | p50 | p99 | non-2xx | CPU/request |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  local key label
  for key in cl_direct cl_one cl_two; do
    case $key in
      cl_direct) label="one instance, direct" ;;
      cl_one) label="one instance behind nginx" ;;
      cl_two) label="two instances behind nginx" ;;
    esac
    printf '| %s | %s | %s | %s | %s | %s µs |\n' "$label" "$(fmt_rps "$(col "$key" 1)")" \
      "$(fmt_ms "$(col "$key" 2)")" "$(fmt_ms "$(col "$key" 3)")" "$(sum_col "$key" 4)" "$(col "$key" 6)"
  done
  echo
  echo "- two instances ÷ one instance behind the same proxy: **$(awk -v a="$(col cl_two 1)" -v b="$(col cl_one 1)" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')** (target ≥ 1.5 where the cores allow it; see docs/performance.md)"
}

# pg_cluster_bench READ_URL: starts a second instance on the same database and an nginx proxy
# in front of one and of both; the first instance is the running server.
pg_cluster_bench() {
  local read_path=${1#http://127.0.0.1:$SERVER_PORT}
  local first_pid=$SERVER_PID first_port=$SERVER_PORT first_log=$SERVER_LOG
  SERVER_LOG="$TMP/server-second.log"
  start_server
  SECOND_PID=$SERVER_PID
  local second_port=$SERVER_PORT
  SERVER_PID=$first_pid SERVER_PORT=$first_port SERVER_LOG=$first_log

  local one_port two_port
  one_port=$(free_port)
  two_port=$(free_port)
  mkdir -p "$TMP/proxy/temp"
  cat >"$TMP/proxy/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $TMP/proxy/nginx.pid;
error_log $TMP/proxy/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  client_body_temp_path $TMP/proxy/temp/body;
  proxy_temp_path $TMP/proxy/temp/proxy;
  fastcgi_temp_path $TMP/proxy/temp/fastcgi;
  uwsgi_temp_path $TMP/proxy/temp/uwsgi;
  scgi_temp_path $TMP/proxy/temp/scgi;
  upstream one { server 127.0.0.1:$first_port; keepalive 64; }
  upstream two { least_conn; server 127.0.0.1:$first_port; server 127.0.0.1:$second_port; keepalive 64; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  server { listen 127.0.0.1:$one_port; location / { proxy_pass http://one; } }
  server { listen 127.0.0.1:$two_port; location / { proxy_pass http://two; } }
}
EOF
  "$NGINX" -c "$TMP/proxy/nginx.conf" -p "$TMP/proxy" >"$TMP/proxy/nginx.out" 2>&1 &
  PROXY_PID=$!
  local url_direct="http://127.0.0.1:$first_port$read_path"
  local url_one="http://127.0.0.1:$one_port$read_path" url_two="http://127.0.0.1:$two_port$read_path"
  for _ in $(seq 100); do
    curl -fs -o /dev/null --max-time 1 "$url_two" && break
    sleep 0.05
  done
  curl -fs -o /dev/null "$url_one" && curl -fs -o /dev/null "$url_two" ||
    { cat "$TMP/proxy/error.log" "$TMP/proxy/nginx.out" >&2; die "the nginx proxy did not start"; }
  local proxy_pids
  proxy_pids="$PROXY_PID $(pgrep -P "$PROXY_PID" | tr '\n' ' ')"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s "$url_two" >/dev/null 2>&1
  echo "bench: cached board, one vs two instances behind nginx, REPEAT=$REPEAT" >&2
  for _ in $(seq "$REPEAT"); do
    CPU_PIDS="$first_pid" run_wrk cl_direct "$url_direct"
    CPU_PIDS="$first_pid $proxy_pids" run_wrk cl_one "$url_one"
    CPU_PIDS="$first_pid $SECOND_PID $proxy_pids" run_wrk cl_two "$url_two"
  done
  kill -QUIT "$PROXY_PID" && wait "$PROXY_PID" 2>/dev/null || true
  PROXY_PID=""
  kill -TERM "$SECOND_PID"
  local rc=0
  wait "$SECOND_PID" || rc=$?
  SECOND_PID=""
  (( rc == 0 )) || die "the second instance exited with $rc after SIGTERM"
}
