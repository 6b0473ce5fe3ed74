/** The period summary every surface shares (CLI `summary`, exports), and branch statuses. */
import { aggregateBranch, type Aggregate } from '../domain/aggregate';
import type { BranchRegistry } from '../domain/branches';
import type { Period } from '../domain/periods';
import { currentSnapshot } from './current-series';
import type { Db } from './db';
import { jsonHas, jsonValue } from './db/dialect';

export interface BranchSummary {
	slug: string;
	name: string;
	nameEn: string;
	metrics: Record<string, Aggregate>;
}

export interface PeriodSummary {
	from: string;
	to: string;
	branches: BranchSummary[];
}

/** Every registered branch, every metric (derived included), over the period. */
export async function summarise(
	db: Db,
	registry: BranchRegistry,
	period: Period
): Promise<PeriodSummary> {
	const { series } = await currentSnapshot(db);
	return {
		from: period.from,
		to: period.to,
		branches: registry.branches.map((b) => ({
			slug: b.slug,
			name: b.name,
			nameEn: b.nameEn,
			metrics: aggregateBranch(series.get(b.slug) ?? new Map(), period)
		}))
	};
}

export interface BranchStatus {
	slug: string;
	/** The latest month with any current value, or null. */
	latestMonth: string | null;
	/** Members in that branch's latest month that reported them. */
	members: number | null;
	/** When the branch's data last changed through an import. */
	lastImportAt: string | null;
}

/** Per branch: latest reported month, latest members figure and last import. One query each. */
export async function branchStatuses(db: Db): Promise<BranchStatus[]> {
	const latest = await db
		.selectFrom('current_rows')
		.select((eb) => ['branch', eb.fn.max('month').as('month')])
		.groupBy('branch')
		.execute();
	// Each branch's latest month that reports members, and the figure of that row.
	const members = await db
		.selectFrom('current_rows as r')
		.select([
			'r.branch',
			'r.month',
			jsonValue<number>(db, 'r.cells', ['members', 0], 'number').as('value')
		])
		.where(jsonHas(db, 'r.cells', ['members']))
		.where('r.month', '=', (eb) =>
			eb
				.selectFrom('current_rows as l')
				.select((e) => e.fn.max('l.month').as('m'))
				.whereRef('l.branch', '=', 'r.branch')
				.where(jsonHas(db, 'l.cells', ['members']))
		)
		.execute();
	const imports = await db
		.selectFrom('current_values as cv')
		.innerJoin('imports as i', 'i.id', 'cv.import_id')
		.select((eb) => ['cv.branch', eb.fn.max('i.imported_at').as('at')])
		.groupBy('cv.branch')
		.execute();
	const branches = await db.selectFrom('branches').select('slug').orderBy('sort').execute();
	const m = new Map(latest.map((r) => [r.branch, r.month as string]));
	const mem = new Map(members.map((r) => [r.branch, r.value]));
	const imp = new Map(imports.map((r) => [r.branch, r.at as string]));
	return branches.map(({ slug }) => ({
		slug,
		latestMonth: m.get(slug) ?? null,
		members: mem.get(slug) ?? null,
		lastImportAt: imp.get(slug) ?? null
	}));
}
