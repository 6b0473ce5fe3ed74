/**
 * The embedded store: SQLite through better-sqlite3 behind Kysely (so a PostgreSQL dialect can be
 * added later). WAL mode; migrations run on open.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql, type MigrationProvider } from 'kysely';
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

/** How long a writer waits for another process's write to finish before giving up. */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Another connection (the CLI, the server, a second CLI) held the write lock for longer than
 * `BUSY_TIMEOUT_MS`: nothing was written; trying again later will do. The CLI exits with its own
 * code for it, tRPC answers 503.
 */
export class StoreBusyError extends Error {
	constructor() {
		super('database busy: another import or revert is writing; try again in a moment');
		this.name = 'StoreBusyError';
	}
}

/** Whether `e` says the database stayed locked (ours, or SQLite's own `SQLITE_BUSY…`). */
export function isBusyError(e: unknown): boolean {
	if (e instanceof StoreBusyError) return true;
	const code = (e as { code?: unknown } | null)?.code;
	return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run `fn` as one write transaction, the way every writer does. On SQLite it starts with
 * `BEGIN IMMEDIATE`, taking the write lock before reading anything: a deferred transaction that
 * reads first and upgrades later fails at once with `SQLITE_BUSY` when another process wrote in
 * between, whatever the busy timeout. While another connection holds the lock it waits, in short
 * steps that leave the event loop free (a server keeps answering), up to `BUSY_TIMEOUT_MS`, then
 * throws `StoreBusyError`. The connection is held throughout, so no other query of this process
 * runs inside the transaction. Other dialects use Kysely's transaction.
 */
export async function writeTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
	const raw = rawHandles.get(db);
	if (!raw) return db.transaction().execute(fn);
	return db.connection().execute(async (conn) => {
		const deadline = Date.now() + BUSY_TIMEOUT_MS;
		const previous = raw.pragma('busy_timeout', { simple: true }) as number;
		raw.pragma('busy_timeout = 20');
		try {
			for (;;) {
				try {
					await sql`begin immediate`.execute(conn);
					break;
				} catch (e) {
					if (!isBusyError(e)) throw e;
					if (Date.now() >= deadline) throw new StoreBusyError();
					await sleep(15 + Math.random() * 30);
				}
			}
		} finally {
			raw.pragma(`busy_timeout = ${previous}`);
		}
		try {
			const result = await fn(conn);
			await sql`commit`.execute(conn);
			return result;
		} catch (e) {
			if (raw.inTransaction) await sql`rollback`.execute(conn);
			throw e;
		}
	});
}

/** Open (creating if needed) and migrate the database at `path` (`:memory:` for tests). */
export async function openDb(path: string): Promise<OpenedDb> {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	rawHandles.set(db, sqlite);
	const provider: MigrationProvider = { getMigrations: async () => migrations };
	const { error } = await new Migrator({ db, provider }).migrateToLatest();
	if (error) {
		await db.destroy();
		throw error instanceof Error ? error : new Error(String(error));
	}
	return { db, sqlite, close: () => db.destroy() };
}
