/**
 * The pool's worker thread: parses uploads and draws pictures so the request thread keeps
 * answering. Built to build/workers/pool-worker.js for the server (vite.workers.config.ts); run
 * from source through tsx in the CLI and tests.
 */
import { parentPort } from 'node:worker_threads';
import { BranchRegistry } from '../../domain/branches';
import { runPipeline } from '../../import/pipeline';
import { svgToPngInThread } from '../render-core';
import { packParse, transferables, type Task } from './tasks';

if (!parentPort) throw new Error('pool-worker runs as a worker thread');
const port = parentPort;

port.on('message', async ({ id, task }: { id: number; task: Task }) => {
	try {
		if (task.kind === 'parse') {
			const parsed = packParse(
				runPipeline(task.bytes, new BranchRegistry(task.branches), task.opts)
			);
			port.postMessage({ id, ok: true, result: parsed }, transferables(parsed));
		} else {
			const png = await svgToPngInThread(task.svg, task.width, task.pixelRatio);
			const bytes = new Uint8Array(png.buffer, png.byteOffset, png.byteLength).slice();
			port.postMessage({ id, ok: true, result: bytes }, [bytes.buffer]);
		}
	} catch (e) {
		port.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
	}
});
