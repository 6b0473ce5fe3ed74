/**
 * The store benchmark's body (see `store.ts`), run with PACESETTER_TEST_DATABASE_URL set by
 * `tests/pg.sh`. Prints one line starting `store:`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRIC_IDS } from '../src/lib/domain/metrics';
import { currentSnapshot } from '../src/lib/server/current-series';
import { openDb } from '../src/lib/server/db';
import { overviewViewUncached } from '../src/lib/server/overview';
import { mb, ms, percentile, runChild, type ChildResult } from './lib/child';
import { PROVINCE, provinceExport, syntheticBranches } from './lib/province';
import { instancesLine } from './instances';
import { randomPeriods } from './query';

const url = process.env.PACESETTER_TEST_DATABASE_URL;
if (!url) throw new Error('run through bench/store.ts (tests/pg.sh sets the database URL)');
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const SAMPLES = Number(process.env.BENCH_QUERY_SAMPLES ?? 200);

interface StoreResult {
	imports: ChildResult[];
	view: number[];
	snapshotMs: number;
}

/**
 * Both stores side by side, interleaved so that load elsewhere on the machine (it may be shared)
 * falls on both alike: the imports alternate, then each period's view is timed on one, then the other.
 */
async function measure(
	csv: string,
	locations: ((run: number) => string)[]
): Promise<StoreResult[]> {
	const results: StoreResult[] = locations.map(() => ({ imports: [], view: [], snapshotMs: 0 }));
	for (let i = 0; i < RUNS; i++)
		for (const [k, location] of locations.entries())
			results[k].imports.push(
				await runChild('bench/import-side.ts', ['pipeline', csv, location(i)])
			);
	const stores = await Promise.all(locations.map((l) => openDb(l(RUNS - 1))));
	try {
		const slugs = syntheticBranches(PROVINCE.branches).map((b) => b.slug);
		for (const [k, store] of stores.entries()) {
			const t0 = performance.now();
			await currentSnapshot(store.db);
			results[k].snapshotMs = performance.now() - t0;
		}
		// The first period once more, untimed, on each: warmed up alike.
		const periods = randomPeriods(SAMPLES + 1, PROVINCE.branches);
		for (const [i, period] of periods.entries())
			for (const [k, store] of stores.entries()) {
				const t0 = performance.now();
				await overviewViewUncached(store.db, slugs, {
					from: period.from,
					to: period.to,
					metrics: [...METRIC_IDS],
					norm: 'raw',
					compare: true
				});
				const t = performance.now() - t0;
				if (i > 0) results[k].view.push(t);
			}
		return results;
	} finally {
		await Promise.all(stores.map((s) => s.close()));
	}
}

const dir = mkdtempSync(join(tmpdir(), 'pacesetter-bench-store-'));
try {
	const csv = join(dir, 'province.csv');
	const bytes = provinceExport(syntheticBranches(PROVINCE.branches), PROVINCE.months);
	writeFileSync(csv, bytes);
	const [sqlite, pg] = await measure(csv, [
		(i) => join(dir, `s${i}.db`),
		(i) => `${url}?schema=bench_${i}`
	]);
	const best = (r: StoreResult) => Math.min(...r.imports.map((x) => x.ms));
	const apply = (r: StoreResult) => Math.min(...r.imports.map((x) => Number(x.applyMs)));
	const p = (s: number[], q: number) => ms(percentile(s, q));
	const cells = Number(sqlite.imports[0].cells);
	console.log(
		`store: PostgreSQL import ${(best(pg) / best(sqlite)).toFixed(2)}× SQLite (target ≤ 2×) · ` +
			`${ms(best(pg))} (apply ${ms(apply(pg))}) vs ${ms(best(sqlite))} (apply ${ms(apply(sqlite))}) ` +
			`for ${cells.toLocaleString('en')} cells, ${mb(bytes.length)} CSV · ` +
			`overview p95 ${p(pg.view, 95)} vs ${p(sqlite.view, 95)} (target ≤ 50 ms on both; ` +
			`p50 ${p(pg.view, 50)} vs ${p(sqlite.view, 50)}) · ` +
			`snapshot read after an import ${ms(pg.snapshotMs)} vs ${ms(sqlite.snapshotMs)} · ` +
			`best of ${RUNS} imports, ${pg.view.length} random 12-month periods, all ${METRIC_IDS.length} ` +
			`metrics · PostgreSQL on loopback TCP, same machine, fsync on`
	);
	console.log(await instancesLine(url));
} finally {
	rmSync(dir, { recursive: true, force: true });
}
