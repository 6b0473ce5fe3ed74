/** The import pipeline on uploaded bytes, run in the worker pool instead of the request thread. */
import type { BranchRegistry } from '../../domain/branches';
import type { ParsedFile, PipelineOptions } from '../../import/types';
import { workerPool } from './pool';
import { unpackParse, type PackedParse, type ParseTask } from './tasks';

/**
 * `runPipeline(bytes, registry, opts)` in a worker: the same ParsedFile. The bytes are copied to
 * the worker (the caller keeps its own). Throws PoolBusy when the pool's queue is full.
 */
export async function parseInPool(
	bytes: Uint8Array,
	registry: BranchRegistry,
	opts: PipelineOptions
): Promise<ParsedFile> {
	const task: ParseTask = {
		kind: 'parse',
		bytes,
		branches: registry.branches.map((b) => ({ ...b, aliases: [...b.aliases] })),
		opts
	};
	return unpackParse(await workerPool().run<PackedParse>(task));
}
