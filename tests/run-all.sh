#!/usr/bin/env bash
# `npm test`: every test. Installs Debian's Chromium, CJK fonts, LibreOffice and PostgreSQL when
# missing (never a downloaded browser or database), runs the unit/integration tests on SQLite, the
# suites that touch the store again on a throwaway PostgreSQL cluster (tests/pg.sh), builds, then
# the browser end-to-end suite (and its smoke run on PostgreSQL).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need_apt+=(fonts-noto-cjk)
# The bulletin test opens the .docx in LibreOffice and renders its pages.
[ -x /usr/bin/soffice ] || need_apt+=(libreoffice-writer-nogui)
[ -x /usr/bin/pdftoppm ] || need_apt+=(poppler-utils)
# The store suites run a second time on a throwaway PostgreSQL cluster (tests/pg.sh).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
if [ ${#need_apt[@]} -gt 0 ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "installing ${need_apt[*]} (Debian packages)" >&2
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
	else
		echo "missing ${need_apt[*]}: run 'sudo apt-get install -y ${need_apt[*]}'" >&2
		exit 1
	fi
fi

# The build first: the HTTP integration test runs the built server as `npm start` does.
echo '== build' >&2
npm run build >&2

echo '== unit and integration tests (vitest, SQLite)' >&2
npx vitest --run

# Every suite that opens a real store, again on PostgreSQL: the same tests, the store chosen by
# PACESETTER_TEST_DATABASE_URL (src/lib/server/test-fixtures.ts `testDbLocation`).
store_suites=(
	src/lib/server/db/writers.test.ts
	src/lib/server/data-version.test.ts
	src/lib/server/imports
	src/lib/server/submissions
	src/lib/server/norms.test.ts
	src/lib/server/branches.test.ts
	src/lib/server/response-cache.test.ts
	src/lib/server/auth
	src/lib/server/trpc
	src/lib/server/summary.test.ts
	src/lib/server/overview.test.ts
	src/lib/server/branch-page.test.ts
	src/lib/server/page-data.test.ts
	src/lib/server/talking-points.test.ts
	src/lib/server/export.test.ts
	tests/integration/cli.test.ts
	tests/integration/backup.test.ts
	tests/integration/instances.test.ts
)
echo '== the store suites on PostgreSQL (throwaway cluster)' >&2
bash tests/pg.sh npx vitest --run "${store_suites[@]}"

echo '== end-to-end tests (Playwright, Debian Chromium)' >&2
bash tests/e2e.sh "$@"

echo '== smoke run on PostgreSQL (Playwright, throwaway cluster)' >&2
bash tests/e2e-pg.sh
