/** Which branch × months have current values (the completeness matrix), and the range of months with any. */
import { INPUT_METRICS } from '../../domain/metrics';
import { monthsIn } from '../../domain/periods';
import type { Db } from '../db';
import { decodeCurrent } from '../db/packed';

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
