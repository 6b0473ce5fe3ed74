import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDb } from './db';
import { applyImport, revertImport } from './imports';
import { branchStatuses } from './summary';
import { memoryStore, parsedFile } from './test-fixtures';

let store: OpenedDb;

beforeEach(async () => {
	store = await memoryStore(2);
});

afterEach(async () => {
	await store.close();
});

describe('branchStatuses', () => {
	it('gives the latest month, the latest members figure and the last import per branch', async () => {
		await applyImport(
			store.db,
			parsedFile('1.csv', [
				['a', '2020-01', 'members', 10],
				['a', '2020-03', 'members', 12],
				['a', '2020-04', 'party_days', 1]
			]),
			{ by: 't', now: new Date('2024-01-01T00:00:00Z') }
		);
		const later = await applyImport(
			store.db,
			parsedFile('2.csv', [['a', '2020-02', 'members', 11]]),
			{
				by: 't',
				now: new Date('2024-02-01T00:00:00Z')
			}
		);
		expect(await branchStatuses(store.db)).toEqual([
			{ slug: 'a', latestMonth: '2020-04', members: 12, lastImportAt: '2024-02-01T00:00:00.000Z' },
			{ slug: 'b', latestMonth: null, members: null, lastImportAt: null }
		]);
		await revertImport(store.db, later.importId!);
		expect((await branchStatuses(store.db))[0]).toMatchObject({
			members: 12,
			lastImportAt: '2024-01-01T00:00:00.000Z'
		});
	});
});
