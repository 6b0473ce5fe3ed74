#!/usr/bin/env bash
# `bash tests/pg.sh [--durable] COMMAND…`: runs COMMAND against a throwaway PostgreSQL cluster.
# Starts one (Debian's postgresql package, installed when missing; never Docker or a downloaded
# binary) in a temporary folder on a free loopback port, exports its URL as
# PACESETTER_TEST_DATABASE_URL, runs COMMAND, then stops the cluster and removes the folder, also
# when COMMAND fails or is interrupted. Exits with COMMAND's status.
# The cluster skips fsync (a test cluster is thrown away) unless --durable (the store bench).
set -euo pipefail
cd "$(dirname "$0")/.."

durable=0
if [ "${1:-}" = "--durable" ]; then
	durable=1
	shift
fi
[ $# -gt 0 ] || {
	echo "usage: bash tests/pg.sh [--durable] COMMAND..." >&2
	exit 2
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "installing postgresql (Debian package)" >&2
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
	else
		echo "missing PostgreSQL: run 'sudo apt-get install -y postgresql'" >&2
		exit 1
	fi
fi
bin=$(pg_bin)

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir=$(mktemp -d "${TMPDIR:-/tmp}/pacesetter-pg.XXXXXX")
[ "$(id -u)" -ne 0 ] || chown postgres "$dir"
started=0
cleanup() {
	if [ "$started" = 1 ]; then
		as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 ||
			as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
	>"$dir/initdb.log" 2>&1 || {
	cat "$dir/initdb.log" >&2
	exit 1
}
port=$(npx tsx tests/free-ports.ts 1)
settings="-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200"
[ "$durable" = 1 ] || settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
started=1
as_pg "$bin/pg_ctl" -D "$dir/data" -o "$settings" -l "$dir/server.log" -w -t 60 start >/dev/null || {
	cat "$dir/server.log" >&2
	exit 1
}
export PACESETTER_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
export PACESETTER_PG_BIN="$bin"
echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway)" >&2
status=0
"$@" || status=$?
exit "$status"
