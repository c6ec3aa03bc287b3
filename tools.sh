#!/usr/bin/env bash
# Installs what building and testing Portico needs, skipping what is there.
# Sourced by run.sh and test.sh; `tools.sh test` also installs test tools.
# Everything comes from the package registries (crates.io, npm, Debian):
# cargo-leptos finds wasm-bindgen, wasm-opt and tailwindcss on PATH (or in
# node_modules/.bin) and so never downloads anything itself.
set -euo pipefail

CARGO_LEPTOS_VERSION=0.3.10      # 0.3.11 needs Rust 1.96
WASM_BINDGEN_VERSION=0.2.130     # must equal the pinned wasm-bindgen crate

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/portico-target}"
export LEPTOS_TAILWIND_VERSION="${LEPTOS_TAILWIND_VERSION:-v4.3.5}"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

ensure_build_tools() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (once per machine, ~20 min)"
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
  fi
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (once per machine, ~6 min)"
    # Not --locked: its lockfile wants a crate version the registry lacks.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
  fi
  if [ ! -x node_modules/.bin/tailwindcss ] || [ package.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (Tailwind, wasm-opt, Playwright, axe-core)"
    # `npm install` follows package-lock.json; `npm ci` would refuse this npm's
    # locks, which omit other platforms' optional Tailwind binaries.
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-audit --no-fund
  fi
}

ensure_test_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Chromium from Debian"
    apt-get update -qq && apt-get install -y -qq chromium
  fi
  if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
    say "installing the aiosmtpd SMTP server from Debian (for the email tests)"
    apt-get update -qq && apt-get install -y -qq python3-aiosmtpd
  fi
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
}

build_release() {
  say "building Portico (release: server + WASM split by page + CSS, brotli and gzip copies)"
  # --split: each page's code is its own WASM chunk (see app/src/routes.rs).
  cargo leptos build --release --precompress --split
}

ensure_build_tools
if [ "${1:-}" = "test" ]; then ensure_test_tools; fi
