#!/usr/bin/env bash
# Sets up what the tests need and runs all of them: formatting and lints,
# domain unit and property tests, HTTP integration tests on SQLite and
# PostgreSQL (each test creates and drops its own database; email tests
# start their own aiosmtpd), and Playwright end-to-end tests in Debian's
# Chromium against the release build, with a real SMTP server.
set -euo pipefail
cd "$(dirname "$0")"
source ./tools.sh test

say "formatting and lints"
cargo fmt --all --check
cargo clippy -p app -p server --all-targets -- -D warnings

say "unit and integration tests (SQLite + PostgreSQL)"
# --lib --tests: there are no doc-tests, and their empty run would be the
# last cargo summary line.
cargo test -p app -p server --lib --tests

build_release
say "an SMTP server for the end-to-end tests (aiosmtpd on a free port)"
MAILDIR="$(mktemp -d)"
SMTP_PORT="$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$MAILDIR/box" &
SMTP_PID=$!
trap 'kill "$SMTP_PID" 2>/dev/null || true; rm -rf "$MAILDIR"' EXIT
export E2E_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" E2E_MAILDIR="$MAILDIR/box"

say "end-to-end tests (Playwright + Chromium)"
export E2E_PORTICO_BIN="$CARGO_TARGET_DIR/release/portico"
npx playwright test -c end2end
node -e '
  const r = require("./end2end/test-results/report.json").stats;
  console.log(`e2e: ${r.expected} passed, ${r.unexpected + r.flaky} failed`);
'
