#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the store and API tests: a temp directory,
# 127.0.0.1 only, a free port, trust auth (nothing else can reach it), fsync and
# synchronous_commit on (the durability tests mean something only then). Then, when
# redis-server is installed, a throwaway Redis in the same directory: 127.0.0.1, a free
# port, no persistence (the Redis unit tests; the API tests start private ones).
# Prints shell lines to eval:
#   eval "$(scripts/start-test-services.sh)"   # exports JOURNEYMAN_TEST_PG_URL, JOURNEYMAN_TEST_PG_DIR
#                                              # and JOURNEYMAN_TEST_REDIS_URL
#   scripts/stop-test-services.sh              # stops both and removes the directory
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x "$PG_BIN/initdb" ]]; then
  echo "start-test-services: $PG_BIN/initdb not found (scripts/install-deps.sh --test installs postgresql)" >&2
  exit 1
fi

# initdb refuses to run as root; the cluster then belongs to the `postgres` OS user.
run_as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null ||
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/journeyman-pg-XXXXXX")
chmod 755 "$dir"
[[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
port=$(free_port)

run_as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
max_connections = 200
shared_buffers = 64MB
CONF
run_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 start >/dev/null ||
  { cat "$dir/postgres.log" >&2; exit 1; }

url="postgres://postgres@127.0.0.1:$port/postgres"
echo "$url" >"$dir/url"
echo "export JOURNEYMAN_TEST_PG_URL='$url'"
echo "export JOURNEYMAN_TEST_PG_DIR='$dir'"

# Redis: optional (its tests skip without it), so a missing redis-server is only a warning.
if command -v redis-server >/dev/null 2>&1; then
  redis_port=$(free_port)
  redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
    --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" \
    --maxmemory 256mb --maxmemory-policy allkeys-lru >/dev/null ||
    { cat "$dir/redis.log" >&2 2>/dev/null; exit 1; }
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null | grep -q PONG && break
    sleep 0.1
  done
  echo "export JOURNEYMAN_TEST_REDIS_URL='redis://127.0.0.1:$redis_port/0'"
else
  echo "start-test-services: redis-server not found; the Redis tests will be skipped" >&2
fi
