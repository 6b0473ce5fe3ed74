/**
 * The store: SQLite through better-sqlite3 (the default: one file, WAL mode) or PostgreSQL through
 * `pg` (`PACESETTER_DATABASE_URL=postgres://…`), both behind Kysely. Migrations run on open. What
 * differs between the two dialects' SQL lives in `dialect.ts`; what differs in locking and change
 * tracking lives here (`writeTransaction`, `changeToken`/`dataVersion`).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import {
	Kysely,
	Migrator,
	PostgresDialect,
	SqliteDialect,
	sql,
	type MigrationProvider
} from 'kysely';
import { migrations } from './migrations';
import type { Database } from './schema';
import { dialectOf, isPostgresUrl, type Dialect } from './dialect';

export { dialectOf, isPostgresUrl, type Dialect };

export type Db = Kysely<Database>;

/** The database file: `PACESETTER_DB`, else `data/pacesetter.db` under the working directory. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env): string {
	return resolve(env.PACESETTER_DB || 'data/pacesetter.db');
}

/**
 * Where the store is: `PACESETTER_DATABASE_URL` (a `postgres://` URL) when set, else the SQLite
 * file `defaultDbPath`.
 */
export function defaultDbLocation(env: NodeJS.ProcessEnv = process.env): string {
	return env.PACESETTER_DATABASE_URL || defaultDbPath(env);
}

/** The location for logs: a PostgreSQL URL without its password. */
export function describeLocation(location: string): string {
	if (!isPostgresUrl(location)) return location;
	const url = new URL(location);
	if (url.password) url.password = '***';
	return url.toString();
}

export interface OpenedDb {
	db: Db;
	dialect: Dialect;
	/** SQLite's raw connection, for the few statements that need it (pragmas, backups); PostgreSQL: none. */
	sqlite?: SQLite.Database;
	close(): Promise<void>;
}

const rawHandles = new WeakMap<Db, SQLite.Database>();

/** A PostgreSQL store's pool clients by backend process id (`pgClientOf`). */
const pgClients = new WeakMap<Db, Map<number, pg.PoolClient>>();

/**
 * The better-sqlite3 connection behind a `Db` made by `openDb`, or undefined (another dialect).
 * Only for bulk writes, where building a statement per batch costs more than SQLite's own work.
 */
export function sqliteOf(db: Db): SQLite.Database | undefined {
	return rawHandles.get(db);
}

/**
 * The `pg` client behind `trx`, a transaction (or connection) of the PostgreSQL store `db` that
 * `openDb` made, for what Kysely cannot say: `COPY … FROM STDIN` (bulk writes). Found by the
 * server's process id, which each client learns when it connects. Undefined for SQLite.
 */
export async function pgClientOf(db: Db, trx: Db): Promise<pg.PoolClient | undefined> {
	const clients = pgClients.get(db);
	if (!clients) return undefined;
	const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
	const client = clients.get(rows[0].pid);
	if (!client)
		throw new Error(
			`PostgreSQL connection ${rows[0].pid} is not one of this store's (a pooler in transaction mode in between?)`
		);
	return client;
}

const tokenStatements = new WeakMap<
	SQLite.Database,
	SQLite.Statement<[], { t: number; d: number }>
>();

/**
 * A token that changes whenever anything in the database changed, through this connection
 * (`total_changes()`) or any other, e.g. the CLI importing while the server runs (`data_version`).
 * A few microseconds; undefined for PostgreSQL (`pgDataVersion`). Caches key on `dataVersion`.
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

/**
 * PostgreSQL's codes for "try again": a lock not granted within `lock_timeout`, a serialisation
 * failure, a deadlock.
 */
const PG_RETRY_CODES = new Set(['55P03', '40001', '40P01']);

