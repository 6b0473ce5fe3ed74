import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDb } from '../db';
import {
	applyImport,
	countImports,
	importDetail,
	listImports,
	restoreImport,
	revertImport
} from '.';
import { memoryStore, parsedFile } from '../test-fixtures';

const by = { by: 'test' };
let store: OpenedDb;

beforeEach(async () => {
	store = await memoryStore(2);
});
afterEach(async () => {
	await store.close();
});

describe('listImports', () => {
	it('pages the history newest first', async () => {
		for (let k = 1; k <= 5; k++)
			await applyImport(store.db, parsedFile(`${k}.csv`, [['a', '2020-01', 'party_days', k]]), by);
		expect(await countImports(store.db)).toBe(5);
		expect((await listImports(store.db)).map((i) => i.id)).toEqual([5, 4, 3, 2, 1]);
		expect((await listImports(store.db, { limit: 2 })).map((i) => i.id)).toEqual([5, 4]);
		expect((await listImports(store.db, { limit: 2, offset: 2 })).map((i) => i.id)).toEqual([3, 2]);
		expect((await listImports(store.db, { offset: 4 })).map((i) => i.id)).toEqual([1]);
	});
});

describe('importDetail', () => {
	async function twoImports() {
		const first = await applyImport(
			store.db,
			parsedFile('1.csv', [
				['a', '2020-01', 'party_days', 1],
				['a', '2020-01', 'heart_talks', 2],
				['a', '2020-02', 'party_days', 3],
				['b', '2020-01', 'party_days', 4],
				['b', '2020-02', 'heart_talks', 5]
			]),
			by
		);
		await applyImport(store.db, parsedFile('2.csv', [['a', '2020-02', 'party_days', 9]]), by);
		return first.importId!;
	}

	it('filters the cells by branch, metric and month, and pages the filtered ones', async () => {
		const id = await twoImports();
		const cells = async (f: { branch?: string; metric?: string; month?: string }) =>
			(await importDetail(store.db, id, f))!;
		const key = (d: Awaited<ReturnType<typeof cells>>) =>
			d.cells.map((c) => `${c.branch} ${c.month} ${c.metric}`);
		expect(key(await cells({ branch: 'a' }))).toEqual([
			'a 2020-01 party_days',
			'a 2020-01 heart_talks',
			'a 2020-02 party_days'
		]);
		expect(key(await cells({ metric: 'party_days' }))).toEqual([
			'a 2020-01 party_days',
			'a 2020-02 party_days',
			'b 2020-01 party_days'
		]);
		expect(key(await cells({ month: '2020-02' }))).toEqual([
			'a 2020-02 party_days',
			'b 2020-02 heart_talks'
		]);
		const both = await cells({ branch: 'b', metric: 'heart_talks' });
		expect(key(both)).toEqual(['b 2020-02 heart_talks']);
		expect(both.total).toBe(1);
		const paged = await importDetail(store.db, id, { metric: 'party_days', limit: 1, offset: 1 });
		expect(paged?.total).toBe(3);
		expect(key(paged!)).toEqual(['a 2020-02 party_days']);
		expect((await cells({ branch: 'c' })).cells).toEqual([]);
	});

	it('says a reverted import’s cells are reverted, and after a restore that they were restored', async () => {
		const id = await twoImports();
		const states = async () =>
			(await importDetail(store.db, id))!.cells.map(
				(c) => `${c.branch} ${c.month} ${c.metric} ${c.state}`
			);
		expect(await states()).toEqual([
			'a 2020-01 party_days current',
			'a 2020-01 heart_talks current',
			'a 2020-02 party_days superseded',
			'b 2020-01 party_days current',
			'b 2020-02 heart_talks current'
		]);
		await revertImport(store.db, id);
		expect(new Set((await states()).map((s) => s.split(' ')[3]))).toEqual(new Set(['reverted']));
		await restoreImport(store.db, id);
		expect(await states()).toEqual([
			'a 2020-01 party_days restored',
			'a 2020-01 heart_talks restored',
			'a 2020-02 party_days superseded',
			'b 2020-01 party_days restored',
			'b 2020-02 heart_talks restored'
		]);
	});
});
