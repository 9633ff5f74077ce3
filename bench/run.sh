#!/usr/bin/env bash
# Benchmark (issue 2 §7, issue 5 §7): wrk on loopback against an nginx static-JSON baseline,
# GET /health, the cached GET /api/v1/leaderboard (200 and 304 on If-None-Match) and
# POST /api/game-data (durable writes, unique sessionIds), plus server RSS and start-up time.
# Builds nothing: expects build/journeyman (or $JOURNEYMAN_BIN).
#
#   bench/run.sh                  # one run per case, 10 s each
#   REPEAT=3 DURATION=10 bench/run.sh   # three runs per case, medians reported
#   WS_FANOUT=1 bench/run.sh      # also the WebSocket fan-out case (bench/ws_fanout.mjs)
#   CASES="nginx leaderboard" bench/run.sh   # only some cases (nginx is always kept)
#   PG=0 bench/run.sh             # without the PostgreSQL cases (bench/pg_cases.sh), which
#                                 # run by default when PostgreSQL 15 is installed
#
# Env: DURATION (s, default 10), REPEAT (default 1), THREADS/CONNECTIONS (wrk, default 2/64),
#      SERVER_THREADS (journeyman --threads, default: its own default), JOURNEYMAN_BIN, NGINX,
#      WS_FANOUT (set: run the fan-out case; CLIENTS/RUNS tune it, default 1000/5),
#      CASES (default "nginx health leaderboard leaderboard304 post").
#      PG (0/1; default: 1 when PostgreSQL 15 is installed): PostgreSQL cases, incl. one and
#      two instances behind an nginx proxy; PG_URL: an existing server, not a throwaway cluster
#      (PG_DATA_DIR: its data directory, if it runs on this machine, for its CPU per request).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN="${JOURNEYMAN_BIN:-$REPO/build/journeyman}"
NGINX="${NGINX:-/usr/sbin/nginx}"
DURATION="${DURATION:-10}"
REPEAT="${REPEAT:-1}"
WRK_THREADS="${THREADS:-2}"
WRK_CONNECTIONS="${CONNECTIONS:-64}"
LUA="$REPO/bench/post_game.lua"
CASES=" ${CASES:-nginx health leaderboard leaderboard304 post} nginx "
has_case() { [[ "$CASES" == *" $1 "* ]]; }
cd "$REPO" # the server reads its NFL data from data/ relative to the working directory

die() { echo "bench: $*" >&2; exit 1; }
[[ -x "$BIN" ]] || die "$BIN is missing: build the server first (cmake --preset release && cmake --build build)"
[[ -x "$NGINX" ]] || die "nginx not found at $NGINX (apt-get install nginx-light)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/journeyman-bench.XXXXXX")"
SERVER_PID=""
NGINX_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill -QUIT "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { date +%s%3N; }
now_us() { date +%s%6N; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# --- journeyman -------------------------------------------------------------------------------
DB="$TMP/bench.db"
SERVER_LOG="$TMP/server.log"
# Rate limits off: wrk sends everything from one address, and the limiter is not what is measured.
SERVER_ARGS=(serve --port 0 --host 127.0.0.1 --db "$DB" --log-format json --access-log off
             --rate-limits off --web-root "$TMP/no-web-root")
if [[ -n "${SERVER_THREADS:-}" ]]; then SERVER_ARGS+=(--threads "$SERVER_THREADS"); fi

# Starts the server in the background; sets SERVER_PID and SERVER_PORT.
start_server() {
  : >"$SERVER_LOG"
  local port="" deadline
  "$BIN" "${SERVER_ARGS[@]}" >>"$SERVER_LOG" 2>&1 &
  SERVER_PID=$!
  deadline=$(( $(now_ms) + 30000 ))
  while [[ -z "$port" ]]; do
    port=$(grep -m1 -o '"event":"listening"[^}]*' "$SERVER_LOG" 2>/dev/null | grep -o '"port":[0-9]*' | head -1 | cut -d: -f2 || true)
    if [[ -z "$port" ]]; then
      port=$(grep -m1 '"listening"' "$SERVER_LOG" 2>/dev/null | grep -o '"port":[0-9]*' | head -1 | cut -d: -f2 || true)
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; die "journeyman exited at start"; }
    (( $(now_ms) < deadline )) || die "no listening line within 30 s"
    [[ -n "$port" ]] || sleep 0.002
  done
  until curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/ready"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SERVER_LOG" >&2; die "journeyman exited at start"; }
    (( $(now_ms) < deadline )) || die "/ready not 200 within 30 s"
    sleep 0.002
  done
  SERVER_PORT=$port
}

