/**
 * Every branch's current values as Series, read from SQLite once per data version. Data changes
 * only through imports and reverts, so the overview, the branch page and summaries aggregate this
 * in-memory snapshot instead of reading the period's cells per view: at 1,000 branches × 60 months
 * a view is then array reads (milliseconds) rather than ~300k rows out of SQLite (~1 s).
 * Dense Float64Arrays keep it small: ~12 MB for 1,000 branches × 25 metrics × 60 months.
 */
import { sql } from 'kysely';
import { SeriesBuilder, type Series } from '../domain/aggregate';
import { METRIC_IDS, type MetricId } from '../domain/metrics';
import { monthIndex } from '../domain/periods';
import { perDataVersion } from './data-version';
import { stringAgg } from './db/dialect';
import type { Db } from './db';
import type { CurrentCells } from './db/packed';

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
 * One row per branch: its packed `current_rows` as one JSON array of `[month, cells]` (crossing
 * into JavaScript per row costs more than SQLite's concatenation), one `JSON.parse` each.
 */
async function readSnapshot(db: Db, version: string): Promise<Snapshot> {
	const rows = await db
		.selectFrom('current_rows')
		.select([
			'branch',
			sql<string>`'[' || ${stringAgg(db, sql<string>`'["' || month || '",' || cells || ']'`, ',')} || ']'`.as(
				'months'
			)
		])
		.groupBy('branch')
		.execute();
	const series = new Map<string, Series>();
	for (const { branch, months } of rows) series.set(branch, toSeries(months));
	return { version, asOf: await latestImportAt(db), series };
}

/**
 * The catalogue's own id strings: keys parsed out of SQLite's text are fresh strings, and every
 * `series.get(id)` would then compare contents instead of pointers.
 */
const CANONICAL = new Map<string, MetricId>(METRIC_IDS.map((id) => [id, id]));

/** A branch's `[[month, {metric: [value, importId]}], …]` as dense month values per metric. */
function toSeries(text: string): Series {
	const builder = new SeriesBuilder();
	for (const [month, cells] of JSON.parse(text) as [string, CurrentCells][]) {
		const m = monthIndex(month);
		for (const id in cells) builder.add(CANONICAL.get(id) ?? (id as MetricId), m, cells[id][0]);
	}
	return builder.build();
}
