#!/usr/bin/env bash
# Sets up what is missing, builds, and starts Portico on http://localhost:3000
# with an embedded SQLite database in ./data (see README for settings).
set -euo pipefail
cd "$(dirname "$0")"
source ./tools.sh
build_release
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
# Browsers offer passkeys only to a host named by a domain name, so the
# default address people open is `localhost` (Portico listens on
# 127.0.0.1:3000 either way). Settings of your own win.
if [ -z "${PORTICO_PUBLIC_URL:-}${PORTICO_BIND:-}${PORTICO_CONFIG:-}" ]; then
  export PORTICO_PUBLIC_URL=http://localhost:3000
fi
exec "$CARGO_TARGET_DIR/release/portico" serve
