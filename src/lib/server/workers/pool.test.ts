/**
 * The worker pool: the real worker gives what the pipeline and resvg give on the request thread;
 * a full queue refuses at once with PoolBusy (no pile-up); a worker that dies fails only its own
 * task, clearly, and the pool carries on with a fresh worker.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BranchRegistry } from '../../domain/branches';
import { runPipeline } from '../../import/pipeline';
import { readBranchesCsv, defaultBranchesPath } from '../branches';
import { svgToPngInThread } from '../render-core';
import { packParse, unpackParse, type PackedParse, type ParseTask } from './tasks';
import { PoolBusy, WorkerCrashed, WorkerPool } from './pool';

const root = join(import.meta.dirname, '../../../..');
const testWorker = new URL('../../../../tests/fixtures/workers/test-worker.mjs', import.meta.url);
const pools: WorkerPool[] = [];
const pool = (opts: ConstructorParameters<typeof WorkerPool>[0]) => {
	const p = new WorkerPool(opts);
	pools.push(p);
	return p;
};
afterAll(() => Promise.all(pools.map((p) => p.close())));

const registry = new BranchRegistry(readBranchesCsv(defaultBranchesPath()));
const today = new Date('2026-11-30T00:00:00Z');

describe('the real pool worker', () => {
	it('parses every sample file exactly as the pipeline does on this thread', async () => {
		const real = pool({ size: 2 });
		const dir = join(root, 'data/samples');
		const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
		expect(files.length).toBeGreaterThanOrEqual(8);
		for (const name of files) {
			const bytes = new Uint8Array(readFileSync(join(dir, name)));
			const opts = { fileName: name, today, previewRows: 0 };
			const task: ParseTask = { kind: 'parse', bytes, branches: [...registry.branches], opts };
			const inPool = unpackParse(await real.run<PackedParse>(task));
			const here = runPipeline(bytes, registry, opts);
			expect(here.cells.length, name).toBeGreaterThan(0);
			expect(inPool, name).toEqual(here);
		}
	});

	it('draws the same PNG bytes as resvg on this thread', async () => {
		const real = pool({ size: 1 });
		const svg =
			'<svg xmlns="http://www.w3.org/2000/svg" width="200" height="80">' +
			'<rect x="10" y="10" width="80" height="40" fill="#c0392b"/>' +
			'<text x="100" y="40" font-size="16">第一检察部 2021</text></svg>';
		const bytes = await real.run<Uint8Array>({ kind: 'png', svg, width: 200, pixelRatio: 2 });
		const here = await svgToPngInThread(svg, 200, 2);
		expect(Buffer.from(bytes).equals(here)).toBe(true);
	});

	it('turns a bad picture into a rejected task, not a dead worker', async () => {
		const real = pool({ size: 1 });
		await expect(
			real.run({ kind: 'png', svg: 'not an svg', width: 100, pixelRatio: 1 })
		).rejects.toThrow(/svg/i);
		expect(real.load).toEqual({ running: 0, queued: 0 });
	});
});

describe('packing a parse into columns', () => {
	it('round-trips cells, raw texts with any characters, and the rest of the file', () => {
		const bytes = new TextEncoder().encode(
			'支部,月份,党员人数,三会一课次数\n第一检察部党支部,2021-01, 12 ,无\n第一检察部党支部,2021-02,13,"1,0"\n'
		);
		const parsed = runPipeline(bytes, registry, { fileName: 'x.csv', today });
		const packed = packParse(parsed);
		expect(packed.cells.count).toBe(parsed.cells.length);
		expect(unpackParse(packed)).toEqual(parsed);
	});
});

describe('WorkerPool', () => {
	it('refuses a task at once when the queue is full, and runs the admitted ones', async () => {
		const p = pool({ entry: testWorker, size: 1, maxQueue: 1, retryAfter: 7 });
		const running = p.run({ kind: 'hold' });
		const queued = p.run({ kind: 'echo', value: 1 });
		expect(p.full).toBe(true);
		const refused = p.run({ kind: 'echo', value: 2 });
		await expect(refused).rejects.toBeInstanceOf(PoolBusy);
		await expect(refused).rejects.toMatchObject({ retryAfter: 7 });
		// A deck's later slides were admitted with its first one: they wait instead.
		const admitted = p.run({ kind: 'echo', value: 3 }, { admitted: true });
		expect(await running).toBe('released');
		expect(await queued).toBe(1);
		expect(await admitted).toBe(3);
		expect(p.full).toBe(false);
	});

	it('fails only the task of a worker that dies, and runs the next one on a fresh worker', async () => {
		const p = pool({ entry: testWorker, size: 1, maxQueue: 4 });
		const dying = p.run({ kind: 'exit' });
		const waiting = p.run({ kind: 'echo', value: 'after the crash' });
		await expect(dying).rejects.toBeInstanceOf(WorkerCrashed);
		await expect(dying).rejects.toThrow(/worker thread stopped: exit code 3/);
		expect(await waiting).toBe('after the crash');
		const thrown = p.run({ kind: 'throw' });
		await expect(thrown).rejects.toThrow(/thrown in the worker/);
		expect(await p.run({ kind: 'echo', value: 'again' })).toBe('again');
	});

	it('passes a task error back as an error with its message', async () => {
		const p = pool({ entry: testWorker, size: 2 });
		await expect(p.run({ kind: 'fail', message: 'no such chart' })).rejects.toThrow(
			'no such chart'
		);
		expect(await p.run({ kind: 'echo', value: 5 })).toBe(5);
	});

	it('runs tasks in parallel up to its size', async () => {
		const p = pool({ entry: testWorker, size: 2, maxQueue: 0 });
		const a = p.run({ kind: 'hold' });
		const b = p.run({ kind: 'hold' });
		expect(p.load).toEqual({ running: 2, queued: 0 });
		await expect(p.run({ kind: 'echo', value: 0 })).rejects.toBeInstanceOf(PoolBusy);
		expect(await Promise.all([a, b])).toEqual(['released', 'released']);
	});
});
