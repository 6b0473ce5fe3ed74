#!/usr/bin/env bash
# The browser suite against the built server, started as README starts it (`npm start`): three
# servers on free loopback ports, on a fresh empty database, on a fresh demo database, and one behind
# a documented ORIGIN. Playwright starts and always stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/index.js ] || npm run build >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export E2E_TMP="$tmp"
export E2E_EMPTY_DB="$tmp/empty.db"
export E2E_DEMO_DB="$tmp/demo.db"
export E2E_ORIGIN_DB="$tmp/origin.db"
npx tsx src/cli/main.ts demo-db --db "$E2E_DEMO_DB" 2>"$tmp/demo-db.log" || {
	cat "$tmp/demo-db.log" >&2
	exit 1
}
# The fresh databases' one account, made the way an operator would before the first start.
export E2E_ADMIN_PASSWORD="e2e-admin-$RANDOM-$RANDOM"
for db in "$E2E_EMPTY_DB" "$E2E_ORIGIN_DB"; do
	printf '%s\n' "$E2E_ADMIN_PASSWORD" | npx tsx src/cli/main.ts user add --db "$db" \
		--username e2e.admin --role admin --password-stdin >/dev/null
done
read -r E2E_PORT_EMPTY E2E_PORT_DEMO E2E_PORT_ORIGIN < <(npx tsx tests/free-ports.ts 3)
export E2E_PORT_EMPTY E2E_PORT_DEMO E2E_PORT_ORIGIN
npx playwright test "$@"
