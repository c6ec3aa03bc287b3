#!/usr/bin/env bash
# List pages with real data: seeds an SQLite database at two sizes (accounts,
# clients with secrets and scopes, audit rows, an end user's grants), then
# prints for each list page and its search the server time (median and p95
# of 20 requests), the HTML bytes, and the server's memory. A benchmark, not
# a test: it prints figures and never fails on a slow machine.
#
# Usage: bash lists.sh [small accounts] [large accounts]   (default 1000 100000;
# NO_BUILD=1 measures the release build that is there)
# Clients are a tenth of the accounts (in one organisation), audit rows ten
# per account; one admin (who is also the end user with the grants) looks.
set -euo pipefail
cd "$(dirname "$0")"
source ./tools.sh
[ -n "${NO_BUILD:-}" ] || build_release

SMALL="${1:-1000}"
LARGE="${2:-100000}"
PORT=3192
BASE="http://127.0.0.1:$PORT"
BIN="$CARGO_TARGET_DIR/release/portico"
WORK="$(mktemp -d)"
SERVER=""
cleanup() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
PASSWORD='correct horse battery staple'

# Seeds $1 (a data directory) with $2 accounts, straight into SQLite.
seed() {
  local data="$1" accounts="$2"
  PORTICO_DATA_DIR="$data" PORTICO_LOG=warn "$BIN" migrate >/dev/null
  printf '%s\n' "$PASSWORD" | PORTICO_DATA_DIR="$data" PORTICO_LOG=warn \
    "$BIN" admin create --email admin@example.com --name Admin --password-stdin >/dev/null
  /usr/bin/python3 - "$data/portico.db" "$accounts" <<'PY'
import random, sqlite3, sys, time, uuid
db = sqlite3.connect(sys.argv[1])
accounts = int(sys.argv[2])
clients, audit_rows, grants = accounts // 10, accounts * 10, min(accounts // 10, 1000)
now = int(time.time())
rand = random.Random(7)
admin_id, org_id = db.execute(
    "SELECT a.id, m.org_id FROM accounts a JOIN memberships m ON m.account_id = a.id "
    "WHERE a.email = 'admin@example.com'").fetchone()
prefix = db.execute("SELECT client_prefix FROM organisations WHERE id = ?", (org_id,)).fetchone()[0]
db.execute("INSERT INTO scopes (name, description, resource, requires_approval, enabled, created_at, updated_at) "
           "VALUES ('wallet:create', 'Create wallets', 'wallet', 1, 1, ?, ?)", (now, now))
db.executemany(
    "INSERT INTO accounts (id, email, display_name, password_hash, is_developer, is_admin, created_at, updated_at, search_text) "
    "VALUES (?, ?, ?, 'x', 0, 0, ?, ?, ?)",
    ((str(uuid.uuid4()), f"person-{i:06d}@example.com", f"Person {i}", now - i, now - i,
      f"person-{i:06d}@example.com person {i}") for i in range(accounts)))
ids = [f"{prefix}.svc{i:06d}" for i in range(clients)]
db.executemany(
    "INSERT INTO clients (id, org_id, created_by, suffix, display_name, kind, grant_types, redirect_uris, "
    "post_logout_redirect_uris, token_endpoint_auth_method, status, created_at, updated_at, search_text, name_key) "
    "VALUES (?, ?, ?, ?, ?, 'confidential', '[\"client_credentials\"]', '[]', '[]', 'client_secret_basic', ?, ?, ?, ?, ?)",
    ((cid, org_id, admin_id, cid.split('.')[1], f"Service {i}", 'pending' if i % 100 == 0 else 'active',
      now - clients + i, now - clients + i, f"{cid} service {i}", f"service {i}") for i, cid in enumerate(ids)))
db.executemany("INSERT INTO client_scopes (client_id, scope, status) VALUES (?, 'consents:read', 'granted')",
               ((cid,) for cid in ids))
db.executemany("INSERT INTO client_scopes (client_id, scope, status) VALUES (?, 'wallet:create', 'pending')",
               ((cid,) for i, cid in enumerate(ids) if i % 100 == 0))
db.executemany(
    "INSERT INTO client_secrets (id, client_id, description, hint, secret_hash, created_at, expires_at) "
    "VALUES (?, ?, 'main', 'abc', 'x', ?, ?)",
    ((str(uuid.uuid4()), cid, now - 10, now + 86400 * 90) for cid in ids))
actions = ['client.updated', 'secret.created', 'secret.revoked', 'client.created', 'scope.granted']
db.executemany(
    "INSERT INTO audit_log (at, actor_email, action, client_id, org_id) VALUES (?, 'admin@example.com', ?, ?, ?)",
    ((now - audit_rows + i, actions[i % 5], ids[rand.randrange(clients)], org_id) for i in range(audit_rows)))
db.executemany(
    "INSERT INTO consents (account_id, client_id, scopes, granted_at, updated_at) VALUES (?, ?, 'openid profile', ?, ?)",
    ((admin_id, cid, now - i, now - i) for i, cid in enumerate(ids[:grants])))
db.commit()
db.execute("ANALYZE")
db.commit()
print(f"{accounts} accounts, {clients} clients, {audit_rows} audit rows, {grants} grants", file=sys.stderr)
PY
}

