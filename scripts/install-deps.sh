#!/usr/bin/env bash
# Installs every Debian package Journeyman needs to build, run and test.
# Idempotent: packages already present are skipped by apt-get.
#   scripts/install-deps.sh          build + run (compiler, libraries, node)
#   scripts/install-deps.sh --test   also test servers and tools (PostgreSQL, Redis, nginx, wrk, chromium)
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost-dev libssl-dev zlib1g-dev libsqlite3-dev sqlite3 libpq-dev libhiredis-dev
  libargon2-dev libcrypt-dev nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev
  libjemalloc-dev libsodium-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  nodejs npm curl ca-certificates
)
TEST_PKGS=(postgresql redis-server nginx wrk chromium fonts-noto-color-emoji jq procps psmisc clang-format)

want=("${BUILD_PKGS[@]}")
[[ "${1:-}" == "--test" ]] && want+=("${TEST_PKGS[@]}")

missing=()
for p in "${want[@]}"; do
  # node/npm may come from outside Debian (e.g. NodeSource); accept any working binary.
  if [[ "$p" == nodejs ]] && command -v node >/dev/null; then continue; fi
  if [[ "$p" == npm ]] && command -v npm >/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#want[@]} packages present"
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: these packages are missing: ${missing[*]}" >&2
  echo "install-deps: run as root (or: sudo $0 $*) to install them with apt-get" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/periodic/update-success-stamp
if [[ ! -d /var/lib/apt/lists/partial ]] || [[ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v partial)" ]] \
   || [[ ! -f "$stamp" && -z "${JOURNEYMAN_SKIP_APT_UPDATE:-}" ]]; then
  apt-get update -qq
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}"; }
