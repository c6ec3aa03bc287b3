#!/usr/bin/env bash
# Page weight on throttled networks (fast 4G, slow 3G): bytes on the wire and
# time to usable for the sign-in pages and portal pages, first and repeat
# visit, in Debian's Chromium. Prints figures; never fails on a slow
# machine. Usage: bash weight.sh (NO_BUILD=1: measure the release build
# that is there)
set -euo pipefail
cd "$(dirname "$0")"
source ./tools.sh test
[ -n "${NO_BUILD:-}" ] || build_release

PORT=3191
WORK="$(mktemp -d)"
# An admin for the admins' pages (weight.mjs signs in as them).
printf '%s' 'correct horse battery staple' | PORTICO_DATA_DIR="$WORK" PORTICO_LOG=warn \
  "$CARGO_TARGET_DIR/release/portico" admin create --email weight-admin@example.com --name 'Weight Admin' --password-stdin >/dev/null
# Every signed-in row signs a new developer up (more than the default
# hourly sign-up limit for one address).
PORTICO_DATA_DIR="$WORK" PORTICO_BIND="127.0.0.1:$PORT" PORTICO_PUBLIC_URL="http://127.0.0.1:$PORT" PORTICO_SIGNUPS_PER_HOUR=1000 \
  PORTICO_LOG=warn LEPTOS_SITE_ROOT=target/site "$CARGO_TARGET_DIR/release/portico" serve &
PID=$!
trap 'kill "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
BASE="http://127.0.0.1:$PORT" node end2end/weight.mjs
