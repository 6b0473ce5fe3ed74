/**
 * Import benchmark: a province-scale wide export (1,000 branches × 60 months × 22 input metrics
 * ≈ 1.3 M cells) through runPipeline + applyImport into a fresh SQLite file, against the bare floor
 * of the stack (decode + PapaParse + one prepared better-sqlite3 insert per cell in one transaction).
 * Each side runs in its own process; the best of `runs` counts. Target: ≤ 1.5×.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mb, ms, runChild, type ChildResult } from './lib/child';
import { PROVINCE, provinceExport, syntheticBranches } from './lib/province';

export interface BenchOptions {
	runs?: number;
	/** Extra Node flags for the pipeline side (e.g. `--cpu-prof`). */
	nodeArgs?: string[];
}

function best(results: ChildResult[]): ChildResult {
	return results.reduce((a, b) => (b.ms < a.ms ? b : a));
}

export async function importBench(opts: BenchOptions = {}): Promise<string> {
	const runs = opts.runs ?? 3;
	const dir = mkdtempSync(join(tmpdir(), 'pacesetter-bench-import-'));
	try {
		const csv = join(dir, 'province.csv');
		const bytes = provinceExport(syntheticBranches(PROVINCE.branches), PROVINCE.months);
		writeFileSync(csv, bytes);
		const pipeline: ChildResult[] = [];
		const bare: ChildResult[] = [];
		for (let i = 0; i < runs; i++) {
			// Alternate the sides so a burst of load elsewhere does not favour one.
			bare.push(await runChild('bench/import-side.ts', ['bare', csv, join(dir, `bare-${i}.db`)]));
			pipeline.push(
				await runChild(
					'bench/import-side.ts',
					['pipeline', csv, join(dir, `pipeline-${i}.db`)],
					opts.nodeArgs
				)
			);
			rmSync(join(dir, `bare-${i}.db`), { force: true });
			rmSync(join(dir, `pipeline-${i}.db`), { force: true });
		}
		const p = best(pipeline);
		const b = best(bare);
		const cells = Number(p.cells);
		const pCpu = Math.min(...pipeline.map((r) => Number(r.cpuMs)));
		const bCpu = Math.min(...bare.map((r) => Number(r.cpuMs)));
		const peakP = Math.max(...pipeline.map((r) => r.peakRss));
		const peakB = Math.max(...bare.map((r) => r.peakRss));
		return (
			`import: ${(p.ms / b.ms).toFixed(2)}× bare (target ≤ 1.5×) · ` +
			`${ms(p.ms)} (parse ${ms(Number(p.pipelineMs))} + apply ${ms(Number(p.applyMs))}) vs ${ms(b.ms)} ` +
			`for ${cells.toLocaleString('en')} cells, ${mb(bytes.length)} CSV · ` +
			`CPU ${(pCpu / bCpu).toFixed(2)}× (${ms(pCpu)} vs ${ms(bCpu)}) · ` +
			`peak RSS ${mb(peakP)} vs ${mb(peakB)} · best of ${runs}`
		);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