# Starts Portico on $1 and signs the admin in (cookie jar $WORK/cookies).
start() {
  PORTICO_DATA_DIR="$1" PORTICO_BIND="127.0.0.1:$PORT" PORTICO_PUBLIC_URL="$BASE" PORTICO_LOG=warn \
    LEPTOS_SITE_ROOT=target/site "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 100); do
    curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break
    sleep 0.2
  done
  rm -f "$WORK/cookies"
  curl -fsS -c "$WORK/cookies" -o /dev/null -H 'accept: application/json' \
    --data-urlencode email=admin@example.com --data-urlencode "password=$PASSWORD" "$BASE/api/ui/sign_in"
}

stop() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  SERVER=""
}

# "median p95 bytes" of 20 requests for one page (uncompressed HTML).
measure() {
  local times
  times="$(for _ in $(seq 1 20); do
    curl -sS -b "$WORK/cookies" -H 'accept-encoding: identity' -o "$WORK/page.html" \
      -w '%{time_total}\n' "$BASE$1"
  done | sort -n)"
  local median p95 bytes
  median="$(sed -n 10p <<<"$times")"
  p95="$(sed -n 19p <<<"$times")"
  bytes="$(wc -c <"$WORK/page.html")"
  awk -v m="$median" -v p="$p95" -v b="$bytes" 'BEGIN { printf "%.1f ms | %.1f ms | %.1f KB", m * 1000, p * 1000, b / 1024 }'
}

# The address of the next page, from the "Next"/"Older" link of $1.
next_of() {
  { curl -sS -b "$WORK/cookies" "$BASE$1" | grep -o "<a [^>]*data-testid=\"$2\"[^>]*>" || true; } |
    head -1 | grep -o 'href="[^"]*"' | sed -e 's/^href="//' -e 's/"$//' -e 's/&amp;/\&/g' || true
}

PAGES=(
  "/admin/accounts"
  "/admin/accounts?q=person-00012"
  "NEXT /admin/accounts accounts-next"
  "/admin/accounts?sort=newest"
  "NEXT /admin/accounts?sort=newest accounts-next"
  "/clients"
  "/clients?q=svc00012"
  "NEXT /clients clients-next"
  "/clients?sort=name"
  "NEXT /clients?sort=name clients-next"
  "/admin/approvals"
  "/admin/clients"
  "/admin/clients?q=svc00012"
  "/admin/clients/CLIENT"
  "/admin/audit"
  "/admin/audit?action=secret.revoked"
  "/admin/audit?client_id=CLIENT"
  "/admin/audit?client_id=svc00012"
  "/admin/audit?client_id=svc0000"
  "NEXT /admin/audit audit-older"
  "/admin/organisations"
  "/account"
)

declare -A RESULT RSS
for size in "$SMALL" "$LARGE"; do
  data="$WORK/data-$size"
  mkdir -p "$data"
  say "seeding $size accounts"
  seed "$data" "$size"
  start "$data"
  CLIENT="$(/usr/bin/python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT id FROM clients ORDER BY id LIMIT 1 OFFSET 7").fetchone()[0])' "$data/portico.db")"
  for entry in "${PAGES[@]}"; do
    path="$entry"
    if [[ "$entry" == NEXT* ]]; then
      read -r _ from testid <<<"$entry"
      path="$(next_of "$from" "$testid")"
      [ -z "$path" ] && { RESULT["$entry|$size"]="(no next page)"; continue; }
    fi
    path="${path//CLIENT/$CLIENT}"
    RESULT["$entry|$size"]="$(measure "$path")"
  done
  RSS[$size]="$(awk '/VmRSS|VmHWM/ { printf "%s %.0f MB  ", $1, $2 / 1024 }' "/proc/$SERVER/status")"
  stop
done

echo
echo "| page | $SMALL accounts: median | p95 | HTML | $LARGE accounts: median | p95 | HTML |"
echo "|---|---|---|---|---|---|---|"
for entry in "${PAGES[@]}"; do
  name="$entry"
  [[ "$entry" == NEXT* ]] && name="$(awk '{ print $2 }' <<<"$entry") (second page)"
  name="${name//CLIENT/<one client>}"
  echo "| $name | ${RESULT["$entry|$SMALL"]} | ${RESULT["$entry|$LARGE"]} |"
done
echo
echo "server memory after the pages: $SMALL accounts: ${RSS[$SMALL]}; $LARGE accounts: ${RSS[$LARGE]}"
