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

/**
 * One row per branch, its cells packed as `metric month value;…` (metric ids and months never hold
 * a space or `;`; SQLite writes REALs in round-trip form): crossing into JavaScript per row cost
 * ~3× more than the packing.
 */
async function readSnapshot(db: Db, version: string): Promise<Snapshot> {
	const rows = await db
		.selectFrom('current_values')
		.select([
			'branch',
			sql<string>`group_concat(metric || ' ' || month || ' ' || value, ';')`.as('cells')
		])
		.groupBy('branch')
		.execute();
	const series = new Map<string, Series>();
	for (const { branch, cells } of rows) series.set(branch, unpack(cells));
	return { version, asOf: await latestImportAt(db), series };
}

/**
 * The catalogue's own id strings: keys sliced out of SQLite's text are fresh strings, and every
 * `series.get(id)` would then compare contents instead of pointers.
 */
const CANONICAL = new Map<string, MetricId>(METRIC_IDS.map((id) => [id, id]));

function unpack(cells: string): Series {
	const pairs = new Map<MetricId, [number, number][]>();
	let at = 0;
	while (at < cells.length) {
		const semi = cells.indexOf(';', at);
		const end = semi === -1 ? cells.length : semi;
		const sp1 = cells.indexOf(' ', at);
		const sp2 = cells.indexOf(' ', sp1 + 1);
		const text = cells.slice(at, sp1);
		const metric = CANONICAL.get(text) ?? (text as MetricId);
		let list = pairs.get(metric);
		if (!list) pairs.set(metric, (list = []));
		list.push([monthIndex(cells.slice(sp1 + 1, sp2)), Number(cells.slice(sp2 + 1, end))]);
		at = end + 1;
	}
	const series: Series = new Map();
	for (const [metric, list] of pairs) series.set(metric, MonthValues.from(list));
	return series;
}
