#!/usr/bin/env bash
# Installs what is missing, builds (warnings are errors), and runs every test suite: formatting,
# the include floors (scripts/check-layers.mjs), the docs' settings tables, the API reference
# (Doxygen, nothing undocumented), the GoogleTest unit tests (through ctest), the
# node:test suites with the official phoenix client and those of packages/wick-recovery, the
# installed package (examples/ built against it) and the Debian package (installed, started), then the
# unit and client suites again against an ASan+UBSan build and the multi-threaded ones against a
# ThreadSanitizer build, and last every libFuzzer target for a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
scripts/check-format.sh
node scripts/check-layers.mjs
node scripts/check-settings-docs.mjs
scripts/check-api-docs.sh
(cd build && ctest --output-on-failure --timeout 120)
(cd tests/client && npm test)
(cd packages/wick-recovery && npm test)
scripts/test-install.sh
scripts/test-deb.sh
scripts/test-sanitizers.sh
SANITIZE=thread scripts/test-sanitizers.sh
scripts/test-fuzz.sh
