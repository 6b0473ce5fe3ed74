/**
 * Planning and applying a parsed file. Every value ever imported is kept in `import_rows`, and
 * `current_rows` holds, per cell, the newest applied import's value; both are packed per
 * branch × month (encodings in `../db/packed.ts`).
 */
import type { Cell, Encoding, ParsedFile, Problem } from '../../import/types';
import { writeTransaction, type Db } from '../db';
import { ColumnIndex, decodeCurrent, packGroup, type CurrentCells } from '../db/packed';
import { rowKey, rowWriter } from './rows';

export interface ReplacedCell {
	branch: string;
	month: string;
	metric: string;
	old: number;
	new: number;
	row: number;
	column: string;
}

export interface ImportPlan {
	new: number;
	replaced: number;
	unchanged: number;
	/** The cells whose current value would change (old → new), first `limit` of them. */
	replacedCells: ReplacedCell[];
	/** An earlier import of byte-identical content, if any. */
	identicalTo: { importId: number; importedAt: string } | null;
}

export type ImportStatusOut = 'applied' | 'unchanged' | 'rejected' | 'valid';

export interface ImportOutcome extends ImportPlan {
	file: string;
	status: ImportStatusOut;
	encoding: Encoding | null;
	rows: number;
	importId: number | null;
	errors: Problem[];
	warnings: Problem[];
}

/** Branch × month rows packed between two batches the row writer sends. */
const SEND_EVERY = 2000;

/** Current cells of the branch × months a file touches, keyed by `branch|month`. */
async function currentFor(db: Db, parsed: ParsedFile): Promise<Map<string, CurrentCells>> {
	const out = new Map<string, CurrentCells>();
	if (!parsed.months || parsed.cells.length === 0) return out;
	const rows = await db
		.selectFrom('current_rows')
		.select(['branch', 'month', 'cells'])
		.where('branch', 'in', parsed.branches)
		.where('month', '>=', parsed.months.from)
		.where('month', '<=', parsed.months.to)
		.execute();
	for (const r of rows) out.set(rowKey(r.branch, r.month), decodeCurrent(r.cells));
	return out;
}

async function identicalImport(db: Db, sha256: string): Promise<ImportPlan['identicalTo']> {
	const row = await db
		.selectFrom('imports')
		.select(['id', 'imported_at'])
		.where('sha256', '=', sha256)
		.orderBy('id', 'desc')
		.executeTakeFirst();
	return row ? { importId: row.id, importedAt: row.imported_at } : null;
}

function classify(cells: Cell[], current: Map<string, CurrentCells>, limit: number) {
	let fresh = 0;
	let unchanged = 0;
	const replaced: ReplacedCell[] = [];
	let replacedCount = 0;
	const prev: (number | null)[] = new Array<number | null>(cells.length).fill(null);
	// Nothing current in the file's range (a first import): every cell is new, no key to build.
	if (current.size === 0) return { fresh: cells.length, unchanged, replaced, replacedCount, prev };
	let row: CurrentCells | undefined;
	for (let i = 0; i < cells.length; i++) {
		const c = cells[i];
		// A file's cells come a branch × month at a time: look its current row up once per run.
		if (i === 0 || c.branch !== cells[i - 1].branch || c.month !== cells[i - 1].month)
			row = current.get(rowKey(c.branch, c.month));
		const old = row?.[c.metric]?.[0];
		prev[i] = old ?? null;
		if (old === undefined) fresh++;
		else if (old === c.value) unchanged++;
		else {
			replacedCount++;
			if (replaced.length < limit) {
				replaced.push({
					branch: c.branch,
					month: c.month,
					metric: c.metric,
					old,
					new: c.value,
					row: c.row,
					column: c.column
				});
			}
		}
	}
	return { fresh, unchanged, replaced, replacedCount, prev };
}

/** What applying a parsed file would do, without writing anything. */
export async function planImport(db: Db, parsed: ParsedFile, limit = 500): Promise<ImportPlan> {
	const identicalTo = await identicalImport(db, parsed.sha256);
	if (parsed.errors.length) {
		return { new: 0, replaced: 0, unchanged: 0, replacedCells: [], identicalTo };
	}
	const c = classify(parsed.cells, await currentFor(db, parsed), limit);
	return {
		new: c.fresh,
		replaced: c.replacedCount,
		unchanged: c.unchanged,
		replacedCells: c.replaced,
		identicalTo
	};
}

function outcome(
	parsed: ParsedFile,
	status: ImportStatusOut,
	plan: ImportPlan,
	importId: number | null
): ImportOutcome {
	return {
		file: parsed.fileName,
		status,
		encoding: parsed.encoding,
		rows: parsed.rows,
		importId,
		errors: parsed.errors,
		warnings: parsed.warnings,
		...plan
	};
}

