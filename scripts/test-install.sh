#!/usr/bin/env bash
# Installs the library and the generator (cmake --install, component dev) into a clean prefix
# and builds examples/ against it as another project would: with find_package(Wick) and with
# pkg-config. Each build of the example then passes the example's client test. Last, the guides
# (tests/guides/): every C++ and JS block of docs/guides/ built against that prefix and run,
# getting-started's `wick new` project included. Run after scripts/build.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install build --prefix "$prefix" --component dev >/dev/null
# No installed text (CMake package, pkg-config file, templates) may lead back into this tree.
if grep -rlIF "$PWD" "$prefix"; then  # text files: debug info may name the sources
  echo "test-install: the installed files above refer to $PWD" >&2
  exit 1
fi

cmake -S examples -B "$work/with-cmake" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/with-cmake" -j"$(nproc)" >/dev/null

mkdir -p "$work/with-pkg-config/bin"
pc_dir=$(dirname "$(find "$prefix" -name wick.pc)")
# shellcheck disable=SC2046  # pkg-config's words are separate arguments
g++ -O1 examples/lobby.cpp -o "$work/with-pkg-config/bin/wick-lobby" \
  $(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs wick)

cd tests/client
for build in with-cmake with-pkg-config; do
  echo "test-install: examples/ built $build against $prefix"
  WICK_BIN_DIR="$work/$build/bin" node --test --test-timeout=60000 example.test.mjs
done

cd ../..
echo "test-install: the guides, against $prefix"
WICK_PREFIX="$prefix" node --test --test-concurrency=1 --test-timeout=900000 tests/guides/guides.test.mjs
