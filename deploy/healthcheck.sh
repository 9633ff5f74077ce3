#!/bin/bash
# Container health check without curl: one HTTP/1.1 GET over bash's /dev/tcp, so the
# runtime image needs no HTTP client (bash is Essential in Debian, hence in debian:12-slim).
#   journeyman-healthcheck [PATH]     PATH defaults to /health (liveness); /ready also works
# Exits 0 only when the server answers 200. Reads HOST/PORT like the server does; a wildcard
# listen address is probed on loopback.
set -u
path=${1:-/health}
port=${PORT:-8080}
host=${HOST:-127.0.0.1}
case $host in 0.0.0.0 | "") host=127.0.0.1 ;; :: | "[::]") host=::1 ;; esac

if ! exec 3<>"/dev/tcp/${host}/${port}"; then
  echo "healthcheck: no connection to ${host}:${port}"
  exit 1
fi 2>/dev/null
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nUser-Agent: journeyman-healthcheck\r\nConnection: close\r\n\r\n' \
  "$path" >&3
# The read timeout stays under Docker's 3 s HEALTHCHECK timeout so a hung server fails cleanly.
status=
IFS= read -r -t 2 status <&3
exec 3<&-
if [[ $status =~ ^HTTP/1\.[01]\ 200[\ $'\r'] ]]; then exit 0; fi
echo "healthcheck: GET ${path} -> ${status:-no answer within 2 s}"
exit 1