/** The file's cells grouped by branch × month, groups in order of first appearance. */
function groupCells(cells: Cell[]): { branch: string; month: string; indexes: number[] }[] {
	const groups: { branch: string; month: string; indexes: number[] }[] = [];
	const byKey = new Map<string, number[]>();
	let last: number[] | undefined;
	for (let i = 0; i < cells.length; i++) {
		const c = cells[i];
		if (last && c.branch === cells[i - 1].branch && c.month === cells[i - 1].month) {
			last.push(i);
			continue;
		}
		const key = rowKey(c.branch, c.month);
		last = byKey.get(key);
		if (!last) {
			byKey.set(key, (last = []));
			groups.push({ branch: c.branch, month: c.month, indexes: last });
		}
		last.push(i);
	}
	return groups;
}

/**
 * Apply a parsed file in one transaction. A file with errors is rejected and writes nothing; a file
 * that would change no current value is `unchanged` and records nothing. Not-reported cells never
 * reach here (the pipeline leaves them out), so they never overwrite an earlier value.
 */
export async function applyImport(
	db: Db,
	parsed: ParsedFile,
	opts: {
		by: string;
		dryRun?: boolean;
		now?: Date;
		/** Runs in the import's transaction once it is written (the audit row goes in with it). */
		audit?: (trx: Db, o: ImportOutcome) => Promise<void>;
		/**
		 * Runs in the transaction with the plan, before anything is written; throwing aborts it
		 * (accepting a submission checks it is still pending and still does what was previewed).
		 */
		beforeWrite?: (trx: Db, plan: ImportPlan) => Promise<void>;
		/** Runs in the transaction at the end, applied or unchanged alike. */
		afterWrite?: (trx: Db, o: ImportOutcome) => Promise<void>;
	}
): Promise<ImportOutcome> {
	if (parsed.errors.length) {
		return outcome(parsed, 'rejected', await planImport(db, parsed), null);
	}
	if (opts.dryRun) return outcome(parsed, 'valid', await planImport(db, parsed), null);
	return writeTransaction(db, async (trx) => {
		const identicalTo = await identicalImport(trx, parsed.sha256);
		const current = await currentFor(trx, parsed);
		const c = classify(parsed.cells, current, 500);
		const plan: ImportPlan = {
			new: c.fresh,
			replaced: c.replacedCount,
			unchanged: c.unchanged,
			replacedCells: c.replaced,
			identicalTo
		};
		await opts.beforeWrite?.(trx, plan);
		if (c.fresh + c.replacedCount === 0) {
			const unchanged = outcome(parsed, 'unchanged', plan, null);
			await opts.afterWrite?.(trx, unchanged);
			return unchanged;
		}
		const { id } = await trx
			.insertInto('imports')
			.values({
				file_name: parsed.fileName,
				sha256: parsed.sha256,
				size: parsed.size,
				encoding: parsed.encoding ?? 'utf-8',
				format: parsed.format ?? 'wide',
				imported_at: (opts.now ?? new Date()).toISOString(),
				imported_by: opts.by,
				status: 'applied',
				reverted_at: null,
				branches: JSON.stringify(parsed.branches),
				month_from: parsed.months!.from,
				month_to: parsed.months!.to,
				rows: parsed.rows,
				cells: parsed.cells.length,
				cells_new: c.fresh,
				cells_replaced: c.replacedCount,
				cells_unchanged: c.unchanged,
				warnings: JSON.stringify(parsed.warnings)
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		// One history row and one current row per branch × month; every cell of the file becomes
		// current (this is now the newest import supplying it).
		const writer = rowWriter(trx, db);
		const columns = new ColumnIndex();
		for (const [i, g] of groupCells(parsed.cells).entries()) {
			const old = current.get(rowKey(g.branch, g.month));
			const packed = packGroup(parsed.cells, g.indexes, c.prev, id, columns, old);
			writer.imported(id, g.branch, g.month, packed.imported);
			if (old) writer.current(g.branch, g.month, packed.current);
			else writer.added(g.branch, g.month, packed.current);
			// A province's rows are written as they are packed, not all held at once.
			if (i % SEND_EVERY === SEND_EVERY - 1) await writer.send();
		}
		await writer.flush();
		await trx
			.updateTable('imports')
			.set({ columns: JSON.stringify(columns.texts) })
			.where('id', '=', id)
			.execute();
		const applied = outcome(parsed, 'applied', plan, id);
		await opts.audit?.(trx, applied);
		await opts.afterWrite?.(trx, applied);
		return applied;
	});
}
