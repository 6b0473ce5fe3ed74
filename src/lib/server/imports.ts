/**
 * Imports: plan, apply (all-or-nothing), revert, history, detail and completeness.
 * Every value ever imported is kept in `import_rows`, and `current_rows` holds, per cell, the newest
 * applied import's value; both are packed per branch × month (encodings in `db/packed.ts`).
 */
import { sql } from 'kysely';
import { INPUT_METRICS } from '../domain/metrics';
import { monthsIn } from '../domain/periods';
import type { Cell, Encoding, ParsedFile, Problem } from '../import/types';
import { sqliteOf, type Db } from './db';
import type { Database as SQLiteDatabase, Statement as SQLiteStatement } from 'better-sqlite3';
import type { ImportRow } from './db/schema';
import {
	ColumnIndex,
	decodeCurrent,
	decodeImported,
	encodeCurrent,
	packGroup,
	rawOf,
	type CurrentCells,
	type ImportedCell
} from './db/packed';

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

const rowKey = (branch: string, month: string) => `${branch}|${month}`;

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

const CHUNK = 500;

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

type PackedRow = [branch: string, month: string, cells: string];

interface RowWriter {
	imported(importId: number, branch: string, month: string, cells: string): void;
	current(branch: string, month: string, cells: string): void;
	gone(branch: string, month: string): void;
	/** Writes what is still buffered. */
	flush(): Promise<void>;
}

/**
 * Writes packed rows. On SQLite straight through prepared statements on the raw connection (inside
 * the caller's transaction, which holds that connection), so a row's text is short-lived; other
 * dialects buffer and write through the query builder in batches.
 */
function rowWriter(trx: Db, raw: SQLiteDatabase | undefined): RowWriter {
	if (raw) {
		let insert: SQLiteStatement | undefined;
		let upsert: SQLiteStatement | undefined;
		let remove: SQLiteStatement | undefined;
		return {
			imported(importId, branch, month, cells) {
				insert ??= raw.prepare(
					'insert into import_rows (import_id, branch, month, cells) values (?, ?, ?, ?)'
				);
				insert.run(importId, branch, month, cells);
			},
			current(branch, month, cells) {
				upsert ??= raw.prepare(
					`insert into current_rows (branch, month, cells) values (?, ?, ?)
					on conflict (branch, month) do update set cells = excluded.cells`
				);
				upsert.run(branch, month, cells);
			},
			gone(branch, month) {
				remove ??= raw.prepare('delete from current_rows where branch = ? and month = ?');
				remove.run(branch, month);
			},
			flush: async () => {}
		};
	}
	const imported: { import_id: number; branch: string; month: string; cells: string }[] = [];
	const current: { branch: string; month: string; cells: string }[] = [];
	const gone: PackedRow[] = [];
	return {
		imported: (import_id, branch, month, cells) =>
			void imported.push({ import_id, branch, month, cells }),
		current: (branch, month, cells) => void current.push({ branch, month, cells }),
		gone: (branch, month) => void gone.push([branch, month, '']),
		async flush() {
			for (let i = 0; i < imported.length; i += CHUNK)
				await trx
					.insertInto('import_rows')
					.values(imported.slice(i, i + CHUNK))
					.execute();
			for (let i = 0; i < current.length; i += CHUNK)
				await trx
					.insertInto('current_rows')
					.values(current.slice(i, i + CHUNK))
					.onConflict((oc) =>
						oc
							.columns(['branch', 'month'])
							.doUpdateSet((eb) => ({ cells: eb.ref('excluded.cells') }))
					)
					.execute();
			for (const [branch, month] of gone)
				await trx
					.deleteFrom('current_rows')
					.where('branch', '=', branch)
					.where('month', '=', month)
					.execute();
		}
	};
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
	}
): Promise<ImportOutcome> {
	if (parsed.errors.length) {
		return outcome(parsed, 'rejected', await planImport(db, parsed), null);
	}
	if (opts.dryRun) return outcome(parsed, 'valid', await planImport(db, parsed), null);
	return db.transaction().execute(async (trx) => {
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
		// One history row and one current row per branch × month; every cell of the file becomes
		// current (this is now the newest import supplying it).
		const writer = rowWriter(trx, sqliteOf(db));
		const columns = new ColumnIndex();
		for (const g of groupCells(parsed.cells)) {
			const old = current.get(rowKey(g.branch, g.month));
			const packed = packGroup(parsed.cells, g.indexes, c.prev, id, columns, old);
			writer.imported(id, g.branch, g.month, packed.imported);
			writer.current(g.branch, g.month, packed.current);
		}
		await writer.flush();
		await trx
			.updateTable('imports')
			.set({ columns: JSON.stringify(columns.texts) })
			.where('id', '=', id)
			.execute();
		const applied = outcome(parsed, 'applied', plan, id);
		await opts.audit?.(trx, applied);
		return applied;
	});
}

/**
 * Revert an import: each cell it supplies falls back to the newest remaining applied import's value,
 * or to none. Reverting an already reverted import changes nothing.
 */
export async function revertImport(
	db: Db,
	importId: number,
	now: Date = new Date(),
	/** Runs in the revert's transaction (the audit row goes in with it). */
	audit?: (trx: Db, r: { importId: number; restored: number; cleared: number }) => Promise<void>
): Promise<{ importId: number; restored: number; cleared: number } | null> {
	return db.transaction().execute(async (trx) => {
		const result = await revertIn(trx, db, importId, now);
		if (result) await audit?.(trx, result);
		return result;
	});
}

