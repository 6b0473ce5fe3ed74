/**
 * Query benchmark: the overview's aggregation (every metric, a random 12-month period) at 8 and at
 * 1,000 branches × 60 months, p50/p95 over 200 periods, against the bare floor: one prepared SQL
 * `group by` summing the same period's current values. Target: p95 ≤ 50 ms at 1,000 branches.
 * Views aggregate the in-memory snapshot of current values (read once per data version, i.e. after
 * each import or revert; its read is timed separately) and are computed afresh each time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { METRIC_IDS } from '../src/lib/domain/metrics';
import { addMonths, type Period } from '../src/lib/domain/periods';
import { currentSnapshot } from '../src/lib/server/current-series';
import { overviewViewUncached } from '../src/lib/server/overview';
import { ms, percentile } from './lib/child';
import { prng, PROVINCE } from './lib/province';
import { provinceStore } from './lib/store';

/** Periods timed per scale; BENCH_QUERY_SAMPLES lowers it when a view takes seconds. */
const SAMPLES = Number(process.env.BENCH_QUERY_SAMPLES ?? 200);

export function randomPeriods(n: number, seed: number): Period[] {
	const rnd = prng(seed);
	return Array.from({ length: n }, () => {
		const from = addMonths(PROVINCE.from, Math.floor(rnd() * (PROVINCE.months - 11)));
		return { from, to: addMonths(from, 11) };
	});
}

export async function timeEach<T>(items: T[], fn: (item: T) => unknown): Promise<number[]> {
	for (const item of items.slice(0, 2)) await fn(item); // warm up
	const out: number[] = [];
	for (const item of items) {
		const t = performance.now();
		await fn(item);
		out.push(performance.now() - t);
	}
	return out;
}

async function atScale(dir: string, branchCount: number, samples: number) {
	const { store, registry, cells } = await provinceStore(
		join(dir, `q${branchCount}.db`),
		branchCount
	);
	try {
		const slugs = registry.branches.map((b) => b.slug);
		const t0 = performance.now();
		await currentSnapshot(store.db);
		const snapshotMs = performance.now() - t0;
		const periods = randomPeriods(samples, branchCount);
		const view = await timeEach(periods, (p) =>
			overviewViewUncached(store.db, slugs, {
				from: p.from,
				to: p.to,
				metrics: [...METRIC_IDS],
				norm: 'raw',
				compare: true
			})
		);
		// The floor reads a bare table of the cells (current values are stored packed per branch ×
		// month; `current_values` is a view over them), copied untimed.
		store.sqlite.exec(
			`create temp table bare_cells (branch text, month text, metric text, value real,
				primary key (branch, month, metric)) without rowid;
			insert into bare_cells select branch, month, metric, value from current_values`
		);
		const bareSql = store.sqlite.prepare(
			`select branch, metric, sum(value) as total, count(*) as reported from bare_cells
			 where month between ? and ? group by branch, metric`
		);
		const bare = await timeEach(periods, (p) => bareSql.all(p.from, p.to));
		return { cells, view, bare, snapshotMs };
	} finally {
		await store.close();
	}
}

export async function queryBench(): Promise<string> {
	const dir = mkdtempSync(join(tmpdir(), 'pacesetter-bench-query-'));
	try {
		const small = await atScale(dir, 8, 200);
		const large = await atScale(dir, PROVINCE.branches, SAMPLES);
		const p = (s: number[], q: number) => ms(percentile(s, q));
		return (
			`query: p95 ${p(large.view, 95)} at 1,000 branches (target ≤ 50 ms), ` +
			`${(percentile(large.view, 95) / percentile(large.bare, 95)).toFixed(1)}× bare SQL group-by ` +
			`(p95 ${p(large.bare, 95)}) · p50 ${p(large.view, 50)} · ` +
			`8 branches p50 ${p(small.view, 50)} p95 ${p(small.view, 95)} ` +
			`(bare ${p(small.bare, 95)}) · snapshot read after an import ${ms(large.snapshotMs)} · ` +
			`views computed afresh (repeats are also cached per data version), all ${METRIC_IDS.length} metrics with the ` +
			`previous period, ${large.view.length} (8 branches: ${small.view.length}) random ` +
			`12-month periods of ${PROVINCE.months} months, ` +
			`${large.cells.toLocaleString('en')} current values`
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
