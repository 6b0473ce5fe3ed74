import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricId } from '../../domain/metrics';
import { Kysely, SqliteDialect } from 'kysely';
import { sqliteOf, type OpenedDb } from '../db';
import type { Database } from '../db/schema';
import { applyImport, completeness, importDetail, listImports, planImport, revertImport } from '.';
import { currentSnapshot } from '../current-series';
import { memoryStore, parsedFile, testDialect, type CellSpec } from '../test-fixtures';

let store: OpenedDb;

beforeEach(async () => {
	store = await memoryStore(2);
});

afterEach(async () => {
	await store.close();
});

async function current(branch: string, month: string, metric: MetricId) {
	const { series } = await currentSnapshot(store.db);
	return series.get(branch)?.get(metric)?.get(month);
}

const by = { by: 'test' };

describe('applyImport', () => {
	it('records new cells and makes them current', async () => {
		const o = await applyImport(
			store.db,
			parsedFile('one.csv', [['a', '2020-01', 'party_days', 2]]),
			by
		);
		expect(o).toMatchObject({ status: 'applied', new: 1, replaced: 0, unchanged: 0 });
		expect(o.importId).toBeTypeOf('number');
		expect(await current('a', '2020-01', 'party_days')).toBe(2);
	});

	it('reports a second identical file as unchanged and records nothing', async () => {
		const f = parsedFile('one.csv', [['a', '2020-01', 'party_days', 2]]);
		const first = await applyImport(store.db, f, by);
		const again = await applyImport(store.db, f, by);
		expect(again).toMatchObject({ status: 'unchanged', new: 0, replaced: 0, unchanged: 1 });
		expect(again.importId).toBeNull();
		expect(again.identicalTo?.importId).toBe(first.importId);
		expect(await listImports(store.db)).toHaveLength(1);
	});

	it('replaces values, remembers the old ones and leaves other metrics alone', async () => {
		await applyImport(
			store.db,
			parsedFile('old.csv', [
				['a', '2020-01', 'party_days', 1],
				['a', '2020-01', 'heart_talks', 7]
			]),
			by
		);
		const plan = await planImport(
			store.db,
			parsedFile('new.csv', [['a', '2020-01', 'party_days', 3]])
		);
		expect(plan).toMatchObject({ new: 0, replaced: 1, unchanged: 0 });
		expect(plan.replacedCells[0]).toMatchObject({ old: 1, new: 3, metric: 'party_days' });
		const o = await applyImport(
			store.db,
			parsedFile('new.csv', [['a', '2020-01', 'party_days', 3]]),
			by
		);
		expect(await current('a', '2020-01', 'party_days')).toBe(3);
		expect(await current('a', '2020-01', 'heart_talks')).toBe(7);
		const detail = await importDetail(store.db, o.importId!);
		expect(detail?.cells[0]).toMatchObject({ value: 3, previous: 1, current: true });
	});

	it('writes nothing for a file with errors', async () => {
		await applyImport(store.db, parsedFile('ok.csv', [['a', '2020-01', 'party_days', 1]]), by);
		const bad = parsedFile('bad.csv', [['a', '2020-01', 'party_days', 9]]);
		bad.errors.push({ code: 'bad_number', row: 3, column: '主题党日', value: 'x' });
		const o = await applyImport(store.db, bad, by);
		expect(o.status).toBe('rejected');
		expect(await current('a', '2020-01', 'party_days')).toBe(1);
		expect(await listImports(store.db)).toHaveLength(1);
	});

	it('checks a dry run without writing', async () => {
		const o = await applyImport(
			store.db,
			parsedFile('dry.csv', [['a', '2020-01', 'party_days', 1]]),
			{
				...by,
				dryRun: true
			}
		);
		expect(o).toMatchObject({ status: 'valid', new: 1 });
		expect(await current('a', '2020-01', 'party_days')).toBeUndefined();
	});
});

