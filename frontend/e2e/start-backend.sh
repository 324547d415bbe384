#!/usr/bin/env bash
# The backend for the end-to-end tests: a throwaway SQLite database, migrated and seeded with
# the demo data, serving the built web app on the given port.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
port="${1:-8765}"
work="$(mktemp -d)"
export CHIBO_DATABASE_URL="sqlite+aiosqlite:///$work/e2e.db"
export CHIBO_FILE_STORE_PATH="$work/files"
export CHIBO_WEB_DIST_PATH="${CHIBO_E2E_DIST:-$here/dist}"
export CHIBO_LOG_LEVEL=WARNING
# The day the demo is loaded on and the server's clock starts at (09:00 in Vietnam); the pages'
# clocks start there too (e2e/fixtures.ts). Set by playwright.config.ts.
export CHIBO_CLOCK_START="${CHIBO_E2E_TODAY:?set by playwright.config.ts}"
chibo="$here/../.venv/bin/chibo"
"$chibo" migrate >/dev/null
"$chibo" seed-demo >/dev/null
"$chibo" serve --host 127.0.0.1 --port "$port" &
server=$!
# Not exec: this shell stays to stop the server and remove the database when it is stopped.
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT INT TERM
wait "$server"
