import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ParsedFile } from '../import/types';
import { syncBranches } from './branches';
import { openDb, type OpenedDb } from './db';
import { applyImport, revertImport } from './imports';
import { dataVersion, ViewCache } from './view-cache';

let store: OpenedDb;

beforeEach(async () => {
	store = await openDb(':memory:');
	await syncBranches(store.db, [
		{ slug: 'a', name: '甲支部', short: '甲', nameEn: 'A', aliases: [], colour: '#000', order: 1 }
	]);
});

afterEach(async () => {
	await store.close();
});

function file(value: number, sha: string): ParsedFile {
	return {
		fileName: `${sha}.csv`,
		size: 1,
		sha256: sha,
		encoding: 'utf-8',
		delimiter: ',',
		format: 'wide',
		headerRow: 1,
		title: null,
		columns: [],
		branchSource: 'column',
		rows: 1,
		cells: [
			{ branch: 'a', month: '2020-01', metric: 'party_days', value, row: 2, column: 'x', raw: '1' }
		],
		missing: 0,
		branches: ['a'],
		months: { from: '2020-01', to: '2020-01' },
		errors: [],
		warnings: [],
		preview: { header: [], rows: [] }
	};
}

describe('ViewCache', () => {
	it('recomputes exactly when an import is applied or reverted', async () => {
		const cache = new ViewCache<number>();
		let computed = 0;
		const view = () => cache.get(store.db, 'k', async () => ++computed);
		expect(await view()).toBe(1);
		expect(await view()).toBe(1);

		const o = await applyImport(store.db, file(2, 'one'), { by: 't' });
		expect(await view()).toBe(2);
		// A file that changes nothing records nothing: the cached view stays.
		expect((await applyImport(store.db, file(2, 'again'), { by: 't' })).status).toBe('unchanged');
		expect(await view()).toBe(2);

		await revertImport(store.db, o.importId!);
		expect(await view()).toBe(3);
		expect(await view()).toBe(3);
	});

	it('shares one computation between concurrent callers and keeps keys apart', async () => {
		const cache = new ViewCache<string>();
		let computed = 0;
		const slow = (v: string) => () =>
			new Promise<string>((ok) => setTimeout(() => ok(`${v}${++computed}`), 10));
		const [a, b, c] = await Promise.all([
			cache.get(store.db, 'a', slow('a')),
			cache.get(store.db, 'a', slow('a')),
			cache.get(store.db, 'b', slow('b'))
		]);
		expect(a).toBe(b);
		expect(c).toMatch(/^b/);
		expect(computed).toBe(2);
	});

	it('forgets failures and the least recently used beyond its capacity', async () => {
		const cache = new ViewCache<number>(2);
		await expect(cache.get(store.db, 'x', () => Promise.reject(new Error('boom')))).rejects.toThrow(
			'boom'
		);
		expect(await cache.get(store.db, 'x', async () => 7)).toBe(7);
		await cache.get(store.db, 'y', async () => 8);
		await cache.get(store.db, 'x', async () => 0); // hit: x is now the most recent
		await cache.get(store.db, 'z', async () => 9);
		expect(cache.size(store.db)).toBe(2);
		expect(await cache.get(store.db, 'x', async () => -1)).toBe(7);
		expect(await cache.get(store.db, 'y', async () => 10)).toBe(10);
	});

	it('keeps databases apart', async () => {
		const cache = new ViewCache<string>();
		const other = await openDb(':memory:');
		try {
			expect(await cache.get(store.db, 'k', async () => 'mine')).toBe('mine');
			expect(await cache.get(other.db, 'k', async () => 'other')).toBe('other');
		} finally {
			await other.close();
		}
	});

	it('versions an empty database', async () => {
		expect(await dataVersion(store.db)).toBe('0:0:0');
	});
});
