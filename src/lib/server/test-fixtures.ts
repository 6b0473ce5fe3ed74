/**
 * Fixtures of the server's unit tests (not a test file itself): an in-memory store holding test
 * branches `a`, `b`, `c`, and parsed files made from lists of cells, as the pipeline would give them.
 */
import type { Branch } from '../domain/branches';
import type { MetricId } from '../domain/metrics';
import type { Cell, ParsedFile } from '../import/types';
import { syncBranches } from './branches';
import { openDb, type OpenedDb } from './db';

export type CellSpec = [branch: string, month: string, metric: MetricId, value: number];

const BRANCHES: Branch[] = [
	{ slug: 'a', name: '甲支部', short: '甲', nameEn: 'A', aliases: [], colour: '#000', order: 1 },
	{ slug: 'b', name: '乙支部', short: '乙', nameEn: 'B', aliases: [], colour: '#111', order: 2 },
	{ slug: 'c', name: '丙支部', short: '丙', nameEn: 'C', aliases: [], colour: '#222', order: 3 }
];

/** A fresh in-memory store with the first `branches` test branches. */
export async function memoryStore(branches: 2 | 3): Promise<OpenedDb> {
	const store = await openDb(':memory:');
	await syncBranches(store.db, BRANCHES.slice(0, branches));
	return store;
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
