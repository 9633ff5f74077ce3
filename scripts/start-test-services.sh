#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the store and API tests: a temp directory,
# 127.0.0.1 only, a free port, trust auth (nothing else can reach it), fsync and
# synchronous_commit on (the durability tests mean something only then).
# Prints shell lines to eval:
#   eval "$(scripts/start-test-services.sh)"   # exports JOURNEYMAN_TEST_PG_URL, JOURNEYMAN_TEST_PG_DIR
#   scripts/stop-test-services.sh              # stops it and removes the directory
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
