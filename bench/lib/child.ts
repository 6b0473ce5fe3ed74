/**
 * Running one measured side of a benchmark in its own Node process (a clean heap and an honest
 * RSS high-water mark), and reading back the one JSON line it prints.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ChildResult {
	/** Wall time of the measured part, in ms. */
	ms: number;
	/** RSS high-water mark of the whole process, in bytes. */
	peakRss: number;
	[key: string]: unknown;
}

/** Run `script args…` under Node with tsx; the child prints one JSON line last on stdout. */
export function runChild(
	script: string,
	args: string[],
	nodeArgs: string[] = []
): Promise<ChildResult> {
	return new Promise((resolvePromise, reject) => {
		const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script, ...args], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'inherit']
		});
		let out = '';
		child.stdout.on('data', (d: Buffer) => (out += d.toString()));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}`));
			const last = out.trim().split('\n').pop() ?? '';
			try {
				resolvePromise(JSON.parse(last) as ChildResult);
			} catch {
				reject(new Error(`${script}: no JSON result in ${JSON.stringify(out.slice(-500))}`));
			}
		});
	});
}

/** Print the measured result of a child side (its RSS high-water mark) as the last line. */
export function report(result: Omit<ChildResult, 'peakRss'>): void {
	const peakRss = process.resourceUsage().maxRSS * 1024;
	process.stdout.write(JSON.stringify({ ...result, peakRss }) + '\n');
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const ms = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(2)} s` : `${t.toFixed(1)} ms`);

/** Percentile (0–100) of unsorted samples, nearest rank. */
export function percentile(samples: readonly number[], p: number): number {
	const s = [...samples].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * The machine's 1-minute load average before a bench, for its line: figures measured while other
 * work ran (load near or above the core count) are not comparable with a quiet run's.
 */
export function machineLoad(): string {
	return `load ${loadavg()[0].toFixed(1)} on ${cpus().length} cores at the start`;
}
