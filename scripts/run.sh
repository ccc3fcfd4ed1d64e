#!/usr/bin/env bash
# Installs what is missing, builds, and starts the main application on 127.0.0.1:4000.
# Until the chat application exists, that is wick-rooms. Extra arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/bin/wick-rooms --port "${PORT:-4000}" "$@"