async function revertIn(trx: Db, db: Db, importId: number, now: Date) {
	{
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
		// The branch × months this import supplies a current value of, with their current cells.
		const mine = await trx
			.selectFrom('import_rows as r')
			.innerJoin('current_rows as c', (j) =>
				j.onRef('c.branch', '=', 'r.branch').onRef('c.month', '=', 'r.month')
			)
			.select(['r.branch', 'r.month', 'c.cells'])
			.where('r.import_id', '=', importId)
			.execute();
		const affected = new Map<
			string,
			{ branch: string; month: string; cells: CurrentCells; metrics: string[] }
		>();
		for (const r of mine) {
			const cells = decodeCurrent(r.cells);
			const metrics = Object.keys(cells).filter((m) => cells[m][1] === importId);
			if (metrics.length) affected.set(rowKey(r.branch, r.month), { ...r, cells, metrics });
		}
		if (affected.size === 0) return { importId, restored: 0, cleared: 0 };
		// Each cell falls back to the newest remaining applied import that supplied it.
		const earlier = await trx
			.selectFrom('import_rows as mine')
			.innerJoin('import_rows as r', (j) =>
				j.onRef('r.branch', '=', 'mine.branch').onRef('r.month', '=', 'mine.month')
			)
			.innerJoin('imports as i', 'i.id', 'r.import_id')
			.select(['r.branch', 'r.month', 'r.import_id', 'r.cells'])
			.where('mine.import_id', '=', importId)
			.where('i.status', '=', 'applied')
			.orderBy('r.branch')
			.orderBy('r.month')
			.orderBy('r.import_id', 'desc')
			.execute();
		const candidates = new Map<string, { importId: number; cells: ImportedCell[] }[]>();
		for (const r of earlier) {
			const key = rowKey(r.branch, r.month);
			if (!affected.has(key)) continue;
			let list = candidates.get(key);
			if (!list) candidates.set(key, (list = []));
			list.push({ importId: r.import_id, cells: decodeImported(r.cells) });
		}
		let restored = 0;
		let cleared = 0;
		const writer = rowWriter(trx, sqliteOf(db));
		for (const [key, a] of affected) {
			const list = candidates.get(key) ?? [];
			for (const metric of a.metrics) {
				const found = fallback(list, metric);
				if (found) {
					a.cells[metric] = found;
					restored++;
				} else {
					delete a.cells[metric];
					cleared++;
				}
			}
			const cells = encodeCurrent(a.cells);
			if (cells === '{}') writer.gone(a.branch, a.month);
			else writer.current(a.branch, a.month, cells);
		}
		await writer.flush();
		return { importId, restored, cleared };
	}
}

/** A metric's value in the newest of `imports` (newest first) that holds it: its last cell there. */
function fallback(
	imports: { importId: number; cells: ImportedCell[] }[],
	metric: string
): [number, number] | null {
	for (const imp of imports) {
		for (let k = imp.cells.length - 1; k >= 0; k--)
			if (imp.cells[k][1] === metric) return [imp.cells[k][2], imp.importId];
	}
	return null;
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

interface DetailRow {
	branch: string;
	month: string;
	cells: ImportedCell[];
	current: string | null;
}

/** An import's rows (all, or those of `only`) with their current cells, by their first cell. */
async function detailRows(
	db: Db,
	importId: number,
	only?: { branch: string; month: string }[]
): Promise<DetailRow[]> {
	let q = db
		.selectFrom('import_rows as r')
		.leftJoin('current_rows as c', (j) =>
			j.onRef('c.branch', '=', 'r.branch').onRef('c.month', '=', 'r.month')
		)
		.select(['r.branch', 'r.month', 'r.cells', 'c.cells as current'])
		.where('r.import_id', '=', importId);
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
			sql<number>`json_array_length(cells)`.as('n'),
			sql<number>`cells ->> '$[0][0]'`.as('first')
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
	const offset = opts.offset ?? 0;
	const limit = opts.limit ?? 1000;
	const byRows = opts.changedOnly ? null : await pageByRows(db, importId, offset, limit);
	const rows = byRows?.rows ?? (await detailRows(db, importId));
	// The shown cells as (row, cell) positions: only a page of them becomes objects.
	const at: [number, number][] = [];
	rows.forEach((r, i) =>
		r.cells.forEach((cell, k) => {
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
	return {
		import: toSummary(imp),
		total: byRows ? byRows.total : at.length,
		cells: at.slice(from, from + limit).map(([i, k]): ImportCell => {
			const cell = rows[i].cells[k];
			const [, metric, value, previous, row, column] = cell;
			return {
				branch: rows[i].branch,
				month: rows[i].month,
				metric,
				value,
				previous,
				current: currentOf(i)[metric]?.[1] === importId,
				row,
				column: columns[column],
				raw: rawOf(cell)
			};
		})
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
	const current = await db
		.selectFrom('current_rows')
		.select(['branch', 'month', 'cells'])
		.where('month', '>=', range.from)
		.where('month', '<=', range.to)
		.execute();
	const rows = current.map((r) => {
		const cells = Object.values(decodeCurrent(r.cells));
		return { ...r, n: cells.length, imports: [...new Set(cells.map((c) => c[1]))] };
	});
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
				imports: r ? r.imports.sort((a, b) => a - b) : []
			});
		}
	}
	return { months, branches, cells };
}

/** The first and last month with any current value, or null for an empty database. */
export async function dataRange(db: Db): Promise<{ from: string; to: string } | null> {
	const r = await db
		.selectFrom('current_rows')
		.select((eb) => [eb.fn.min('month').as('from'), eb.fn.max('month').as('to')])
		.executeTakeFirst();
	return r?.from && r.to ? { from: r.from as string, to: r.to as string } : null;
}
