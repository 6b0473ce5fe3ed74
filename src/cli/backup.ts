/**
 * `cli backup --out FILE` and `cli restore-backup FILE`: a consistent copy of the store while the
 * server runs, and its restore into an empty database. SQLite: the online backup API (a page-by-page
 * copy that restarts when another connection writes, so the copy is one committed state). PostgreSQL:
 * `pg_dump` in its custom format (one snapshot) and `pg_restore`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { isPostgresUrl } from '../lib/server/db';

export class BackupError extends Error {}

/** Where PostgreSQL's client programs are: `PACESETTER_PG_BIN`, Debian's newest, else the PATH. */
export function pgProgram(name: 'pg_dump' | 'pg_restore', env = process.env): string {
	const candidates: string[] = [];
	if (env.PACESETTER_PG_BIN) candidates.push(join(env.PACESETTER_PG_BIN, name));
	if (existsSync('/usr/lib/postgresql'))
		for (const v of readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)))
			candidates.push(join('/usr/lib/postgresql', v, 'bin', name));
	for (const c of candidates) if (existsSync(c)) return c;
	for (const dir of (env.PATH ?? '').split(':'))
		if (dir && existsSync(join(dir, name))) return join(dir, name);
	throw new BackupError(
		`${name} not found: a PostgreSQL backup needs PostgreSQL's client programs. Install them ` +
			`(Debian/Ubuntu: apt-get install postgresql-client; or set PACESETTER_PG_BIN to the folder ` +
			`holding ${name}), then run the command again.`
	);
}

/** The URL without its `schema` parameter, and that schema (see `openDb`). */
function splitSchema(url: string): { url: string; schema: string | undefined } {
	const parsed = new URL(url);
	const schema = parsed.searchParams.get('schema') ?? undefined;
	parsed.searchParams.delete('schema');
	return { url: parsed.toString(), schema };
}

function run(program: string, args: string[]): void {
	const r = spawnSync(program, args, { encoding: 'utf8' });
	if (r.error) throw new BackupError(`${program} could not run: ${r.error.message}`);
	if (r.status !== 0)
		throw new BackupError(
			`${program} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' / ')}`
		);
}

/** Copy the store at `location` (its open SQLite handle, or a PostgreSQL URL) to `out`. */
export async function backupStore(
	location: string,
	sqlite: SQLite.Database | undefined,
	out: string
): Promise<void> {
	const target = resolve(out);
	if (!existsSync(dirname(target)))
		throw new BackupError(`no such folder for the backup: ${dirname(target)}; create it first`);
	if (sqlite) {
		await sqlite.backup(target);
		return;
	}
	if (!isPostgresUrl(location)) throw new BackupError(`not a store: ${location}`);
	const { url, schema } = splitSchema(location);
	const args = ['--format=custom', '--no-owner', '--no-privileges', `--file=${target}`];
	if (schema) args.push(`--schema=${schema}`);
	run(pgProgram('pg_dump'), [...args, `--dbname=${url}`]);
}

/**
 * Restore the backup `file` into the empty store at `location` (a SQLite path that does not exist
 * yet or is empty, or a PostgreSQL database or schema without tables). `isEmpty` says whether a
 * PostgreSQL target holds no tables.
 */
export async function restoreBackup(
	file: string,
	location: string,
	isEmpty: () => Promise<boolean>
): Promise<void> {
	const source = resolve(file);
	if (!existsSync(source)) throw new BackupError(`no such backup file: ${source}`);
	if (isPostgresUrl(location)) {
		if (!(await isEmpty()))
			throw new BackupError(
				'restore-backup only restores into an empty database: this one holds tables. Create a new database (createdb) or schema and point --database-url at it.'
			);
		const { url } = splitSchema(location);
		run(pgProgram('pg_restore'), [
			'--no-owner',
			'--no-privileges',
			'--exit-on-error',
			'--single-transaction',
			`--dbname=${url}`,
			source
		]);
		return;
	}
	const target = resolve(location);
	if (existsSync(target) && statSync(target).size > 0)
		throw new BackupError(
			`restore-backup only restores into an empty database: ${target} exists. Choose a new --db path.`
		);
	let backup: SQLite.Database;
	try {
		backup = new SQLite(source, { readonly: true, fileMustExist: true });
		backup.prepare('select count(*) from kysely_migration').get();
	} catch {
		throw new BackupError(
			`${source} is not a Pacesetter SQLite backup (for PostgreSQL use --database-url)`
		);
	}
	try {
		await backup.backup(target);
	} finally {
		backup.close();
	}
}
