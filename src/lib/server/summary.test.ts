import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricId } from '../domain/metrics';
import type { ParsedFile } from '../import/types';
import { syncBranches } from './branches';
import { openDb, type OpenedDb } from './db';
import { applyImport, revertImport } from './imports';
import { branchStatuses } from './summary';

let store: OpenedDb;

beforeEach(async () => {
	store = await openDb(':memory:');
	await syncBranches(store.db, [
		{ slug: 'a', name: '甲支部', short: '甲', nameEn: 'A', aliases: [], colour: '#000', order: 1 },
		{ slug: 'b', name: '乙支部', short: '乙', nameEn: 'B', aliases: [], colour: '#111', order: 2 }
	]);
});

afterEach(async () => {
	await store.close();
});

function file(name: string, specs: [string, string, MetricId, number][]): ParsedFile {
	const cells = specs.map(([branch, month, metric, value], i) => ({
		branch,
		month,
		metric,
		value,
		row: i + 2,
		column: metric,
		raw: String(value)
	}));
	const months = cells.map((c) => c.month).sort();
	return {
		fileName: name,
		size: 1,
		sha256: name,
		encoding: 'utf-8',
		delimiter: ',',
		format: 'wide',
		headerRow: 1,
		title: null,
		columns: [],
		branchSource: 'column',
		rows: cells.length,
		cells,
		missing: 0,
		branches: [...new Set(cells.map((c) => c.branch))],
		months: { from: months[0], to: months.at(-1)! },
		errors: [],
		warnings: [],
		preview: { header: [], rows: [] }
	};
}

describe('branchStatuses', () => {
	it('gives the latest month, the latest members figure and the last import per branch', async () => {
		await applyImport(
			store.db,
			file('1.csv', [
				['a', '2020-01', 'members', 10],
				['a', '2020-03', 'members', 12],
				['a', '2020-04', 'party_days', 1]
			]),
			{ by: 't', now: new Date('2024-01-01T00:00:00Z') }
		);
		const later = await applyImport(store.db, file('2.csv', [['a', '2020-02', 'members', 11]]), {
			by: 't',
			now: new Date('2024-02-01T00:00:00Z')
		});
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
