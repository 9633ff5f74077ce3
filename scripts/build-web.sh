#!/usr/bin/env bash
# Builds the web app into web/dist (npm ci only when the lock file changed).
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=node_modules/.journeyman-lock-stamp
if [[ ! -f "$stamp" ]] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
npm run build --silent
