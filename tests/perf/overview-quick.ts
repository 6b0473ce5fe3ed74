/**
 * A quick timing of `overviewView` at 1,000 branches × 12 months × every input metric
 * (issue 7 owns the real benchmark). Run: `npx tsx tests/perf/overview-quick.ts`.
 */
import { INPUT_METRICS } from '../../src/lib/domain/metrics';
import { openDb } from '../../src/lib/server/db';
import { overviewView, overviewViewUncached } from '../../src/lib/server/overview';
import type { OverviewInput } from '../../src/lib/views/overview-view';
import { DEFAULT_METRICS } from '../../src/lib/views/view-params';

const BRANCHES = 1000;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`);

const store = await openDb(':memory:');
const slugs = Array.from({ length: BRANCHES }, (_, i) => `b${i}`);
store
	.sqlite!.prepare(
		`insert into imports (file_name, sha256, size, encoding, format, imported_at, imported_by, status,
		 branches, month_from, month_to, rows, cells, cells_new, cells_replaced, cells_unchanged)
		 values ('bench', 'x', 1, 'utf-8', 'wide', '2021-12-31T00:00:00Z', 'bench', 'applied', '[]',
		 '2021-01', '2021-12', 0, 0, 0, 0, 0)`
	)
	.run();
const insert = store.sqlite!.prepare(
	'insert into current_rows (branch, month, cells) values (?, ?, ?)'
);
store.sqlite!.transaction(() => {
	let seed = 1;
	const rnd = () => ((seed = (seed * 16807) % 2147483647) % 20) + 1;
	for (const b of slugs)
		for (const month of MONTHS) {
			const cells: Record<string, [number, number]> = {};
			for (const m of INPUT_METRICS) if (rnd() > 1) cells[m.id] = [rnd(), 1];
			insert.run(b, month, JSON.stringify(cells));
		}
})();
const rows = store.sqlite!.prepare('select count(*) as n from current_values').get() as {
	n: number;
};

async function time(label: string, input: OverviewInput, runs = 40, cold = true) {
	const run = cold ? overviewViewUncached : overviewView;
	for (let i = 0; i < 5; i++) await run(store.db, slugs, input);
	const ms: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await run(store.db, slugs, input);
		ms.push(performance.now() - t);
	}
	ms.sort((a, b) => a - b);
	const p = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
	console.log(`${label.padEnd(44)} p50 ${p(0.5)} ms  p95 ${p(0.95)} ms`);
}

// A fixed CPU loop, to judge how loaded the (shared) machine was: ~10 ms when idle.
const t0 = performance.now();
let x = 0;
for (let i = 0; i < 1e7; i++) x += i;
console.log(`calibration loop: ${(performance.now() - t0).toFixed(0)} ms (${x > 0 ? 'ok' : ''})`);
console.log(`${BRANCHES} branches × ${MONTHS.length} months, ${rows.n} current values`);
const base: OverviewInput = {
	from: '2021-01',
	to: '2021-12',
	metrics: DEFAULT_METRICS,
	norm: 'raw',
	cmp: 'none'
};
await time('default view, repeated (cached answer)', base, 200, false);
await time('default view (6 metrics, raw)', base);
await time('default view, compare', { ...base, cmp: 'prev' });
await time('default view, per 10 members', { ...base, norm: 'per10' });
await time('one metric, % of norm', { ...base, metrics: ['party_days'], norm: 'norm' });
await store.close();
