#!/usr/bin/env bash
# Installs what is missing, builds, and starts the main application on 127.0.0.1:4000.
# That is wick-chat, with its SQLite database in var/. Extra arguments go to the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
exec build/bin/wick-chat --port "${PORT:-4000}" "$@"
