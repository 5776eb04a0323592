#!/usr/bin/env bash
# The newcomer path: `npm start` with nothing configured answers /api/health with 200 on the
# embedded database, and a second start reuses the same data (same secrets, same applied rows).
# As root it also starts a copy of the app from a folder under a 0700 home (like /root/app), where
# the postgres system user cannot enter: the cluster then lives under /var/lib/okta-realms-connections.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
port=${SMOKE_PORT:-3200}
dist=${NEXT_DIST_DIR:-.next}
system=/var/lib/okta-realms-connections
system_existed=$([[ -e $system ]] && echo yes || echo no)
data=$(mktemp -d)
chmod 755 "$data" # as root, the embedded PostgreSQL runs as the postgres user, which must enter it
log=$(mktemp)
home="" cluster="" pid=""
passed=0

cleanup() {
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$data" "$log"
  [[ -n $home ]] && rm -rf "$home"
  # Only what this run made under the system folder: its cluster, or the whole folder if it made that.
  if [[ $system_existed == no ]]; then rm -rf "$system"; elif [[ -n $cluster ]]; then rm -rf "$(dirname "$cluster")"; fi
}
trap cleanup EXIT

# launch DIR [VAR=value…]: `npm start` in DIR with no DATABASE_URL and no DATA_DIR unless given;
# waits for /api/health to answer 200 and the home page to render.
launch() {
  local dir=$1
  shift
  (cd "$dir" && exec env -u DATABASE_URL -u DATA_DIR PORT="$port" "$@" npm start) >"$log" 2>&1 &
  pid=$!
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
}

# stop PGDATA: SIGTERM, then neither the app nor the PostgreSQL serving PGDATA may be left running.
stop() {
  local pgdata=$1
  kill -TERM "$pid"
  wait "$pid" || true
  pid=""
  # npm may exit before the launcher has finished its orderly shutdown; give that a moment.
  for _ in $(seq 1 30); do
    pgrep -f "$pgdata" >/dev/null || curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 || break
    sleep 0.5
  done
  if pgrep -f "$pgdata" >/dev/null; then cat "$log"; echo "smoke: embedded PostgreSQL left running"; exit 1; fi
  if curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1; then echo "smoke: the app is still serving after SIGTERM"; exit 1; fi
}

start_and_check() {
  launch "$repo" DATA_DIR="$data"
  grep -q "Database: embedded PostgreSQL" "$log" || { cat "$log"; echo "smoke: not on the embedded database"; exit 1; }
  stop "$data/postgres"
}

start_and_check
first_key=$(cat "$data/secrets.json")
start_and_check
grep -q "Migrations: up to date" "$log" || { cat "$log"; echo "smoke: second start did not reuse the migrated data"; exit 1; }
[[ "$(cat "$data/secrets.json")" == "$first_key" ]] || { echo "smoke: secrets changed between starts"; exit 1; }
passed=$((passed + 2))

if [[ $(id -u) == 0 ]]; then
  # A copy of this checkout in a fresh 0700 folder, with the build and Prisma client just made
  # (same sources, sizes and mtimes, so the launcher's build fingerprint matches: no rebuild).
  home=$(mktemp -d)
  app="$home/app"
  mkdir "$app"
  git ls-files -z | xargs -0 cp -a --parents -t "$app"
  cp -a lib/generated "$app/lib/"
  cp -al node_modules "$app/node_modules"
  mkdir "$app/$dist"
  tar -C "$dist" --exclude=./cache -cf - . | tar -C "$app/$dist" -xf -
  launch "$app"
  cluster=$(grep -o "Database: embedded PostgreSQL, data in $system/clusters/[0-9a-f]*/pgdata" "$log" | sed 's/.* data in //' || true)
  [[ -n $cluster ]] || { cat "$log"; echo "smoke: as root under a 0700 home, the start-up output does not name a cluster under $system"; exit 1; }
  [[ $(stat -c '%a' "$home") == 700 ]] || { echo "smoke: the 0700 home was loosened"; exit 1; }
  grep -q "Building the app" "$log" && echo "smoke: note: the copy rebuilt (its build fingerprint differed)"
  echo "smoke: as root from $app, the cluster lives in $cluster"
  stop "$cluster"
  passed=$((passed + 1))
else
  echo "smoke: not root, so the 0700-home case (root only) is not run"
fi
echo "smoke: $passed passed, 0 failed"