/** Whether `e` says the database stayed locked (ours, SQLite's `SQLITE_BUSY…`, PostgreSQL's). */
export function isBusyError(e: unknown): boolean {
	if (e instanceof StoreBusyError) return true;
	const code = (e as { code?: unknown } | null)?.code;
	return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || PG_RETRY_CODES.has(code));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run `fn` as one write transaction, the way every writer does. On SQLite it starts with
 * `BEGIN IMMEDIATE`, taking the write lock before reading anything: a deferred transaction that
 * reads first and upgrades later fails at once with `SQLITE_BUSY` when another process wrote in
 * between, whatever the busy timeout. While another connection holds the lock it waits, in short
 * steps that leave the event loop free (a server keeps answering), up to `BUSY_TIMEOUT_MS`, then
 * throws `StoreBusyError`. The connection is held throughout, so no other query of this process
 * runs inside the transaction.
 *
 * On PostgreSQL writers serialise the same way: the transaction first takes one advisory lock
 * (every writer of every instance and the CLI take the same), waiting up to `BUSY_TIMEOUT_MS`
 * (`lock_timeout`), then reads and writes what the writer before it committed; two imports of the
 * same branch × month never lose an update. It bumps the data version (`dataVersion`) before it
 * commits, atomically with its writes.
 */
export async function writeTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
	const raw = rawHandles.get(db);
	if (!raw) return versionedWriteTransaction(db, fn);
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

/** The advisory lock key every PostgreSQL writer takes ("PACE" in ASCII). */
const PG_WRITE_LOCK = 0x50414345;
/** The advisory lock key of opening (migrating) a PostgreSQL store. */
const PG_OPEN_LOCK = PG_WRITE_LOCK + 1;

/**
 * The write transaction of a store without SQLite's raw handle (PostgreSQL; or a Kysely made
 * elsewhere on a SQLite connection): serialised by the advisory lock on PostgreSQL, and bumping the
 * version row that `pgDataVersion` reads.
 */
async function versionedWriteTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
	try {
		return await db.transaction().execute(async (trx) => {
			if (dialectOf(trx) === 'postgres') {
				await sql`select set_config('lock_timeout', ${`${BUSY_TIMEOUT_MS}ms`}, true)`.execute(trx);
				await sql`select pg_advisory_xact_lock(${sql.lit(PG_WRITE_LOCK)})`.execute(trx);
			}
			const result = await fn(trx);
			await sql`insert into meta (key, value) values ('data_version', '1')
				on conflict (key) do update set value = cast(cast(meta.value as bigint) + 1 as text)`.execute(trx);
			return result;
		});
	} catch (e) {
		if (isBusyError(e) && !(e instanceof StoreBusyError)) throw new StoreBusyError();
		throw e;
	}
}

/**
 * The data version of a PostgreSQL store: the counter every `writeTransaction` bumps, shared by
 * every instance and the CLI. Undefined for a store `openDb` opened on SQLite (its `changeToken`
 * says it for free).
 */
export async function pgDataVersion(db: Db): Promise<string | undefined> {
	if (rawHandles.has(db)) return undefined;
	const row = await db
		.selectFrom('meta')
		.select('value')
		.where('key', '=', 'data_version')
		.executeTakeFirst();
	return `pg:${row?.value ?? '0'}`;
}

/** The `meta` row PostgreSQL's triggers bump on every change to accounts and sessions (`migrateAuth`). */
export const ACCOUNTS_VERSION_KEY = 'accounts_version';

/**
 * What a request needs to know has changed, read once: `data`, the data's version (`dataVersion`),
 * and `writes`, which changes with every write at all, accounts and sessions included. SQLite: its
 * change token for both (it counts every write, through any connection). PostgreSQL: the data
 * version and the accounts version, in one statement.
 */
export async function storeVersions(db: Db): Promise<{ data: string; writes: string }> {
	const token = changeToken(db);
	if (token !== undefined) return { data: token, writes: token };
	const rows = await db
		.selectFrom('meta')
		.select(['key', 'value'])
		.where('key', 'in', ['data_version', ACCOUNTS_VERSION_KEY])
		.execute();
	const of = (key: string) => rows.find((r) => r.key === key)?.value ?? '0';
	const data = `pg:${of('data_version')}`;
	return { data, writes: `${data}:${of(ACCOUNTS_VERSION_KEY)}` };
}

