#!/usr/bin/env bash
# Configures and builds everything into build/ (binaries in build/bin/), warnings as errors.
# scripts/run.sh, scripts/test.sh and the benchmarks all build here with the same options, so
# that none of them makes another start over (WICK_WERROR=OFF would).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" \
  -DWICK_WERROR="${WICK_WERROR:-ON}" >/dev/null
cmake --build build -j"$(nproc)"
