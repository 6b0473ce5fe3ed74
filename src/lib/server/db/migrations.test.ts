import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { branchView } from '../branch-page';
import { syncBranches } from '../branches';
import { currentSnapshot } from '../current-series';
import { completeness, dataRange, importDetail, revertImport } from '../imports';
import { branchStatuses } from '../summary';
import { openDb, type OpenedDb } from '.';
import { migrations } from './migrations';

let dir: string;
let path: string;

beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-migrate-'));
	path = join(dir, 'old.db');
});

afterEach(() => {
	rmSync(dir, { recursive: true, force: true });
});

const PARTY_DAYS = '主题党日（次）';
const HEART_TALKS = '谈心谈话（人次）';

/**
 * A database as 0001/0002 left it, written the way the per-cell code wrote it: import 1 (two
 * branches), import 2 replacing a value and adding a month, import 3 reverted (its cell fell back).
 */
async function oldEraDatabase(): Promise<void> {
	const sqlite = new SQLite(path);
	const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
	const old = {
		'0001_initial': migrations['0001_initial'],
		'0002_write_friendly_indexes': migrations['0002_write_friendly_indexes']
	};
	const { error } = await new Migrator({
		db,
		provider: { getMigrations: async () => old }
	}).migrateToLatest();
	expect(error).toBeUndefined();
	const addImport = sqlite.prepare(
		`insert into imports (id, file_name, sha256, size, encoding, format, imported_at, imported_by,
			status, reverted_at, branches, month_from, month_to, rows, cells, cells_new, cells_replaced,
			cells_unchanged)
		values (?, ?, ?, 100, 'utf-8', 'wide', ?, 'test', ?, ?, '["a","b"]', '2020-01', '2020-02', 2,
			?, 0, 0, 0)`
	);
	addImport.run(1, '1.csv', 's1', '2024-01-01T00:00:00.000Z', 'applied', null, 3);
	addImport.run(2, '2.csv', 's2', '2024-02-01T00:00:00.000Z', 'applied', null, 2);
	addImport.run(3, '3.csv', 's3', '2024-03-01T00:00:00.000Z', 'reverted', '2024-03-02', 1);
	const observe = sqlite.prepare(
		`insert into observations
			(id, import_id, branch, month, metric, value, source_row, source_column, raw, prev_value)
		values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	observe.run(1, 1, 'a', '2020-01', 'party_days', 1, 2, PARTY_DAYS, '1', null);
	observe.run(2, 1, 'a', '2020-01', 'heart_talks', 7, 2, HEART_TALKS, '7', null);
	observe.run(3, 1, 'b', '2020-01', 'party_days', 3, 3, PARTY_DAYS, '3.0', null);
	observe.run(4, 2, 'a', '2020-01', 'party_days', 2, 2, PARTY_DAYS, '２', 1);
	observe.run(5, 2, 'a', '2020-02', 'party_days', 5, 3, PARTY_DAYS, '5', null);
	observe.run(6, 3, 'a', '2020-01', 'heart_talks', 9, 2, '谈心', '9', 7);
	const current = sqlite.prepare(
		`insert into current_values (branch, month, metric, value, observation_id, import_id)
		values (?, ?, ?, ?, ?, ?)`
	);
	current.run('a', '2020-01', 'party_days', 2, 4, 2);
	current.run('a', '2020-01', 'heart_talks', 7, 2, 1);
	current.run('b', '2020-01', 'party_days', 3, 3, 1);
	current.run('a', '2020-02', 'party_days', 5, 5, 2);
	await db.destroy();
}

async function migrated(): Promise<OpenedDb> {
	await oldEraDatabase();
	const store = await openDb(path);
	await syncBranches(store.db, [
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
		}
	]);
	return store;
}

describe('migration 0003_packed_cells', () => {
	it('converts current values, history and provenance, and drops the per-cell tables', async () => {
		const store = await migrated();
		try {
			const kinds = store
				.sqlite!.prepare(
					`select name, type from sqlite_master
					where name in ('observations', 'current_values', 'import_rows', 'current_rows')
					order by name`
				)
				.all();
			expect(kinds).toEqual([
				{ name: 'current_rows', type: 'table' },
				{ name: 'current_values', type: 'view' },
				{ name: 'import_rows', type: 'table' }
			]);
			expect(
				store
					.sqlite!.prepare(
						'select branch, month, metric, value, import_id from current_values order by branch, month, metric'
					)
					.all()
			).toEqual([
				{ branch: 'a', month: '2020-01', metric: 'heart_talks', value: 7, import_id: 1 },
				{ branch: 'a', month: '2020-01', metric: 'party_days', value: 2, import_id: 2 },
				{ branch: 'a', month: '2020-02', metric: 'party_days', value: 5, import_id: 2 },
				{ branch: 'b', month: '2020-01', metric: 'party_days', value: 3, import_id: 1 }
			]);
			const { series } = await currentSnapshot(store.db);
			expect(series.get('a')?.get('party_days')?.get('2020-01')).toBe(2);
			expect(series.get('b')?.get('party_days')?.get('2020-01')).toBe(3);

			// Every imported value with its provenance and what it replaced, in file order.
			const two = await importDetail(store.db, 2);
			expect(two?.total).toBe(2);
			expect(two?.cells).toEqual([
				{
					branch: 'a',
					month: '2020-01',
					metric: 'party_days',
					value: 2,
					previous: 1,
					current: true,
					state: 'current',
					row: 2,
					column: PARTY_DAYS,
					raw: '２'
				},
				{
					branch: 'a',
					month: '2020-02',
					metric: 'party_days',
					value: 5,
					previous: null,
					current: true,
					state: 'current',
					row: 3,
					column: PARTY_DAYS,
					raw: '5'
				}
			]);
			const one = await importDetail(store.db, 1);
			expect(one?.cells.map((c) => [c.branch, c.metric, c.raw, c.current])).toEqual([
				['a', 'party_days', '1', false],
				['a', 'heart_talks', '7', true],
				['b', 'party_days', '3.0', true]
			]);
			const three = await importDetail(store.db, 3);
			expect(three?.cells).toMatchObject([
				{ metric: 'heart_talks', value: 9, previous: 7, current: false, column: '谈心' }
			]);

			const page = await branchView(store.db, {
				slug: 'a',
				period: { from: '2020-01', to: '2020-02' },
				metrics: ['party_days']
			});
			expect(page.trends[0].sources).toMatchObject([
				[{ importId: 2, fileName: '2.csv', row: 2, column: PARTY_DAYS }],
				[{ importId: 2, fileName: '2.csv', row: 3, column: PARTY_DAYS }]
			]);
			expect(page.header.lastImport).toMatchObject({ id: 2, fileName: '2.csv' });
			expect(await dataRange(store.db)).toEqual({ from: '2020-01', to: '2020-02' });
			const matrix = await completeness(store.db, { from: '2020-01', to: '2020-01' });
			expect(matrix.cells.find((c) => c.branch === 'a')).toMatchObject({
				reported: 2,
				imports: [1, 2]
			});
			expect(await branchStatuses(store.db)).toMatchObject([
				{ slug: 'a', latestMonth: '2020-02', lastImportAt: '2024-02-01T00:00:00.000Z' },
				{ slug: 'b', latestMonth: '2020-01', lastImportAt: '2024-01-01T00:00:00.000Z' }
			]);
		} finally {
			await store.close();
		}
	});

	it('keeps the converted history usable: a revert falls back to a converted import', async () => {
		const store = await migrated();
		try {
			expect(await revertImport(store.db, 2)).toMatchObject({ restored: 1, cleared: 1 });
			const { series } = await currentSnapshot(store.db);
			expect(series.get('a')?.get('party_days')?.get('2020-01')).toBe(1);
			expect(series.get('a')?.get('party_days')?.get('2020-02')).toBeUndefined();
			expect(store.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(store.sqlite!.pragma('foreign_key_check')).toEqual([]);
		} finally {
			await store.close();
		}
	});
});
