#!/usr/bin/env bash
# Runs e2e/connections.spec.ts against a server started here (the real start path), with the
# server's output captured to a file so the secret scan can read it. Playwright reuses a server
# already answering on E2E_PORT. Artifacts go under the data dir (other e2e runs wipe test-results/).
# Usage: E2E_PORT=3170 e2e/support/run-connections-e2e.sh [playwright args]
set -euo pipefail
port="${E2E_PORT:-3170}"
data="${E2E_DATA_DIR:-.data/e2e-connections}"
mkdir -p "$data"
log="$data/server.log"
PORT="$port" APP_URL="http://localhost:$port" DATA_DIR="$data" node --import tsx scripts/start.ts >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  curl -fsS "http://localhost:$port/api/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
E2E_PORT="$port" E2E_DATA_DIR="$data" E2E_SERVER_LOG="$log" npx playwright test e2e/connections.spec.ts --output "$data/test-results" "$@"
