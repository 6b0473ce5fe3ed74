import { describe, expect, it } from 'vitest';
import { loadRegistry, readBranchesCsv, syncBranches } from './branches';
import { openDb } from './db';

describe('the registry sync', () => {
	it("keeps data/branches.csv's English short names in the database's registry", async () => {
		const store = await openDb(':memory:');
		try {
			await syncBranches(store.db, readBranchesCsv('data/branches.csv'));
			const registry = await loadRegistry(store.db);
			expect(registry.bySlug('first-procuratorial')?.shortEn).toBe('1st Procuratorial');
			expect(registry.bySlug('political-department')?.shortEn).toBe('Political Dept.');
		} finally {
			await store.close();
		}
	});
});