describe('applyImport write paths', () => {
	/** Every imported cell with its provenance, and every current value, in a stable order. */
	const observations = (s: OpenedDb) => [
		...s.sqlite!.prepare('select * from import_cells order by import_id, seq').all(),
		...s.sqlite!.prepare('select * from current_values order by branch, month, metric').all()
	];
	const imported = (s: OpenedDb) =>
		s.sqlite!.prepare('select * from import_cells order by import_id, seq').all();

	// SQLite's two write paths (PostgreSQL has only the builder's, which every other test runs).
	it.skipIf(testDialect() === 'postgres')(
		'writes the same rows through the raw connection and through the query builder',
		async () => {
			// More cells than one builder batch, replacing an earlier value (prev_value set).
			const specs: CellSpec[] = [];
			for (let m = 1; m <= 12; m++)
				for (const metric of ['party_days', 'study_sessions', 'heart_talks'] as MetricId[])
					for (let k = 0; k < 20; k++)
						specs.push([
							k % 2 ? 'a' : 'b',
							`20${10 + k}-${String(m).padStart(2, '0')}`,
							metric,
							m + k
						]);
			const earlier = parsedFile('earlier.csv', [['a', '2011-01', 'party_days', 99]]);
			const big = parsedFile('big.csv', specs);

			expect(sqliteOf(store.db)).toBe(store.sqlite);
			await applyImport(store.db, earlier, by);
			const raw = await applyImport(store.db, big, by);

			const other = await memoryStore(2);
			try {
				// A second Kysely on the same connection: not made by openDb, so no raw handle.
				const builder = new Kysely<Database>({
					dialect: new SqliteDialect({ database: other.sqlite! })
				});
				expect(sqliteOf(builder)).toBeUndefined();
				await applyImport(builder, earlier, by);
				const viaBuilder = await applyImport(builder, big, by);

				expect(viaBuilder).toEqual(raw);
				expect(observations(other)).toEqual(observations(store));
				expect(imported(store)).toHaveLength(1 + specs.length);
				expect(raw).toMatchObject({ status: 'applied', replaced: 1, new: specs.length - 1 });
			} finally {
				await other.close();
			}
		}
	);
});

describe('revertImport', () => {
	it('falls back to the newest remaining import, then to none, and is harmless twice', async () => {
		const first = await applyImport(
			store.db,
			parsedFile('1.csv', [['a', '2020-01', 'party_days', 1]]),
			by
		);
		const second = await applyImport(
			store.db,
			parsedFile('2.csv', [
				['a', '2020-01', 'party_days', 2],
				['a', '2020-02', 'party_days', 5]
			]),
			by
		);
		expect(await revertImport(store.db, second.importId!)).toEqual({
			importId: second.importId,
			restored: 1,
			cleared: 1
		});
		expect(await current('a', '2020-01', 'party_days')).toBe(1);
		expect(await current('a', '2020-02', 'party_days')).toBeUndefined();
		expect(await revertImport(store.db, second.importId!)).toMatchObject({
			restored: 0,
			cleared: 0
		});
		expect(await current('a', '2020-01', 'party_days')).toBe(1);

		await revertImport(store.db, first.importId!);
		expect(await current('a', '2020-01', 'party_days')).toBeUndefined();
		const statuses = (await listImports(store.db)).map((i) => i.status);
		expect(statuses).toEqual(['reverted', 'reverted']);
	});

	it('leaves cells a newer import supplies untouched', async () => {
		const first = await applyImport(
			store.db,
			parsedFile('1.csv', [['a', '2020-01', 'party_days', 1]]),
			by
		);
		await applyImport(store.db, parsedFile('2.csv', [['a', '2020-01', 'party_days', 2]]), by);
		expect(await revertImport(store.db, first.importId!)).toMatchObject({
			restored: 0,
			cleared: 0
		});
		expect(await current('a', '2020-01', 'party_days')).toBe(2);
	});

	it('applies the same bytes again as a new import after a revert', async () => {
		const f = parsedFile('1.csv', [['a', '2020-01', 'party_days', 4]]);
		const first = await applyImport(store.db, f, by);
		await revertImport(store.db, first.importId!);
		const again = await applyImport(store.db, f, by);
		expect(again).toMatchObject({ status: 'applied', new: 1 });
		expect(again.importId).not.toBe(first.importId);
		expect(again.identicalTo?.importId).toBe(first.importId);
		expect(await current('a', '2020-01', 'party_days')).toBe(4);
	});

	it('returns null for an unknown import', async () => {
		expect(await revertImport(store.db, 999)).toBeNull();
	});
});

describe('completeness', () => {
	it('marks months reported, partly reported or not reported, with their imports', async () => {
		const o = await applyImport(
			store.db,
			parsedFile('1.csv', [
				['a', '2020-01', 'party_days', 1],
				['b', '2020-02', 'party_days', 1]
			]),
			by
		);
		const c = await completeness(store.db, { from: '2020-01', to: '2020-02' });
		expect(c.months).toEqual(['2020-01', '2020-02']);
		const a1 = c.cells.find((x) => x.branch === 'a' && x.month === '2020-01')!;
		expect(a1).toMatchObject({ status: 'partial', reported: 1, imports: [o.importId] });
		expect(c.cells.find((x) => x.branch === 'a' && x.month === '2020-02')!.status).toBe('missing');
	});
});