/**
 * Run `fn` while holding the store's opening lock (PostgreSQL: a session advisory lock, so two
 * instances starting at once migrate one after the other; SQLite: its own locking suffices).
 */
export async function whileOpening<T>(db: Db, fn: () => Promise<T>): Promise<T> {
	if (rawHandles.has(db)) return fn();
	return db.connection().execute(async (conn) => {
		await sql`select pg_advisory_lock(${sql.lit(PG_OPEN_LOCK)})`.execute(conn);
		try {
			return await fn();
		} finally {
			await sql`select pg_advisory_unlock(${sql.lit(PG_OPEN_LOCK)})`.execute(conn);
		}
	});
}

const PG_BIGINT = 20;
const PG_NUMERIC = 1700;

/**
 * A PostgreSQL connection pool for `url`. Counts (`bigint`) and sums (`numeric`) come back as
 * numbers, as SQLite gives them. A `schema` query parameter (e.g. one per province) becomes the
 * connections' `search_path`.
 */
function pgPool(url: string): { pool: pg.Pool; schema: string | undefined } {
	const parsed = new URL(url);
	const schema = parsed.searchParams.get('schema') ?? undefined;
	parsed.searchParams.delete('schema');
	if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
		throw new Error(
			`PACESETTER_DATABASE_URL: schema "${schema}" must be lower-case letters, digits and _`
		);
	const pool = new pg.Pool({
		connectionString: parsed.toString(),
		max: Number(process.env.PACESETTER_DATABASE_POOL || 10),
		options: schema ? `-c search_path=${schema}` : undefined,
		types: {
			getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
				oid === PG_BIGINT || oid === PG_NUMERIC
					? (v: string) => Number(v)
					: pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
		}
	});
	// An idle connection that the server closes (a restart) is replaced on the next query.
	pool.on('error', (e) => console.error(`database connection lost: ${e.message}`));
	return { pool, schema };
}

/** Migrate; on PostgreSQL the migrations' own tables go in `schema` (a store per schema). */
async function migrate(db: Db, schema?: string): Promise<void> {
	const provider: MigrationProvider = { getMigrations: async () => migrations };
	const migrator = new Migrator({ db, provider, migrationTableSchema: schema });
	const { error } = await migrator.migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
}

/**
 * Open (creating if needed) and migrate the store at `location`: a `postgres://` URL, or the path
 * of a SQLite file (`:memory:` for tests).
 */
export async function openDb(location: string): Promise<OpenedDb> {
	if (isPostgresUrl(location)) return openPostgres(location);
	return openSqlite(location);
}

async function openPostgres(url: string): Promise<OpenedDb> {
	const { pool, schema } = pgPool(url);
	const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
	const clients = new Map<number, pg.PoolClient>();
	pgClients.set(db, clients);
	pool.on('connect', (client) => {
		const pid = (client as { processID?: number }).processID;
		if (pid !== undefined) clients.set(pid, client);
	});
	pool.on('remove', (client) => {
		const pid = (client as { processID?: number }).processID;
		if (pid !== undefined) clients.delete(pid);
	});
	try {
		await whileOpening(db, async () => {
			if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
			const current = await sql<{ s: string }>`select current_schema() as s`.execute(db);
			await migrate(db, current.rows[0].s);
		});
	} catch (e) {
		await db.destroy();
		throw e;
	}
	return { db, dialect: 'postgres', close: () => db.destroy() };
}

async function openSqlite(path: string): Promise<OpenedDb> {
	if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = NORMAL');
	sqlite.pragma('foreign_keys = ON');
	const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
	rawHandles.set(db, sqlite);
	try {
		await migrate(db);
	} catch (e) {
		await db.destroy();
		throw e;
	}
	return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
}
