/**
 * Imports: plan, apply (all-or-nothing), revert, history, detail and completeness.
 * Every value ever imported is kept in `observations`; `current_values` holds, per cell, the
 * newest applied import's observation.
 */
import { sql } from 'kysely';
import { INPUT_METRICS } from '../domain/metrics';
import { monthsIn } from '../domain/periods';
import type { Cell, Encoding, ParsedFile, Problem } from '../import/types';
import { sqliteOf, type Db } from './db';
import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { ImportRow, NewObservation } from './db/schema';

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

const cellKey = (branch: string, month: string, metric: string) => `${branch}|${month}|${metric}`;

/** Current values of the cells a file touches, keyed by `branch|month|metric`. */
async function currentFor(db: Db, parsed: ParsedFile): Promise<Map<string, number>> {
	const out = new Map<string, number>();
	if (!parsed.months || parsed.cells.length === 0) return out;
	const rows = await db
		.selectFrom('current_values')
		.select(['branch', 'month', 'metric', 'value'])
		.where('branch', 'in', parsed.branches)
		.where('month', '>=', parsed.months.from)
		.where('month', '<=', parsed.months.to)
		.execute();
	for (const r of rows) out.set(cellKey(r.branch, r.month, r.metric), r.value);
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

function classify(cells: Cell[], current: Map<string, number>, limit: number) {
	let fresh = 0;
	let unchanged = 0;
	const replaced: ReplacedCell[] = [];
	let replacedCount = 0;
	const prev: (number | null)[] = new Array<number | null>(cells.length).fill(null);
	// Nothing current in the file's range (a first import): every cell is new, no key to build.
	if (current.size === 0) return { fresh: cells.length, unchanged, replaced, replacedCount, prev };
	for (let i = 0; i < cells.length; i++) {
		const c = cells[i];
		const old = current.get(cellKey(c.branch, c.month, c.metric));
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

const CHUNK = 500;

/**
 * Write an import's observations. On SQLite through one prepared statement on the raw connection
 * (inside the caller's transaction, which holds that connection): at 1.3 M cells, building a
 * 500-row insert per batch cost a fifth of the import. Other dialects use the query builder.
 */
async function insertObservations(
	trx: Db,
	raw: SQLiteDatabase | undefined,
	importId: number,
	cells: Cell[],
	prev: (number | null)[]
): Promise<void> {
	if (raw) {
		const insert = raw.prepare(
			`insert into observations
				(import_id, branch, month, metric, value, source_row, source_column, raw, prev_value)
			values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
		);
		for (let i = 0; i < cells.length; i++) {
			const c = cells[i];
			insert.run(importId, c.branch, c.month, c.metric, c.value, c.row, c.column, c.raw, prev[i]);
		}
		return;
	}
	for (let i = 0; i < cells.length; i += CHUNK) {
		const chunk: NewObservation[] = [];
		for (let j = i; j < Math.min(i + CHUNK, cells.length); j++) {
			const cell = cells[j];
			chunk.push({
				import_id: importId,
				branch: cell.branch,
				month: cell.month,
				metric: cell.metric,
				value: cell.value,
				source_row: cell.row,
				source_column: cell.column,
				raw: cell.raw,
				prev_value: prev[j]
			});
		}
		await trx.insertInto('observations').values(chunk).execute();
	}
}

/**
 * Apply a parsed file in one transaction. A file with errors is rejected and writes nothing; a file
 * that would change no current value is `unchanged` and records nothing. Not-reported cells never
 * reach here (the pipeline leaves them out), so they never overwrite an earlier value.
 */
export async function applyImport(
	db: Db,
	parsed: ParsedFile,
	opts: { by: string; dryRun?: boolean; now?: Date }
): Promise<ImportOutcome> {
	if (parsed.errors.length) {
		return outcome(parsed, 'rejected', await planImport(db, parsed), null);
	}
	if (opts.dryRun) return outcome(parsed, 'valid', await planImport(db, parsed), null);
	return db.transaction().execute(async (trx) => {
		const identicalTo = await identicalImport(trx, parsed.sha256);
		const c = classify(parsed.cells, await currentFor(trx, parsed), 500);
		const plan: ImportPlan = {
			new: c.fresh,
			replaced: c.replacedCount,
			unchanged: c.unchanged,
			replacedCells: c.replaced,
			identicalTo
		};
		if (c.fresh + c.replacedCount === 0) return outcome(parsed, 'unchanged', plan, null);
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
		await insertObservations(trx, sqliteOf(db), id, parsed.cells, c.prev);
		// Every cell of the file becomes current: this is now the newest import supplying it.
		await sql`
			insert into current_values (branch, month, metric, value, observation_id, import_id)
			select branch, month, metric, value, id, import_id from observations where import_id = ${id}
			on conflict (branch, month, metric) do update set
				value = excluded.value, observation_id = excluded.observation_id, import_id = excluded.import_id
		`.execute(trx);
		return outcome(parsed, 'applied', plan, id);
	});
}

/**
 * Revert an import: each cell it supplies falls back to the newest remaining applied import's value,
 * or to none. Reverting an already reverted import changes nothing.
 */
export async function revertImport(
	db: Db,
	importId: number,
	now: Date = new Date()
): Promise<{ importId: number; restored: number; cleared: number } | null> {
	return db.transaction().execute(async (trx) => {
		const imp = await trx
			.selectFrom('imports')
			.select(['id', 'status'])
			.where('id', '=', importId)
			.executeTakeFirst();
		if (!imp) return null;
		if (imp.status === 'reverted') return { importId, restored: 0, cleared: 0 };
		await trx
			.updateTable('imports')
			.set({ status: 'reverted', reverted_at: now.toISOString() })
			.where('id', '=', importId)
			.execute();
		const affected = await trx
			.deleteFrom('current_values')
			.where('import_id', '=', importId)
			.executeTakeFirst();
		const removed = Number(affected.numDeletedRows);
		// Refill the removed cells from the newest remaining applied import that supplied each.
		const refilled = await sql`
			insert into current_values (branch, month, metric, value, observation_id, import_id)
			select o.branch, o.month, o.metric, o.value, o.id, o.import_id
			from observations mine
			join observations o on o.branch = mine.branch and o.month = mine.month and o.metric = mine.metric
			where mine.import_id = ${importId}
				and o.id = (
					select o2.id from observations o2 join imports i2 on i2.id = o2.import_id
					where o2.branch = mine.branch and o2.month = mine.month and o2.metric = mine.metric
						and i2.status = 'applied'
					order by o2.import_id desc, o2.id desc limit 1
				)
				and not exists (
					select 1 from current_values cv
					where cv.branch = mine.branch and cv.month = mine.month and cv.metric = mine.metric
				)
		`.execute(trx);
		const restored = Number(refilled.numAffectedRows ?? 0n);
		return { importId, restored, cleared: removed - restored };
	});
}

export interface ImportSummary {
	id: number;
	file: string;
	sha256: string;
	size: number;
	importedAt: string;
	importedBy: string;
	status: 'applied' | 'reverted';
	revertedAt: string | null;
	encoding: string;
	format: string;
	branches: string[];
	from: string;
	to: string;
	rows: number;
	cells: number;
	new: number;
	replaced: number;
	unchanged: number;
	warnings: Problem[];
}

function toSummary(r: ImportRow): ImportSummary {
	return {
		id: r.id,
		file: r.file_name,
		sha256: r.sha256,
		size: r.size,
		importedAt: r.imported_at,
		importedBy: r.imported_by,
		status: r.status,
		revertedAt: r.reverted_at,
		encoding: r.encoding,
		format: r.format,
		branches: JSON.parse(r.branches) as string[],
		from: r.month_from,
		to: r.month_to,
		rows: r.rows,
		cells: r.cells,
		new: r.cells_new,
		replaced: r.cells_replaced,
		unchanged: r.cells_unchanged,
		warnings: JSON.parse(r.warnings) as Problem[]
	};
}

/** The import history, newest first. */
export async function listImports(db: Db): Promise<ImportSummary[]> {
	const rows = await db.selectFrom('imports').selectAll().orderBy('id', 'desc').execute();
	return rows.map(toSummary);
}

export interface ImportCell {
	branch: string;
	month: string;
	metric: string;
	value: number;
	/** The value this cell replaced when imported (null: it was new). */
	previous: number | null;
	/** Whether this import still supplies the cell's current value. */
	current: boolean;
	row: number;
	column: string;
	raw: string;
}

/** One import with its cells (first `limit`, in file order) and the values they replaced. */
export async function importDetail(
	db: Db,
	importId: number,
	opts: { limit?: number; offset?: number; changedOnly?: boolean } = {}
): Promise<{ import: ImportSummary; cells: ImportCell[]; total: number } | null> {
	const imp = await db
		.selectFrom('imports')
		.selectAll()
		.where('id', '=', importId)
		.executeTakeFirst();
	if (!imp) return null;
	let q = db
		.selectFrom('observations as o')
		.leftJoin('current_values as cv', (j) =>
			j
				.onRef('cv.branch', '=', 'o.branch')
				.onRef('cv.month', '=', 'o.month')
				.onRef('cv.metric', '=', 'o.metric')
		)
		.where('o.import_id', '=', importId);
	if (opts.changedOnly) {
		q = q.where((eb) =>
			eb.or([eb('o.prev_value', 'is', null), eb('o.prev_value', '!=', eb.ref('o.value'))])
		);
	}
	const { total } = await q
		.select((eb) => eb.fn.countAll<number>().as('total'))
		.executeTakeFirstOrThrow();
	const rows = await q
		.select([
			'o.branch',
			'o.month',
			'o.metric',
			'o.value',
			'o.prev_value',
			'o.source_row',
			'o.source_column',
			'o.raw',
			'cv.observation_id',
			'o.id'
		])
		.orderBy('o.id')
		.limit(opts.limit ?? 1000)
		.offset(opts.offset ?? 0)
		.execute();
	return {
		import: toSummary(imp),
		total: Number(total),
		cells: rows.map((r) => ({
			branch: r.branch,
			month: r.month,
			metric: r.metric,
			value: r.value,
			previous: r.prev_value,
			current: r.observation_id === r.id,
			row: r.source_row,
			column: r.source_column,
			raw: r.raw
		}))
	};
}

export interface CompletenessCell {
	branch: string;
	month: string;
	/** Input metrics with a current value in this month. */
	reported: number;
	/** Input metrics expected (the catalogue's). */
	expected: number;
	status: 'reported' | 'partial' | 'missing';
	/** The imports that supplied this month's current values. */
	imports: number[];
}

/** Branch × month completeness over a range of months. */
export async function completeness(
	db: Db,
	range: { from: string; to: string }
): Promise<{ months: string[]; branches: string[]; cells: CompletenessCell[] }> {
	const rows = await db
		.selectFrom('current_values')
		.select((eb) => [
			'branch',
			'month',
			eb.fn.countAll<number>().as('n'),
			sql<string>`group_concat(distinct import_id)`.as('imports')
		])
		.where('month', '>=', range.from)
		.where('month', '<=', range.to)
		.groupBy(['branch', 'month'])
		.execute();
	const branches = (await db.selectFrom('branches').select('slug').orderBy('sort').execute()).map(
		(b) => b.slug
	);
	const months = monthsIn(range);
	const byKey = new Map(rows.map((r) => [`${r.branch}|${r.month}`, r]));
	const expected = INPUT_METRICS.length;
	const cells: CompletenessCell[] = [];
	for (const branch of branches) {
		for (const month of months) {
			const r = byKey.get(`${branch}|${month}`);
			const reported = r ? Number(r.n) : 0;
			cells.push({
				branch,
				month,
				reported,
				expected,
				status: reported === 0 ? 'missing' : reported >= expected ? 'reported' : 'partial',
				imports: r?.imports
					? r.imports
							.split(',')
							.map(Number)
							.sort((a, b) => a - b)
					: []
			});
		}
	}
	return { months, branches, cells };
}

/** The first and last month with any current value, or null for an empty database. */
export async function dataRange(db: Db): Promise<{ from: string; to: string } | null> {
	const r = await db
		.selectFrom('current_values')
		.select((eb) => [eb.fn.min('month').as('from'), eb.fn.max('month').as('to')])
		.executeTakeFirst();
	return r?.from && r.to ? { from: r.from as string, to: r.to as string } : null;
}
