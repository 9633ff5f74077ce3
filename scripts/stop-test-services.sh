#!/usr/bin/env bash
# Stops the cluster (and the Redis) scripts/start-test-services.sh started and removes
# its directory.
#   scripts/stop-test-services.sh [DIR]   (default: $JOURNEYMAN_TEST_PG_DIR)
set -uo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
dir=${1:-${JOURNEYMAN_TEST_PG_DIR:-}}
if [[ -z "$dir" || ! -d "$dir/data" ]]; then
  echo "stop-test-services: no cluster directory given (argument or JOURNEYMAN_TEST_PG_DIR)" >&2
  exit 1
fi
if [[ -f "$dir/redis.pid" ]]; then
  redis_pid=$(cat "$dir/redis.pid")  # redis-server removes the file as it exits
  kill "$redis_pid" 2>/dev/null
  for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
fi
if [[ $(id -u) -eq 0 ]]; then
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
else
  "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
fi
rm -rf "$dir"
