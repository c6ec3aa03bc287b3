#!/usr/bin/env bash
# Sets up what is missing, builds, and starts Portico on http://127.0.0.1:3000
# with an embedded SQLite database in ./data (see README for settings).
set -euo pipefail
cd "$(dirname "$0")"
source ./tools.sh
build_release
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
exec "$CARGO_TARGET_DIR/release/portico" serve
