#!/usr/bin/env bash
# The browser suite against the built server: two servers on free loopback ports, one on a fresh
# empty database, one on a fresh demo database. Playwright starts and always stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/index.js ] || npm run build >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export E2E_TMP="$tmp"
export E2E_EMPTY_DB="$tmp/empty.db"
export E2E_DEMO_DB="$tmp/demo.db"
npx tsx src/cli/main.ts demo-db --db "$E2E_DEMO_DB" 2>"$tmp/demo-db.log" || {
	cat "$tmp/demo-db.log" >&2
	exit 1
}
# The empty database's one account, made the way an operator would before the first start.
export E2E_ADMIN_PASSWORD="e2e-admin-$RANDOM-$RANDOM"
printf '%s\n' "$E2E_ADMIN_PASSWORD" | npx tsx src/cli/main.ts user add --db "$E2E_EMPTY_DB" \
	--username e2e.admin --role admin --password-stdin >/dev/null
read -r E2E_PORT_EMPTY E2E_PORT_DEMO < <(node tests/free-ports.mjs 2)
export E2E_PORT_EMPTY E2E_PORT_DEMO
npx playwright test "$@"