describe('revert across three imports', () => {
	it('falls back per cell to the newest remaining applied import, skipping reverted ones', async () => {
		const first = await applyImport(
			store.db,
			parsedFile('1.csv', [
				['a', '2020-01', 'party_days', 1],
				['a', '2020-01', 'heart_talks', 7]
			]),
			by
		);
		const second = await applyImport(
			store.db,
			parsedFile('2.csv', [['a', '2020-01', 'party_days', 2]]),
			by
		);
		const third = await applyImport(
			store.db,
			parsedFile('3.csv', [
				['a', '2020-01', 'party_days', 3],
				['a', '2020-01', 'heart_talks', 8]
			]),
			by
		);
		// The middle import supplies nothing current any more: reverting it changes nothing.
		expect(await revertImport(store.db, second.importId!)).toEqual({
			importId: second.importId,
			restored: 0,
			cleared: 0
		});
		expect(await current('a', '2020-01', 'party_days')).toBe(3);
		// Reverting the newest skips the reverted middle one: both cells fall back to the first.
		expect(await revertImport(store.db, third.importId!)).toEqual({
			importId: third.importId,
			restored: 2,
			cleared: 0
		});
		expect(await current('a', '2020-01', 'party_days')).toBe(1);
		expect(await current('a', '2020-01', 'heart_talks')).toBe(7);
		const detail = await importDetail(store.db, first.importId!);
		expect(detail?.cells.map((c) => [c.metric, c.current])).toEqual([
			['party_days', true],
			['heart_talks', true]
		]);
		expect((await importDetail(store.db, third.importId!))?.cells.every((c) => !c.current)).toBe(
			true
		);
		expect(await revertImport(store.db, third.importId!)).toMatchObject({
			restored: 0,
			cleared: 0
		});
		// The last one gone, the cells vanish, and so does the branch × month's current row.
		expect(await revertImport(store.db, first.importId!)).toMatchObject({
			restored: 0,
			cleared: 2
		});
		expect(await current('a', '2020-01', 'party_days')).toBeUndefined();
		expect(
			await store.db
				.selectFrom('current_rows')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirst()
		).toEqual({ n: 0 });
	});

	it('keeps file order, changed-only counts and fallbacks when branch × month rows interleave', async () => {
		const first = await applyImport(
			store.db,
			parsedFile('1.csv', [
				['a', '2020-01', 'party_days', 1],
				['a', '2020-02', 'party_days', 4],
				['a', '2020-01', 'heart_talks', 7]
			]),
			by
		);
		const detail = await importDetail(store.db, first.importId!);
		// File order, though the branch × month rows interleave.
		expect(detail?.cells.map((c) => c.row)).toEqual([2, 3, 4]);
		const second = await applyImport(
			store.db,
			parsedFile('2.csv', [
				['a', '2020-01', 'heart_talks', 9],
				['a', '2020-02', 'party_days', 4]
			]),
			by
		);
		expect(second).toMatchObject({ new: 0, replaced: 1, unchanged: 1 });
		const changed = await importDetail(store.db, second.importId!, { changedOnly: true });
		expect(changed?.total).toBe(1);
		expect(changed?.cells[0]).toMatchObject({ metric: 'heart_talks', previous: 7, value: 9 });
		expect(await revertImport(store.db, second.importId!)).toMatchObject({
			restored: 2,
			cleared: 0
		});
		expect(await current('a', '2020-01', 'heart_talks')).toBe(7);
		expect(await current('a', '2020-02', 'party_days')).toBe(4);
	});

	it('pages a wide import by its rows: every page is the same slice of the whole, in file order', async () => {
		const specs: CellSpec[] = [];
		for (const branch of ['a', 'b'])
			for (const month of ['2020-01', '2020-02', '2020-03'])
				for (const metric of ['party_days', 'heart_talks', 'lectures_given'] as const)
					specs.push([branch, month, metric, specs.length]);
		const done = await applyImport(store.db, parsedFile('wide.csv', specs), by);
		const whole = await importDetail(store.db, done.importId!);
		expect(whole?.total).toBe(18);
		expect(whole?.cells.map((c) => c.value)).toEqual(specs.map((s) => s[3]));
		for (const offset of [0, 2, 3, 7, 16, 18, 25]) {
			const page = await importDetail(store.db, done.importId!, { offset, limit: 5 });
			expect(page?.total, `offset ${offset}`).toBe(18);
			expect(page?.cells, `offset ${offset}`).toEqual(whole?.cells.slice(offset, offset + 5));
		}
	});
});
