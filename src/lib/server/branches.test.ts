/** The registry file's sync into a real SQLite store. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Branch } from '../domain/branches';
import { loadRegistry, syncBranches } from './branches';
import { changeToken, openDb, type OpenedDb } from './db';

let store: OpenedDb;
beforeEach(async () => {
	store = await openDb(':memory:');
});
afterEach(async () => {
	await store.close();
});

const branch = (slug: string, name: string, order: number): Branch => ({
	slug,
	name,
	short: name.slice(0, 2),
	nameEn: slug.toUpperCase(),
	aliases: [],
	colour: '#123456',
	order
});

describe('syncBranches', () => {
	it('writes nothing when the registry already matches the file (the data version stays)', async () => {
		const file = [branch('a', '甲支部', 1), branch('b', '乙支部', 2)];
		await syncBranches(store.db, file);
		const token = changeToken(store.db);
		await syncBranches(store.db, file);
		await syncBranches(store.db, file);
		expect(changeToken(store.db)).toBe(token);
	});

	it('applies a renamed branch, and keeps one no longer listed after the listed ones, once', async () => {
		await syncBranches(store.db, [branch('a', '甲支部', 1), branch('b', '乙支部', 2)]);
		const renamed = [branch('b', '乙检察部支部', 1)];
		await syncBranches(store.db, renamed);
		const token = changeToken(store.db);
		await syncBranches(store.db, renamed);
		expect(changeToken(store.db)).toBe(token);
		const registry = await loadRegistry(store.db);
		expect(registry.branches.map((b) => [b.slug, b.name])).toEqual([
			['b', '乙检察部支部'],
			['a', '甲支部']
		]);
		const sorts = await store.db.selectFrom('branches').select(['slug', 'sort']).execute();
		expect(Object.fromEntries(sorts.map((r) => [r.slug, r.sort]))).toEqual({ a: 100001, b: 1 });
	});
});
