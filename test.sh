#!/usr/bin/env bash
# Sets up what the tests need and runs all of them: formatting and lints,
# domain unit and property tests, HTTP integration tests on SQLite and
# PostgreSQL (each test creates and drops its own database), and Playwright
# end-to-end tests in Debian's Chromium against the release build.
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
say "end-to-end tests (Playwright + Chromium)"
export E2E_PORTICO_BIN="$CARGO_TARGET_DIR/release/portico"
npx playwright test -c end2end
node -e '
  const r = require("./end2end/test-results/report.json").stats;
  console.log(`e2e: ${r.expected} passed, ${r.unexpected + r.flaky} failed`);
'