stop_server() {
  kill -TERM "$SERVER_PID"
  local rc=0
  wait "$SERVER_PID" || rc=$?
  SERVER_PID=""
  (( rc == 0 )) || die "journeyman exited with $rc after SIGTERM"
}

proc_kb() { awk -v k="$2:" '$1==k {print $2}' "/proc/$1/status"; }
mb() { awk -v kb="$1" 'BEGIN {printf "%.1f MB", kb/1024}'; }

median() { # numbers on stdin → median
  sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "n/a"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'
}

# --- nginx baseline ---------------------------------------------------------------------------
NGINX_PORT=$(free_port)
mkdir -p "$TMP/www" "$TMP/nginx-temp"
chmod 755 "$TMP" "$TMP/www" # nginx workers run as nobody when started by root
printf '{"status":"healthy","timestamp":"2026-01-01T00:00:00.000Z","version":"0.1.0","uptimeSeconds":1,"database":"connected"}' \
  >"$TMP/www/health.json"
chmod 644 "$TMP/www/health.json"
cat >"$TMP/nginx.conf" <<EOF
worker_processes 2;
daemon off;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_timeout 65;
  keepalive_requests 100000000;
  client_body_temp_path $TMP/nginx-temp/body;
  proxy_temp_path $TMP/nginx-temp/proxy;
  fastcgi_temp_path $TMP/nginx-temp/fastcgi;
  uwsgi_temp_path $TMP/nginx-temp/uwsgi;
  scgi_temp_path $TMP/nginx-temp/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location = /health.json { root $TMP/www; default_type application/json; }
  }
}
EOF
"$NGINX" -c "$TMP/nginx.conf" -p "$TMP" >"$TMP/nginx.out" 2>&1 &
NGINX_PID=$!
for _ in $(seq 100); do
  curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$NGINX_PORT/health.json" && break
  sleep 0.05
done
curl -fs -o /dev/null "http://127.0.0.1:$NGINX_PORT/health.json" || { cat "$TMP/nginx-error.log" "$TMP/nginx.out" >&2; die "nginx did not start"; }

# --- start-up time on an existing database ----------------------------------------------------
# measure_startup: exec → first GET /ready 200, measured in-process (no fork per poll), then
# SIGTERM and a check of the exit code. Prints the milliseconds.
measure_startup() {
  python3 - "$BIN" "$SERVER_LOG" "${SERVER_ARGS[@]}" <<'PY'
import json, os, signal, socket, subprocess, sys, time
binary, log, args = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(log, "wb") as out:
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary] + args, stdout=out, stderr=subprocess.STDOUT)
    port, deadline = None, t0 + 30
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            sys.exit(f"journeyman exited with {proc.returncode} at start")
        if port is None:
            with open(log, "rb") as f:
                for line in f:
                    try:
                        entry = json.loads(line)
                    except ValueError:
                        continue
                    if entry.get("event") == "listening":
                        port = int(entry["port"])
        if port is not None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                    s.sendall(b"GET /ready HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    if s.recv(64).startswith(b"HTTP/1.1 200"):
                        break
            except OSError:
                pass
        time.sleep(0.0005)
    else:
        proc.kill()
        sys.exit("journeyman not ready within 30 s")
    ms = (time.perf_counter() - t0) * 1000
    proc.send_signal(signal.SIGTERM)
    if proc.wait(timeout=30) != 0:
        sys.exit(f"journeyman exited with {proc.returncode} after SIGTERM")
    print(f"{ms:.0f}")
PY
}
FIRST_START_MS=$(measure_startup) || die "start-up measurement failed" # creates, migrates, seeds
STARTUPS=()
for _ in $(seq "$(( REPEAT > 3 ? REPEAT : 3 ))"); do
  STARTUPS+=("$(measure_startup)") || die "start-up measurement failed"
done
STARTUP_MEDIAN=$(printf '%s\n' "${STARTUPS[@]}" | median)

# The server under load: started on the same (existing) database.
start_server
sleep 1
IDLE_RSS_KB=$(proc_kb "$SERVER_PID" VmRSS)

