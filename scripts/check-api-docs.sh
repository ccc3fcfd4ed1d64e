#!/usr/bin/env bash
# The API reference: Doxygen over include/wick/ (docs/Doxyfile) into build/api/html/. A public
# class, function, member or enumerator without documentation, or a documentation comment that
# Doxygen cannot read, fails the test command, with Doxygen's line for each.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build/api
mkdir -p build/api
if ! doxygen docs/Doxyfile 2>build/api/warnings.txt; then
  cat build/api/warnings.txt >&2
  echo "check-api-docs: $(grep -c 'warning:' build/api/warnings.txt) undocumented or unreadable (above)" >&2
  exit 1
fi
echo "api docs: build/api/html/index.html, every public declaration documented"
