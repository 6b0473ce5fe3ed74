/** Run the pipeline on a dropped file in a Web Worker (one worker per file, ended when done). */
import type { ParsedFile } from './types';
import type { WorkerMessage, WorkerPhase, WorkerRequest } from './worker';

export interface WorkerParse {
	parsed: ParsedFile;
	cellCount: number;
}

/** Parse `request.file` off the main thread; `onProgress` gets the phase and bytes read. */
export function parseInWorker(
	request: WorkerRequest,
	onProgress: (phase: WorkerPhase, loaded: number, total: number) => void,
	signal?: AbortSignal
): Promise<WorkerParse> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
		const end = () => {
			worker.terminate();
			signal?.removeEventListener('abort', abort);
		};
		const abort = () => {
			end();
			reject(new DOMException('aborted', 'AbortError'));
		};
		signal?.addEventListener('abort', abort);
		worker.onmessage = (e: MessageEvent<WorkerMessage>) => {
			const msg = e.data;
			if (msg.type === 'progress') onProgress(msg.phase, msg.loaded, msg.total);
			else {
				end();
				if (msg.type === 'done') resolve({ parsed: msg.parsed, cellCount: msg.cellCount });
				else reject(new Error(msg.message));
			}
		};
		worker.onerror = (e) => {
			end();
			reject(new Error(e.message || 'worker failed'));
		};
		worker.postMessage(request);
	});
}
