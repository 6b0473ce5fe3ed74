#!/usr/bin/env bash
# The browser smoke run on PostgreSQL: a throwaway cluster (tests/pg.sh), one admin account made as
# an operator would (`cli user add --database-url`), and the built server started by `npm start`
# with PACESETTER_DATABASE_URL (playwright.config.ts, project `pg`). Playwright stops the server;
# tests/pg.sh removes the cluster, also on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/index.js ] || npm run build >&2
if [ -z "${PACESETTER_TEST_DATABASE_URL:-}" ]; then
	exec bash tests/pg.sh bash tests/e2e-pg.sh "$@"
fi
export E2E_PG_URL="$PACESETTER_TEST_DATABASE_URL"
export E2E_ADMIN_PASSWORD="e2e-admin-$RANDOM-$RANDOM"
printf '%s\n' "$E2E_ADMIN_PASSWORD" | npx tsx src/cli/main.ts user add --database-url "$E2E_PG_URL" \
	--username e2e.admin --role admin --password-stdin >/dev/null
read -r E2E_PORT_PG < <(npx tsx tests/free-ports.ts 1)
export E2E_PORT_PG
npx playwright test tests/e2e/smoke.pg.e2e.ts "$@"
