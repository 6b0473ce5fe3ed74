/**
 * The embedded store: SQLite through better-sqlite3 behind Kysely (so a PostgreSQL dialect can be
 * added later). WAL mode; migrations run on open.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { migrations } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** The database file: `PACESETTER_DB`, else `data/pacesetter.db` under the working directory. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
	return resolve(env.PACESETTER_DB || 'data/pacesetter.db');
}

export interface OpenedDb {
	db: Db;
	/** The raw connection, for the few statements that need it (pragmas, integrity checks). */
	sqlite: SQLite.Database;
	close(): Promise<void>;
}

const rawHandles = new WeakMap<Db, SQLite.Database>();

/**
 * The better-sqlite3 connection behind a `Db` made by `openDb`, or undefined (another dialect).
 * Only for bulk writes, where building a statement per batch costs more than SQLite's own work.
 */
export function sqliteOf(db: Db): SQLite.Database | undefined {
	return rawHandles.get(db);
}

const tokenStatements = new WeakMap<
	SQLite.Database,
	SQLite.Statement<[], { t: number; d: number }>
>();

/**
 * A token that changes whenever anything in the database changed, through this connection
 * (`total_changes()`) or any other, e.g. the CLI importing while the server runs (`data_version`).
 * A few microseconds; undefined for other dialects. Caches derived from the data key on it.
 */
export function changeToken(db: Db): string | undefined {
	const raw = rawHandles.get(db);
	if (!raw) return undefined;
	let statement = tokenStatements.get(raw);
	if (!statement) {
		statement = raw.prepare(
			'select total_changes() as t, data_version as d from pragma_data_version()'
		);
		tokenStatements.set(raw, statement);
	}
	const { t, d } = statement.get()!;
	return `${d}:${t}`;
}

/** Open (creating if needed) and migrate the database at `path` (`:memory:` for tests). */
export async function openDb(path: string): Promise<OpenedDb> {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	const provider: MigrationProvider = { getMigrations: async () => migrations };
	const { error } = await new Migrator({ db, provider }).migrateToLatest();
	if (error) {
		await db.destroy();
		throw error instanceof Error ? error : new Error(String(error));
	}
	rawHandles.set(db, sqlite);
	return { db, sqlite, close: () => db.destroy() };
}