# --- wrk ----------------------------------------------------------------------------------------
to_ms() { # wrk latency (e.g. 812.00us, 1.23ms, 2.01s) → ms
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.3f", n }'
}

# CPU time (user + system, in clock ticks) the serving processes used so far: nginx's master
# and workers for the nginx case, the server otherwise. Divided by the requests a run served,
# it gives CPU per request, which a busy machine distorts much less than req/s.
CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() {
  local label=$1 pids total=0 p
  if [[ -n "${CPU_PIDS:-}" ]]; then
    pids=$CPU_PIDS # set by a case that serves from several processes (bench/pg_cases.sh)
  elif [[ "$label" == nginx ]]; then
    pids="$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')"
  else
    pids=$SERVER_PID
  fi
  for p in $pids; do
    total=$(( total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}

# run_wrk LABEL URL [LUA_SCRIPT LUA_ARG [WRK OPTIONS…]] → appends
# "rps p50 p99 non2xx sockerr cpu_us_per_request db_cpu_us_per_request" to $TMP/LABEL.runs
# (the database's CPU when DB_TICKS names a function that prints its ticks, else 0)
run_wrk() {
  local label=$1 url=$2 script=${3:-} arg=${4:-}
  shift $(( $# < 4 ? $# : 4 )) # the rest: extra wrk options (e.g. -H "If-None-Match: …")
  local out="$TMP/wrk-$label-$RANDOM.txt"
  local cmd=(wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d"${DURATION}s" --latency "$@")
  if [[ -n "$script" ]]; then cmd+=(-s "$script" "$url" -- "$arg"); else cmd+=("$url"); fi
  local cpu0 cpu1 db0=0 db1=0
  cpu0=$(cpu_ticks "$label")
  if [[ -n "${DB_TICKS:-}" ]]; then db0=$("$DB_TICKS"); fi
  "${cmd[@]}" >"$out" 2>&1 || {
    cat "$out" >&2
    die "wrk failed for $label"
  }
  cpu1=$(cpu_ticks "$label")
  if [[ -n "${DB_TICKS:-}" ]]; then db1=$("$DB_TICKS"); fi
  local rps p50 p99 non2xx sockerr requests cpu_us
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  p50=$(to_ms "$(awk '$1=="50%" {print $2}' "$out")")
  p99=$(to_ms "$(awk '$1=="99%" {print $2}' "$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$out")
  sockerr=$(awk '/Socket errors:/ {gsub(/,/, ""); print $4+$6+$8+$10}' "$out")
  requests=$(awk '/requests in/ {print $1}' "$out")
  per_request() { awk -v t="$1" -v hz="$CLK_TCK" -v n="${requests:-0}" \
    'BEGIN {printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0)}'; }
  cpu_us=$(per_request $(( cpu1 - cpu0 )))
  db_us=$(per_request $(( db1 - db0 )))
  echo "${rps:-0} ${p50:-0} ${p99:-0} ${non2xx:-0} ${sockerr:-0} $cpu_us $db_us" >>"$TMP/$label.runs"
  if [[ -n "${BENCH_VERBOSE:-}" ]]; then cat "$out" >&2; fi
  echo "  $label: $rps req/s, p50 ${p50} ms, p99 ${p99} ms, non-2xx ${non2xx:-0}, socket errors ${sockerr:-0}, server CPU ${cpu_us} µs/request" >&2
}

HEALTH_URL="http://127.0.0.1:$SERVER_PORT/health"
BOARD_URL="http://127.0.0.1:$SERVER_PORT/api/v1/leaderboard"
POST_URL="http://127.0.0.1:$SERVER_PORT/api/game-data"
NGINX_URL="http://127.0.0.1:$NGINX_PORT/health.json"
RUN_ID="$(date +%s)$$"

# A realistic board: twelve players with a finished one-round game each (the default board
# shows ten), so the cached body is ~1 KB like production's, not an empty list.
python3 - "$SERVER_PORT" <<'PY' || die "could not seed the leaderboard"
import http.client, json, sys
port = int(sys.argv[1])
def call(method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request(method, path, json.dumps(body) if body is not None else None,
              {"Content-Type": "application/json"} if body is not None else {})
    r = c.getresponse(); data = r.read(); c.close()
    if r.status >= 300: sys.exit(f"{method} {path}: {r.status} {data[:200]!r}")
    return json.loads(data)
for i in range(12):
    name = "Bench Player " + "ABCDEFGHIJKL"[i]
    g = call("POST", "/api/v1/games", {"mode": "easy", "rounds": 1, "consent": True,
             "player": {"name": name, "email": f"bench{i}@example.com"}})["game"]["gameId"]
    call("POST", f"/api/v1/games/{g}/give-up"); call("POST", f"/api/v1/games/{g}/finish")
PY
BOARD_ETAG=$(curl -fsS -D - -o "$TMP/board.json" "$BOARD_URL" | awk -F': ' 'tolower($1)=="etag" {print $2}' | tr -d '\r')
BOARD_BYTES=$(wc -c <"$TMP/board.json")
if has_case leaderboard304; then # (a binary without the cache can still run the other cases)
  [[ -n "$BOARD_ETAG" ]] || die "GET /api/v1/leaderboard has no ETag"
  [[ "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $BOARD_ETAG" "$BOARD_URL")" == 304 ]] ||
    die "If-None-Match with the board's ETag did not answer 304"
fi

# Warm-up (not measured): connections, page cache, first WAL pages.
wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s "$NGINX_URL" >/dev/null 2>&1
has_case health && wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s "$HEALTH_URL" >/dev/null 2>&1
has_case leaderboard && wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s "$BOARD_URL" >/dev/null 2>&1
has_case post && wrk -t"$WRK_THREADS" -c"$WRK_CONNECTIONS" -d2s -s "$LUA" "$POST_URL" -- "warm$RUN_ID" >/dev/null 2>&1

declare -A RSS_AFTER
echo "bench: wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s --latency, REPEAT=$REPEAT" >&2
for r in $(seq "$REPEAT"); do
  # Interleave the cases so that machine noise hits them alike.
  run_wrk nginx "$NGINX_URL"
  if has_case health; then
    run_wrk health "$HEALTH_URL"
    RSS_AFTER[health]=$(proc_kb "$SERVER_PID" VmHWM)
  fi
  if has_case leaderboard; then
    run_wrk leaderboard "$BOARD_URL"
    RSS_AFTER[leaderboard]=$(proc_kb "$SERVER_PID" VmHWM)
  fi
  if has_case leaderboard304; then
    run_wrk leaderboard304 "$BOARD_URL" "" "" -H "If-None-Match: $BOARD_ETAG"
    RSS_AFTER[leaderboard304]=$(proc_kb "$SERVER_PID" VmHWM)
  fi
  # Last: its writes never touch the board, but they grow the database the others read.
  if has_case post; then
    run_wrk post "$POST_URL" "$LUA" "r$r$RUN_ID"
    RSS_AFTER[post]=$(proc_kb "$SERVER_PID" VmHWM)
  fi
done
PEAK_RSS_KB=$(proc_kb "$SERVER_PID" VmHWM)
NOW_RSS_KB=$(proc_kb "$SERVER_PID" VmRSS)
NGINX_RSS_KB=0
for p in $(pgrep -P "$NGINX_PID" || true) "$NGINX_PID"; do
  NGINX_RSS_KB=$(( NGINX_RSS_KB + $(proc_kb "$p" VmRSS || echo 0) ))
done
stop_server
GAMES=$(sqlite3 "$DB" 'SELECT count(*) FROM games' 2>/dev/null || echo "?")

col() { awk -v c="$2" '{print $c}' "$TMP/$1.runs" | median; }
sum_col() { awk -v c="$2" '{s+=$c} END {print s+0}' "$TMP/$1.runs"; }
fmt_rps() { # 12345.6 → 12,346
  awk -v v="$1" 'BEGIN { s = sprintf("%.0f", v); o = "";
    while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
    print s o }'
}
fmt_ms() { awk -v v="$1" 'BEGIN {printf "%.2f ms", v}'; }

row() { # label key rss
  local label=$1 key=$2 rss=$3 errs non
  non=$(sum_col "$key" 4)
  errs=$(sum_col "$key" 5)
  if [[ "$errs" != "0" ]]; then non="$non (+$errs socket errors)"; fi
  printf '| %s | %s | %s | %s | %s | %s µs | %s |\n' "$label" "$(fmt_rps "$(col "$key" 1)")" \
    "$(fmt_ms "$(col "$key" 2)")" "$(fmt_ms "$(col "$key" 3)")" "$non" "$(col "$key" 6)" "$rss"
}

NGINX_RPS=$(col nginx 1)
HEALTH_RPS=$(has_case health && col health 1 || echo 0)
RATIO=$(awk -v h="$HEALTH_RPS" -v n="$NGINX_RPS" 'BEGIN {printf "%.2f", (n > 0 ? h / n : 0)}')

CPU=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
MEM=$(awk '/^MemTotal:/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)
echo
echo "Machine: $(nproc) cores, $CPU, $MEM RAM; $(uname -sr)"
echo "wrk -t$WRK_THREADS -c$WRK_CONNECTIONS -d${DURATION}s --latency on 127.0.0.1; REPEAT=$REPEAT (medians; non-2xx summed over all runs)"
echo
echo "| endpoint | req/s | p50 | p99 | non-2xx | CPU/request | server RSS |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
row "nginx static JSON (baseline)" nginx "nginx $(mb "$NGINX_RSS_KB")"
has_case health && row "GET /health" health "peak $(mb "${RSS_AFTER[health]}")"
has_case leaderboard &&
  row "GET /api/v1/leaderboard (cached, ${BOARD_BYTES} B body)" leaderboard "peak $(mb "${RSS_AFTER[leaderboard]}")"
has_case leaderboard304 &&
  row "GET /api/v1/leaderboard + If-None-Match (304)" leaderboard304 "peak $(mb "${RSS_AFTER[leaderboard304]}")"
has_case post && row "POST /api/game-data (durable)" post "peak $(mb "${RSS_AFTER[post]}")"
echo
ratio() { awk -v h="$(col "$1" 1)" -v n="$NGINX_RPS" 'BEGIN {printf "%.2f", (n > 0 ? h / n : 0)}'; }
has_case health && echo "- /health ÷ nginx: **$RATIO** (target ≥ 0.80)"
has_case leaderboard &&
  echo "- cached leaderboard: $(fmt_rps "$(col leaderboard 1)") req/s (target ≥ 50,000), ÷ nginx **$(ratio leaderboard)**"
has_case leaderboard304 &&
  echo "- leaderboard 304: $(fmt_rps "$(col leaderboard304 1)") req/s, ÷ nginx **$(ratio leaderboard304)**"
has_case post &&
  echo "- POST /api/game-data: $(fmt_rps "$(col post 1)") req/s (target ≥ 25,000), p99 $(fmt_ms "$(col post 3)") (target ≤ 10 ms), non-2xx $(sum_col post 4) (target 0)"
echo "- server RSS: idle $(mb "$IDLE_RSS_KB") (target ≤ 20 MB), peak (VmHWM) $(mb "$PEAK_RSS_KB") (target ≤ 60 MB), after load $(mb "$NOW_RSS_KB")"
echo "- start-up to ready on an existing database: median ${STARTUP_MEDIAN} ms of [${STARTUPS[*]}] (target ≤ 300 ms); first start on an empty database (create, migrate, seed): ${FIRST_START_MS} ms"
echo "- games stored by the run: $GAMES"
if [[ -n "${WS_FANOUT:-}" ]]; then
  # Optional: needs node and tests/api/node_modules (npm ci in tests/api).
  FANOUT=$(JOURNEYMAN_BIN="$BIN" node "$REPO/bench/ws_fanout.mjs" --summary) || die "ws_fanout failed"
  echo "- WebSocket fan-out: $FANOUT"
fi

# --- PostgreSQL (opt-in) -------------------------------------------------------------------------
# PG unset: on when PostgreSQL 15 is installed (scripts/install-deps.sh --test) or PG_URL is
# given; PG=0 turns the cases off, PG=1 insists on them.
if [[ -z "${PG:-}" ]]; then
  if [[ -n "${PG_URL:-}" || -x /usr/lib/postgresql/15/bin/initdb ]]; then PG=1; else PG=0; fi
  (( PG )) || echo "bench: PostgreSQL cases skipped (not installed: scripts/install-deps.sh --test)" >&2
fi
if [[ "$PG" != 0 ]]; then
  # shellcheck source=bench/pg_cases.sh
  source "$REPO/bench/pg_cases.sh"
  pg_bench
fi
