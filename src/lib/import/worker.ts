/// <reference lib="webworker" />
/**
 * The browser's import worker: reads one dropped file (reporting bytes read), then runs the same
 * `runPipeline` the server and the CLI run, off the main thread so a 50 MB file never freezes the page.
 */
import { BranchRegistry, type Branch } from '../domain/branches';
import { runPipeline } from './pipeline';
import type { ParsedFile } from './types';

export interface WorkerRequest {
	file: File;
	branches: Branch[];
	/** The branch picked for a file that names none. */
	branch?: string;
	maxBytes: number;
}

export type WorkerPhase = 'reading' | 'analysing';

export type WorkerMessage =
	| { type: 'progress'; phase: WorkerPhase; loaded: number; total: number }
	/** The parse without its cells (the page shows counts; the server re-parses the bytes). */
	| { type: 'done'; parsed: ParsedFile; cellCount: number }
	| { type: 'failed'; message: string };

const post = (msg: WorkerMessage) => self.postMessage(msg);

/** The file's bytes, read in chunks so progress can be shown. */
async function readBytes(file: File): Promise<Uint8Array> {
	const out = new Uint8Array(file.size);
	const reader = file.stream().getReader();
	let loaded = 0;
	let lastPost = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		out.set(value, loaded);
		loaded += value.length;
		if (loaded - lastPost > 1 << 20) {
			lastPost = loaded;
			post({ type: 'progress', phase: 'reading', loaded, total: file.size });
		}
	}
	return out;
}

self.onmessage = async (event: MessageEvent<WorkerRequest>) => {
	const { file, branches, branch, maxBytes } = event.data;
	try {
		post({ type: 'progress', phase: 'reading', loaded: 0, total: file.size });
		// An oversize file is not read at all: the pipeline names its size and the limit.
		const bytes = file.size > maxBytes ? new Uint8Array(0) : await readBytes(file);
		post({ type: 'progress', phase: 'analysing', loaded: file.size, total: file.size });
		const parsed = runPipeline(bytes, new BranchRegistry(branches), {
			fileName: file.name,
			branch,
			maxBytes
		});
		if (file.size > maxBytes) {
			parsed.size = file.size;
			parsed.warnings = [];
			parsed.errors = [
				{
					code: 'file_too_large',
					row: null,
					column: null,
					value: null,
					params: { size: file.size, max: maxBytes }
				}
			];
		}
		const cellCount = parsed.cells.length;
		post({ type: 'done', parsed: { ...parsed, cells: [] }, cellCount });
	} catch (e) {
		post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
	}
};
