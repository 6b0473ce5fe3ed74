/** One import's cells, in file order, with the values they replaced and whether they are current. */
import type { Db } from '../db';
import { jsonArrayLength, jsonValue } from '../db/dialect';
import {
	decodeCurrent,
	decodeImported,
	rawOf,
	type CurrentCells,
	type ImportedCell
} from '../db/packed';
import { toSummary, type ImportSummary } from './history';

export interface ImportCell {
	branch: string;
	month: string;
	metric: string;
	value: number;
	/** The value this cell replaced when imported (null: it was new). */
	previous: number | null;
	/** Whether this import still supplies the cell's current value. */
	current: boolean;
	/**
	 * What became of the cell: `current` (this import supplies it), `restored` (supplies it again
	 * since the import was restored), `superseded` (a later applied import supplies it), `reverted`
	 * (the import is reverted).
	 */
	state: 'current' | 'restored' | 'superseded' | 'reverted';
	row: number;
	column: string;
	raw: string;
}

interface DetailRow {
	branch: string;
	month: string;
	cells: ImportedCell[];
	current: string | null;
}

/** Which of an import's cells the detail shows (every field optional: all of them). */
export interface DetailFilter {
	branch?: string;
	metric?: string;
	month?: string;
}

/**
 * An import's rows (all, those of `only`, or those of a filter's branch and month) with their
 * current cells, by their first cell.
 */
async function detailRows(
	db: Db,
	importId: number,
	only?: { branch: string; month: string }[],
	filter: DetailFilter = {}
): Promise<DetailRow[]> {
	let q = db
		.selectFrom('import_rows as r')
		.leftJoin('current_rows as c', (j) =>
			j.onRef('c.branch', '=', 'r.branch').onRef('c.month', '=', 'r.month')
		)
		.select(['r.branch', 'r.month', 'r.cells', 'c.cells as current'])
		.where('r.import_id', '=', importId);
	if (filter.branch) q = q.where('r.branch', '=', filter.branch);
	if (filter.month) q = q.where('r.month', '=', filter.month);
	if (only)
		q = q.where((eb) =>
			eb.or(only.map((k) => eb.and([eb('r.branch', '=', k.branch), eb('r.month', '=', k.month)])))
		);
	// Cells within a row are in file order, so the rows' concatenation is too unless rows interleave
	// (a long-format file), which the caller's check catches.
	return (await q.execute())
		.map((r) => ({ ...r, cells: decodeImported(r.cells) }))
		.sort((a, b) => a.cells[0][0] - b.cells[0][0]);
}

/**
 * The page of an import whose rows hold consecutive runs of its cells (every wide file): found
 * from each row's cell count and first cell without decoding the others — a province-scale import
 * has 60 k rows. Null when the rows interleave.
 */
async function pageByRows(db: Db, importId: number, offset: number, limit: number) {
	const layout = await db
		.selectFrom('import_rows')
		.select([
			'branch',
			'month',
			jsonArrayLength(db, 'cells').as('n'),
			jsonValue<number>(db, 'cells', [0, 0], 'number').as('first')
		])
		.where('import_id', '=', importId)
		.orderBy('first')
		.execute();
	if (layout.some((r, i) => i > 0 && r.first !== layout[i - 1].first + layout[i - 1].n))
		return null;
	const total = layout.reduce((sum, r) => sum + r.n, 0);
	const picked: { branch: string; month: string }[] = [];
	let start = 0;
	let skip = 0;
	for (const r of layout) {
		if (start + r.n > offset && start < offset + limit) {
			if (!picked.length) skip = offset - start;
			picked.push(r);
		}
		start += r.n;
	}
	// Many short rows (a long-format file) would make one long OR: read them all instead.
	if (picked.length > 200) return null;
	const rows = picked.length ? await detailRows(db, importId, picked) : [];
	return { rows, skip, total };
}

/**
 * One import with its cells (a page of `limit` from `offset`, in file order; only changed ones, or
 * those of a branch, metric or month, when asked) and the values they replaced.
 */
export async function importDetail(
	db: Db,
	importId: number,
	opts: { limit?: number; offset?: number; changedOnly?: boolean } & DetailFilter = {}
): Promise<{ import: ImportSummary; cells: ImportCell[]; total: number } | null> {
	const imp = await db
		.selectFrom('imports')
		.selectAll()
		.where('id', '=', importId)
		.executeTakeFirst();
	if (!imp) return null;
	const offset = opts.offset ?? 0;
	const limit = opts.limit ?? 1000;
	const filter: DetailFilter = { branch: opts.branch, metric: opts.metric, month: opts.month };
	const filtered = Boolean(filter.branch || filter.metric || filter.month);
	const byRows =
		opts.changedOnly || filtered ? null : await pageByRows(db, importId, offset, limit);
	const rows = byRows?.rows ?? (await detailRows(db, importId, undefined, filter));
	// The shown cells as (row, cell) positions: only a page of them becomes objects.
	const at: [number, number][] = [];
	rows.forEach((r, i) =>
		r.cells.forEach((cell, k) => {
			if (filter.metric && cell[1] !== filter.metric) return;
			if (!opts.changedOnly || cell[3] === null || cell[3] !== cell[2]) at.push([i, k]);
		})
	);
	const seqOf = ([i, k]: [number, number]) => rows[i].cells[k][0];
	if (at.some((p, j) => j > 0 && seqOf(at[j - 1]) > seqOf(p)))
		at.sort((p, q) => seqOf(p) - seqOf(q));
	const from = byRows ? byRows.skip : offset;
	const columns = JSON.parse(imp.columns) as string[];
	const currents = new Map<number, CurrentCells>();
	const currentOf = (i: number) => {
		let c = currents.get(i);
		if (!c) currents.set(i, (c = rows[i].current ? decodeCurrent(rows[i].current!) : {}));
		return c;
	};
	const summary = toSummary(imp);
	const stateOf = (current: boolean): ImportCell['state'] =>
		summary.status === 'reverted'
			? 'reverted'
			: !current
				? 'superseded'
				: summary.restoredAt
					? 'restored'
					: 'current';
	return {
		import: summary,
		total: byRows ? byRows.total : at.length,
		cells: at.slice(from, from + limit).map(([i, k]): ImportCell => {
			const cell = rows[i].cells[k];
			const [, metric, value, previous, row, column] = cell;
			const current = currentOf(i)[metric]?.[1] === importId;
			return {
				branch: rows[i].branch,
				month: rows[i].month,
				metric,
				value,
				previous,
				current,
				state: stateOf(current),
				row,
				column: columns[column],
				raw: rawOf(cell)
			};
		})
	};
}
