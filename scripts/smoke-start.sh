#!/usr/bin/env bash
# The newcomer path: `npm start` with nothing configured answers /api/health with 200 on the
# embedded database, and a second start reuses the same data (same secrets, same applied rows).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${SMOKE_PORT:-3200}
data=$(mktemp -d)
chmod 755 "$data" # as root, the embedded PostgreSQL runs as the postgres user, which must enter it
log=$(mktemp)
trap 'rm -rf "$data" "$log"' EXIT

start_and_check() {
  env -u DATABASE_URL PORT="$port" DATA_DIR="$data" npm start >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$log"; echo "smoke: npm start exited early"; exit 1; fi
    sleep 1
  done
  local body
  body=$(curl -sS -w ' %{http_code}' "http://127.0.0.1:$port/api/health")
  echo "smoke: /api/health → $body"
  [[ "$body" == *' 200' ]] || { cat "$log"; exit 1; }
  curl -fsS "http://127.0.0.1:$port/" | grep -q "Okta Realms Connections" || { echo "smoke: home page missing"; exit 1; }
  grep -q "Database: embedded PostgreSQL" "$log" || { cat "$log"; echo "smoke: not on the embedded database"; exit 1; }
  kill -TERM "$pid"
  wait "$pid" || true
  # npm may exit before the launcher has finished its orderly shutdown; give that a moment.
  for _ in $(seq 1 30); do
    pgrep -f "$data/postgres" >/dev/null || curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 || break
    sleep 0.5
  done
  if pgrep -f "$data/postgres" >/dev/null; then cat "$log"; echo "smoke: embedded PostgreSQL left running"; exit 1; fi
  if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then echo "smoke: the app is still serving after SIGTERM"; exit 1; fi
}

start_and_check
first_key=$(cat "$data/secrets.json")
start_and_check
grep -q "Migrations: up to date" "$log" || { cat "$log"; echo "smoke: second start did not reuse the migrated data"; exit 1; }
[[ "$(cat "$data/secrets.json")" == "$first_key" ]] || { echo "smoke: secrets changed between starts"; exit 1; }
echo "smoke: 2 passed, 0 failed"
