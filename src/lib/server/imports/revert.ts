/**
 * Revert and restore: an import stops or starts again supplying its cells, each cell's current value
 * being the newest applied import's that supplies it.
 */
import { writeTransaction, type Db } from '../db';
import {
	decodeCurrent,
	decodeImported,
	encodeCurrent,
	type CurrentCells,
	type ImportedCell
} from '../db/packed';
import { rowKey, rowWriter } from './rows';

/** A write's body, then (in the same transaction, when it did something) its audit row. */
function audited<T>(
	body: (trx: Db) => Promise<T | null>,
	audit?: (trx: Db, result: T) => Promise<void>
): (trx: Db) => Promise<T | null> {
	return async (trx) => {
		const result = await body(trx);
		if (result !== null && audit) await audit(trx, result);
		return result;
	};
}

/**
 * Move an import to `status` with its timestamp: `missing` (no such import), `unchanged` (already
 * there: nothing written) or `changed`. Revert and restore both start here.
 */
async function setStatus(
	trx: Db,
	importId: number,
	status: 'applied' | 'reverted',
	stamp: { reverted_at: string } | { restored_at: string }
): Promise<'missing' | 'unchanged' | 'changed'> {
	const imp = await trx
		.selectFrom('imports')
		.select('status')
		.where('id', '=', importId)
		.executeTakeFirst();
	if (!imp) return 'missing';
	if (imp.status === status) return 'unchanged';
	await trx
		.updateTable('imports')
		.set({ status, ...stamp })
		.where('id', '=', importId)
		.execute();
	return 'changed';
}

/**
 * Revert an import: each cell it supplies falls back to the newest remaining applied import's value,
 * or to none. Reverting an already reverted import changes nothing.
 */
export async function revertImport(
	db: Db,
	importId: number,
	now: Date = new Date(),
	/** Runs in the same transaction once it is written (the audit row goes in with it). */
	audit?: (trx: Db, r: { importId: number; restored: number; cleared: number }) => Promise<void>
): Promise<{ importId: number; restored: number; cleared: number } | null> {
	return writeTransaction(
		db,
		audited(async (trx) => {
			const change = await setStatus(trx, importId, 'reverted', { reverted_at: now.toISOString() });
			if (change === 'missing') return null;
			if (change === 'unchanged') return { importId, restored: 0, cleared: 0 };
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
			const writer = rowWriter(trx, db);
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
		}, audit)
	);
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

/**
 * Restore a reverted import from its stored history: it is applied again, and each of its cells
 * becomes current unless a newer applied import supplies that cell (the newest applied import wins,
 * as on apply and revert). Restoring an applied import changes nothing. `current` counts the cells
 * that became current again, `superseded` those a newer import keeps.
 */
export async function restoreImport(
	db: Db,
	importId: number,
	now: Date = new Date(),
	/** Runs in the same transaction once it is written (the audit row goes in with it). */
	audit?: (trx: Db, r: { importId: number; current: number; superseded: number }) => Promise<void>
): Promise<{ importId: number; current: number; superseded: number } | null> {
	return writeTransaction(
		db,
		audited(async (trx) => {
			const change = await setStatus(trx, importId, 'applied', { restored_at: now.toISOString() });
			if (change === 'missing') return null;
			if (change === 'unchanged') return { importId, current: 0, superseded: 0 };
			const rows = await trx
				.selectFrom('import_rows as r')
				.leftJoin('current_rows as c', (j) =>
					j.onRef('c.branch', '=', 'r.branch').onRef('c.month', '=', 'r.month')
				)
				.select(['r.branch', 'r.month', 'r.cells', 'c.cells as current'])
				.where('r.import_id', '=', importId)
				.execute();
			let current = 0;
			let superseded = 0;
			const writer = rowWriter(trx, db);
			for (const r of rows) {
				// A metric's value in this import is its last cell in the row (as on apply).
				const mine = new Map<string, number>();
				for (const cell of decodeImported(r.cells)) mine.set(cell[1], cell[2]);
				const cells: CurrentCells = r.current ? decodeCurrent(r.current) : {};
				let changed = false;
				for (const [metric, value] of mine) {
					// The current supplier is the newest applied import holding the cell: a newer one keeps it.
					const supplier = cells[metric]?.[1];
					if (supplier !== undefined && supplier > importId) {
						superseded++;
						continue;
					}
					cells[metric] = [value, importId];
					current++;
					changed = true;
				}
				if (!changed) continue;
				if (r.current) writer.current(r.branch, r.month, encodeCurrent(cells));
				else writer.added(r.branch, r.month, encodeCurrent(cells));
			}
			await writer.flush();
			return { importId, current, superseded };
		}, audit)
	);
}
