#!/usr/bin/env bash
# Installs what Wick needs to build and test on Debian 12: Debian packages (only the missing
# ones, so a second run is quick) and the npm packages of the client test suites, of the chat's
# web page (esbuild and the phoenix client), of the Socket.IO benchmark peer and of the
# wick-recovery client package.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  g++ cmake make pkg-config
  libboost1.81-dev libboost-json1.81-dev libssl-dev libsqlite3-dev libhiredis-dev redis-server
  libpq-dev postgresql
  libcli11-dev libtomlplusplus-dev doxygen
  haproxy
  libgtest-dev libbenchmark-dev clang-format clang-14 libclang-rt-14-dev openssl
  chromium fonts-dejavu-core fonts-noto-color-emoji
  curl ca-certificates dpkg-dev file
  gnuplot-nox strace
)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "the client tests need Node.js 20 or newer (found $(node --version))" >&2
  exit 1
fi

(cd tests/client && npm ci --no-audit --no-fund --silent)
(cd apps/chat/web && npm ci --no-audit --no-fund --silent)
(cd bench/peers/socketio && npm ci --no-audit --no-fund --silent)
(cd packages/wick-recovery && npm ci --no-audit --no-fund --silent)
