#!/usr/bin/env bash
# Benchmarks the provider's hot paths and prints figures (not a test: it
# never fails on a slow machine). Release build, Portico on SQLite pinned to
# CPU 0, wrk pinned to CPU 1, loopback only. Usage: bash bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")"
source ./tools.sh
if ! command -v wrk >/dev/null; then
  say "installing wrk from Debian"
  apt-get install -y -qq wrk
fi
build_release

DURATION="${1:-10}"
CONNS=32
PORT=3190
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# Starts Portico on CPU 0 with the given access-token algorithm.
start() {
  local alg="$1" data="$WORK/data-$1"
  PORTICO_DATA_DIR="$data" PORTICO_BIND="127.0.0.1:$PORT" PORTICO_PUBLIC_URL="$BASE" \
    PORTICO_ACCESS_TOKEN_ALG="$alg" PORTICO_LOG=warn LEPTOS_SITE_ROOT=target/site \
    taskset -c 0 "$CARGO_TARGET_DIR/release/portico" serve >"$WORK/server-$alg.log" 2>&1 &
  SERVER=$!
  PIDS+=("$SERVER")
  for _ in $(seq 1 100); do
    curl -sf "$BASE/healthz" >/dev/null && return 0
    sleep 0.1
  done
  echo "Portico did not start:" >&2
  cat "$WORK/server-$alg.log" >&2
  exit 1
}

stop() {
  kill "$SERVER"
  wait "$SERVER" 2>/dev/null || true
}

# CPU seconds (user + system) the server has used so far.
cpu_secs() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$SERVER/stat"
}

# Server functions, as the portal's pages call them.
ui() {
  curl -sf -b "$WORK/cookies" -c "$WORK/cookies" -X POST "$BASE/api/ui/$1" "${@:2}"
}

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# A developer, a client_credentials client and a secret; sets ID and SECRET.
register() {
  rm -f "$WORK/cookies"
  ui sign_up -d email=bench@example.com -d display_name=Bench \
    -d password=correct-horse-battery -d password_confirm=correct-horse-battery >/dev/null
  ui become_developer -d accept_terms=on >/dev/null
  ID=$(ui create_client -d suffix=bench -d 'form[display_name]=Bench' -d 'form[kind]=confidential' \
    -d 'form[grant_types][0]=client_credentials' -d 'form[scopes][0]=consents:read' | json '["client_id"]')
  SECRET=$(ui create_secret -d "client_id=$ID" -d description=bench | json '["value"]')
}

# Runs wrk on CPU 1 with a Lua request script; prints one result line.
load() {
  local name="$1" script="$2" path="$3"
  local before after out rps reqs p50 p99 cpu_us
  before=$(cpu_secs)
  out=$(taskset -c 1 wrk -t1 -c"$CONNS" -d"${DURATION}s" --latency -s "$script" "$BASE$path")
  after=$(cpu_secs)
  rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  reqs=$(awk '/requests in/ { print $1 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
  cpu_us=$(python3 -c "print(round(($after - $before) * 1e6 / max($reqs, 1), 1))")
  printf '%-32s %10s req/s  %8s µs CPU/req  p50 %8s  p99 %8s  %s\n' \
    "$name" "$rps" "$cpu_us" "$p50" "$p99" "${non2xx:+non-2xx: $non2xx}"
}

lua_post() {
  local file="$WORK/$1.lua"
  cat >"$file" <<EOF
wrk.method = "POST"
wrk.body = "$2"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $3"
EOF
  echo "$file"
}

say "signing (aws-lc-rs, one thread)"
cargo run -q --release -p server --example signing_speed
echo
echo "Portico provider benchmark: server on CPU 0, wrk on CPU 1, $CONNS connections, ${DURATION}s each"
echo "$(nproc) CPUs: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo

for alg in ES256 RS256; do
  start "$alg"
  register
  basic=$(printf '%s:%s' "$ID" "$SECRET" | base64 -w0)
  token_lua=$(lua_post "token-$alg" "grant_type=client_credentials&scope=consents:read" "$basic")
  # Warm the verified-secret cache (the first request pays one argon2).
  TOKEN=$(curl -sf -u "$ID:$SECRET" -d grant_type=client_credentials "$BASE/oauth2/token" | json '["access_token"]')
  if [ "$alg" = ES256 ]; then
    plain="$WORK/get.lua"; echo 'wrk.method = "GET"' >"$plain"
    load "GET /healthz (baseline)" "$plain" /healthz
  fi
  load "client_credentials $alg" "$token_lua" /oauth2/token
  introspect_lua=$(lua_post "introspect-$alg" "token=$TOKEN" "$basic")
  load "introspection ($alg token)" "$introspect_lua" /oauth2/introspect
  if [ "$alg" = ES256 ]; then
    # Memory under 16 concurrent cold sign-ins (argon2id, 19 MiB each,
    # bounded by the hashing semaphore). The sign-ups before them are the
    # accounts' creation; their RSS is reported too.
    rss_idle=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER/status")
    for i in $(seq 1 16); do
      curl -sf -X POST "$BASE/api/ui/sign_up" -d "email=user$i@example.com" -d display_name=U \
        -d password=correct-horse-battery -d password_confirm=correct-horse-battery >/dev/null
    done
    rss_before=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER/status")
    peak=$rss_before
    for i in $(seq 1 16); do
      curl -s -o /dev/null -w '%{http_code}\n' -H 'Accept: application/json' -X POST "$BASE/api/ui/sign_in" \
        -d "email=user$i@example.com" -d password=correct-horse-battery >"$WORK/sign-in-$i" &
    done
    while [ -n "$(jobs -rp | grep -v "^$SERVER\$" || true)" ]; do
      rss=$(awk '/VmRSS/ { print $2 }' "/proc/$SERVER/status")
      [ "$rss" -gt "$peak" ] && peak=$rss
      sleep 0.02
    done
    wait_jobs=$(jobs -rp | grep -v "^$SERVER\$" || true)
    [ -z "$wait_jobs" ] || wait $wait_jobs
    ok=$(cat "$WORK"/sign-in-* | grep -c '^200$' || true)
    printf '%-32s %d of 16 signed in; RSS %d MB after the load runs, %d MB after 16 sign-ups, %d MB peak, growth %d MB\n' \
      "16 concurrent cold sign-ins" "$ok" $((rss_idle / 1024)) $((rss_before / 1024)) $((peak / 1024)) $(((peak - rss_before) / 1024))
  fi
  stop
done
