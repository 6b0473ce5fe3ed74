/**
 * Store benchmark: the province-scale import (1,000 branches × 60 months × 22 metrics, through
 * runPipeline + applyImport, each in its own process) and the overview query (every metric, random
 * 12-month periods, p50/p95, plus the snapshot read after an import) on SQLite and on PostgreSQL in
 * one run, with the ratios. PostgreSQL is a throwaway cluster (`tests/pg.sh --durable`: fsync on,
 * default settings) on the same machine, reached over loopback TCP. Targets: PostgreSQL's import ≤
 * 2× SQLite's; the query's p95 ≤ 50 ms on both. Then two app instances on the PostgreSQL database
 * under autocannon (`instances.ts`). Env: BENCH_RUNS (imports per store, default 2).
 */
import { spawn } from 'node:child_process';
import { ROOT } from './lib/child';

/** Runs `bench/store-run.ts` under a throwaway PostgreSQL cluster; its `store:` lines are the result. */
export function storeBench(): Promise<string> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(
			'bash',
			['tests/pg.sh', '--durable', process.execPath, '--import', 'tsx', 'bench/store-run.ts'],
			{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
		);
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			const lines = out.split('\n').filter((l) => l.startsWith('store:'));
			if (code !== 0 || lines.length === 0)
				return reject(new Error(`store bench exited with ${code}: ${out.slice(-500)}`));
			resolvePromise(lines.join('\n'));
		});
	});
}
