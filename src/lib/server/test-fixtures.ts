/**
 * Fixtures of the server's unit tests (not a test file itself): an in-memory store holding test
 * branches `a`, `b`, `c`, and parsed files made from lists of cells, as the pipeline would give them.
 */
import type { Branch } from '../domain/branches';
import type { MetricId } from '../domain/metrics';
import type { Cell, ParsedFile } from '../import/types';
import { syncBranches } from './branches';
import { openDb, writeTransaction, type OpenedDb } from './db';
import type { Role } from '../domain/roles';
import { migrateAuth } from './auth';
import { createAccount, findAccount } from './auth/accounts';
import { sessionOf, signIn } from './auth/session';
import type { Context } from './trpc/init';

export type CellSpec = [branch: string, month: string, metric: MetricId, value: number];

const BRANCHES: Branch[] = [
	{
		slug: 'a',
		name: '甲支部',
		short: '甲',
		nameEn: 'A',
		shortEn: 'A',
		aliases: [],
		colour: '#000',
		order: 1
	},
	{
		slug: 'b',
		name: '乙支部',
		short: '乙',
		nameEn: 'B',
		shortEn: 'B',
		aliases: [],
		colour: '#111',
		order: 2
	},
	{
		slug: 'c',
		name: '丙支部',
		short: '丙',
		nameEn: 'C',
		shortEn: 'C',
		aliases: [],
		colour: '#222',
		order: 3
	}
];

let schemas = 0;

/**
 * Where a test's store is: `sqlitePath` (a file, or `:memory:`), or, when the test runner set
 * `PACESETTER_TEST_DATABASE_URL` (`tests/pg.sh`), a fresh schema of that PostgreSQL database, so
 * the same test runs on both stores. Opening the returned location twice opens the same store.
 */
export function testDbLocation(sqlitePath = ':memory:'): string {
	const url = process.env.PACESETTER_TEST_DATABASE_URL;
	if (!url) return sqlitePath;
	const schema = `t_${process.pid}_${++schemas}_${Math.random().toString(36).slice(2, 8)}`;
	return `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;
}

/** The CLI's options naming the store at `location` (`--db PATH` or `--database-url URL`). */
export const dbArgs = (location: string): string[] =>
	/^postgres(ql)?:\/\//.test(location) ? ['--database-url', location] : ['--db', location];

/** Which store the tests run on (`testDbLocation`). */
export const testDialect = (): 'sqlite' | 'postgres' =>
	process.env.PACESETTER_TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** A fresh store (SQLite in memory, or PostgreSQL: `testDbLocation`) with test branches. */
export async function memoryStore(branches: 2 | 3): Promise<OpenedDb> {
	const store = await openDb(testDbLocation());
	await syncBranches(store.db, BRANCHES.slice(0, branches));
	return store;
}

/**
 * Another connection to the store at `location` (a second process, say the CLI) holding the write
 * lock inside its write transaction until `release()`.
 */
export async function holdWriteLock(location: string): Promise<{ release(): Promise<void> }> {
	const other = await openDb(location);
	let release!: () => void;
	const held = new Promise<void>((r) => (release = r));
	let locked!: () => void;
	const taken = new Promise<void>((r) => (locked = r));
	const done = writeTransaction(other.db, async () => {
		locked();
		await held;
	});
	await Promise.race([taken, done]);
	return {
		async release() {
			release();
			await done;
			await other.close();
		}
	};
}

/**
 * A valid parsed file of these cells, one per row from row 2 on, hashed as its name; `column`
 * names a cell's source column (default: the metric id).
 */
export function parsedFile(
	name: string,
	specs: CellSpec[],
	opts: { format?: 'wide' | 'long'; column?: (metric: MetricId) => string } = {}
): ParsedFile {
	const cells: Cell[] = specs.map(([branch, month, metric, value], i) => ({
		branch,
		month,
		metric,
		value,
		row: i + 2,
		column: opts.column?.(metric) ?? metric,
		raw: String(value)
	}));
	const months = cells.map((c) => c.month).sort();
	return {
		fileName: name,
		size: 100,
		sha256: name,
		encoding: 'utf-8',
		delimiter: ',',
		format: opts.format ?? 'wide',
		headerRow: 1,
		title: null,
		columns: [],
		branchSource: 'column',
		rows: cells.length,
		cells,
		missing: 0,
		branches: [...new Set(cells.map((c) => c.branch))],
		months: months.length ? { from: months[0], to: months.at(-1)! } : null,
		errors: [],
		warnings: [],
		preview: { header: [], rows: [] }
	};
}

/**
 * A tRPC context signed in the way a user signs in: an account of `role` is created (as an admin
 * would), then signs in through better-auth's endpoint, and the session cookie it got is read back.
 */
export async function signedInContext(
	store: OpenedDb & { path?: string },
	role: Role,
	opts: { branch?: string; locale?: 'zh-cn' | 'en'; username?: string } = {}
): Promise<Context> {
	await migrateAuth(store.db);
	const username = opts.username ?? `${role}.${(opts.branch ?? 'all').replaceAll('-', '_')}`;
	const password = `${username}-password`;
	if (!(await findAccount(store.db, username)))
		await createAccount(
			store.db,
			{ username, role, branch: opts.branch, password, mustChangePassword: false },
			{ actor: 'test-setup' }
		);
	const jar = new Map<string, string>();
	const cookies = { set: (name: string, value: string) => jar.set(name, value) } as never;
	const client = { address: '127.0.0.1', agent: 'vitest' };
	const request = new Request('http://localhost/login', { method: 'POST' });
	const result = await signIn(store.db, request, cookies, client, username, password);
	if (!result.ok) throw new Error(`test sign-in as ${username} failed: ${result.reason}`);
	const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	const viewer = await sessionOf(
		store.db,
		new Request('http://localhost/', { headers: { cookie } }),
		client
	);
	return {
		store: { path: ':memory:', ...store },
		locale: opts.locale ?? 'zh-cn',
		viewer,
		client
	};
}
