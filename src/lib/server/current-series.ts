/**
 * Every branch's current values as Series, read from SQLite once per data version. Data changes
 * only through imports and reverts, so the overview, the branch page and summaries aggregate this
 * in-memory snapshot instead of reading the period's cells per view: at 1,000 branches × 60 months
 * a view is then array reads (milliseconds) rather than ~300k rows out of SQLite (~1 s).
 * Dense Float64Arrays keep it small: ~12 MB for 1,000 branches × 25 metrics × 60 months.
 */
import { sql } from 'kysely';
import type { Series } from '../domain/aggregate';
import { METRIC_IDS, type MetricId } from '../domain/metrics';
import { MonthValues } from '../domain/month-values';
import { monthIndex } from '../domain/periods';
import { perDataVersion } from './data-version';
import type { Db } from './db';
import { decodeCurrent } from './db/packed';

export interface Snapshot {
	/** Changes with every write (from any process writing the same file). */
	version: string;
	/** Latest time an applied import changed the data (ISO), or null. */
	asOf: string | null;
	/** Branch slug → its current values; branches without any value are absent. */
	series: ReadonlyMap<string, Series>;
}

/** When an applied import last changed the data (ISO), or null. */
async function latestImportAt(db: Db): Promise<string | null> {
	const row = await db
		.selectFrom('imports')
		.select(sql<string | null>`max(case when status = 'applied' then imported_at end)`.as('at'))
		.executeTakeFirst();
	return row?.at ?? null;
}

/** The snapshot of the current data version; concurrent callers share one read. */
export const currentSnapshot = perDataVersion(readSnapshot);

/** One packed row per branch × month (`current_rows`), in key order: one `JSON.parse` each. */
async function readSnapshot(db: Db, version: string): Promise<Snapshot> {
	const rows = await db
		.selectFrom('current_rows')
		.select(['branch', 'month', 'cells'])
		.orderBy('branch')
		.orderBy('month')
		.execute();
	const series = new Map<string, Series>();
	let pairs = new Map<MetricId, [number, number][]>();
	for (let i = 0; i < rows.length; i++) {
		const { branch, month, cells } = rows[i];
		const m = monthIndex(month);
		const packed = decodeCurrent(cells);
		for (const id in packed) {
			const metric = CANONICAL.get(id) ?? (id as MetricId);
			let list = pairs.get(metric);
			if (!list) pairs.set(metric, (list = []));
			list.push([m, packed[id][0]]);
		}
		if (i + 1 === rows.length || rows[i + 1].branch !== branch) {
			series.set(branch, toSeries(pairs));
			pairs = new Map();
		}
	}
	return { version, asOf: await latestImportAt(db), series };
}

/**
 * The catalogue's own id strings: keys parsed out of SQLite's text are fresh strings, and every
 * `series.get(id)` would then compare contents instead of pointers.
 */
const CANONICAL = new Map<string, MetricId>(METRIC_IDS.map((id) => [id, id]));

function toSeries(pairs: Map<MetricId, [number, number][]>): Series {
	const series: Series = new Map();
	for (const [metric, list] of pairs) series.set(metric, MonthValues.from(list));
	return series;
}
