#!/usr/bin/env bash
# `npm test`: every test. Installs Debian's Chromium, CJK fonts and LibreOffice when missing (never a
# downloaded browser), runs the unit/integration tests, builds, then the browser end-to-end suite.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
fc-list 2>/dev/null | grep -qi 'Noto Sans CJK' || need_apt+=(fonts-noto-cjk)
# The bulletin test opens the .docx in LibreOffice and renders its pages.
[ -x /usr/bin/soffice ] || need_apt+=(libreoffice-writer-nogui)
[ -x /usr/bin/pdftoppm ] || need_apt+=(poppler-utils)
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

echo '== unit and integration tests (vitest)' >&2
npx vitest --run

echo '== end-to-end tests (Playwright, Debian Chromium)' >&2
bash tests/e2e.sh "$@"
