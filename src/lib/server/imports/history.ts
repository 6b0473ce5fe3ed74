/** The import history: one summary per import, newest first. */
import type { Problem } from '../../import/types';
import type { Db } from '../db';
import type { ImportRow } from '../db/schema';

export interface ImportSummary {
	id: number;
	file: string;
	sha256: string;
	size: number;
	importedAt: string;
	importedBy: string;
	status: 'applied' | 'reverted';
	/** When it was last reverted (kept after a restore). */
	revertedAt: string | null;
	/** When it was last restored after a revert (null: never). */
	restoredAt: string | null;
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

export function toSummary(r: ImportRow): ImportSummary {
	return {
		id: r.id,
		file: r.file_name,
		sha256: r.sha256,
		size: r.size,
		importedAt: r.imported_at,
		importedBy: r.imported_by,
		status: r.status,
		revertedAt: r.reverted_at,
		restoredAt: r.restored_at,
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

/** The import history, newest first: all of it, or the page `offset`, `limit`. */
export async function listImports(
	db: Db,
	page: { limit?: number; offset?: number; branch?: string } = {}
): Promise<ImportSummary[]> {
	let q = db.selectFrom('imports').selectAll().orderBy('id', 'desc');
	if (page.branch !== undefined) q = q.where('branches', '=', ownBranch(page.branch));
	if (page.limit !== undefined || page.offset)
		q = q.limit(page.limit ?? Number.MAX_SAFE_INTEGER).offset(page.offset ?? 0);
	return (await q.execute()).map(toSummary);
}

/** One branch's own imports: those holding its rows only (`imports.branches` is a JSON list). */
const ownBranch = (slug: string) => JSON.stringify([slug]);

/** How many imports the history holds (of one branch only, with `branch`). */
export async function countImports(db: Db, branch?: string): Promise<number> {
	let q = db.selectFrom('imports').select((eb) => eb.fn.countAll<number>().as('n'));
	if (branch !== undefined) q = q.where('branches', '=', ownBranch(branch));
	const r = await q.executeTakeFirstOrThrow();
	return Number(r.n);
}

/** The summaries of these imports (e.g. the sources the completeness matrix names), by id. */
export async function importsById(db: Db, ids: number[]): Promise<ImportSummary[]> {
	if (!ids.length) return [];
	const rows = await db.selectFrom('imports').selectAll().where('id', 'in', ids).execute();
	return rows.map(toSummary);
}
