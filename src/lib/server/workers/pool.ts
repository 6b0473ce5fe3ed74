/**
 * A small pool of worker threads for the heavy work of a request (parsing an upload, drawing
 * pictures), so the request thread keeps answering. Tasks wait in a bounded queue; when it is full
 * a new task is refused at once with `PoolBusy` (HTTP 503 with Retry-After), not piled up.
 * A worker that dies fails only its own task, with a clear error, and is replaced.
 *
 * The worker's code: in the built server `build/workers/pool-worker.js` (vite.workers.config.ts
 * builds it next to adapter-node's output); from source (CLI through tsx, vitest) the TypeScript
 * entry, run with tsx's loader.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** tsx's ESM API (its `import` export), for running the TypeScript entry. */
function tsxApi(): string {
	const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
	return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

/** The queue is full: try again in `retryAfter` seconds. */
export class PoolBusy extends Error {
	constructor(readonly retryAfter: number) {
		super('worker pool busy');
		this.name = 'PoolBusy';
	}
}

/** The worker running a task died (crash, out of memory); the pool has replaced it. */
export class WorkerCrashed extends Error {
	constructor(readonly reason: string) {
		super(`worker thread stopped: ${reason}`);
		this.name = 'WorkerCrashed';
	}
}

export interface PoolOptions {
	/** Worker script (file URL); default: the pool worker, built or from source. */
	entry?: URL;
	/** Worker threads; default PACESETTER_WORKERS or max(2, cores − 1). */
	size?: number;
	/** Tasks that may wait besides the running ones; default PACESETTER_WORKER_QUEUE or 64. */
	maxQueue?: number;
	/** Seconds a refused client is told to wait. */
	retryAfter?: number;
}

interface Job {
	id: number;
	task: unknown;
	transfer: ArrayBuffer[];
	resolve(value: unknown): void;
	reject(error: Error): void;
}

interface Slot {
	worker: Worker;
	job: Job | null;
}

const envInt = (name: string): number | undefined => {
	const n = Number(process.env[name]);
	return Number.isInteger(n) && n > 0 ? n : undefined;
};

/**
 * Where the pool worker is: next to the built server (build/workers/pool-worker.js, found walking up
 * from this chunk), else the TypeScript source beside this file.
 */
export function defaultEntry(): { url: URL; fromSource: boolean } {
	const here = fileURLToPath(import.meta.url);
	if (!/\.ts$/.test(here)) {
		let dir = dirname(here);
		for (let i = 0; i < 4; i++) {
			const built = join(dir, 'workers', 'pool-worker.js');
			if (existsSync(built)) return { url: pathToFileURL(built), fromSource: false };
			dir = dirname(dir);
		}
	}
	return { url: new URL('./pool-worker.ts', import.meta.url), fromSource: true };
}

export class WorkerPool {
	readonly size: number;
	readonly maxQueue: number;
	readonly retryAfter: number;
	private readonly entry: URL;
	private readonly fromSource: boolean;
	private readonly slots: Slot[] = [];
	private readonly queue: Job[] = [];
	private nextId = 1;
	private closed = false;

	constructor(opts: PoolOptions = {}) {
		this.size =
			opts.size ??
			envInt('PACESETTER_WORKERS') ??
			// The request thread mostly waits on the workers, so two workers even on two cores.
			Math.max(2, availableParallelism() - 1);
		this.maxQueue = opts.maxQueue ?? envInt('PACESETTER_WORKER_QUEUE') ?? 64;
		this.retryAfter = opts.retryAfter ?? 5;
		const entry = opts.entry ? { url: opts.entry, fromSource: false } : defaultEntry();
		this.entry = entry.url;
		this.fromSource = entry.fromSource || entry.url.pathname.endsWith('.ts');
	}

	/** Tasks running and waiting. */
	get load(): { running: number; queued: number } {
		return { running: this.slots.filter((s) => s.job).length, queued: this.queue.length };
	}

	/**
	 * Run `task` in a worker. Refused with PoolBusy when `maxQueue` tasks already wait, unless
	 * `admitted` (the later tasks of a job whose first task was admitted, e.g. a deck's slides).
	 */
	run<T>(task: unknown, opts: { transfer?: ArrayBuffer[]; admitted?: boolean } = {}): Promise<T> {
		if (this.closed) return Promise.reject(new Error('worker pool closed'));
		const idle = this.idleSlot();
		if (!idle && !opts.admitted && this.queue.length >= this.maxQueue) {
			return Promise.reject(new PoolBusy(this.retryAfter));
		}
		return new Promise<T>((resolve, reject) => {
			const job: Job = {
				id: this.nextId++,
				task,
				transfer: opts.transfer ?? [],
				resolve: resolve as (v: unknown) => void,
				reject
			};
			if (idle) this.start(idle, job);
			else this.queue.push(job);
		});
	}

	/** Whether a new task would be refused now. */
	get full(): boolean {
		return !this.idleSlot() && this.queue.length >= this.maxQueue;
	}

	async close(): Promise<void> {
		this.closed = true;
		for (const job of this.queue.splice(0)) job.reject(new Error('worker pool closed'));
		await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
	}

	private idleSlot(): Slot | undefined {
		const idle = this.slots.find((s) => !s.job);
		if (idle) return idle;
		if (this.slots.length < this.size) return this.spawn();
		return undefined;
	}

	private spawn(): Slot {
		const worker = this.fromSource
			? // TypeScript: register tsx's loader in the thread, then load the entry through it.
				new Worker(
					`import(${JSON.stringify(tsxApi())})` +
						`.then((t) => { t.register(); return import(${JSON.stringify(this.entry.href)}); })`,
					{ eval: true }
				)
			: new Worker(this.entry);
		const slot: Slot = { worker, job: null };
		// An idle worker does not keep a CLI run alive.
		worker.unref();
		worker.on('message', (msg: { id: number; ok: boolean; result?: unknown; error?: string }) => {
			const job = slot.job;
			if (!job || job.id !== msg.id) return;
			slot.job = null;
			worker.unref();
			if (msg.ok) job.resolve(msg.result);
			else job.reject(new Error(msg.error ?? 'worker task failed'));
			this.next(slot);
		});
		const died = (reason: string) => {
			const i = this.slots.indexOf(slot);
			if (i < 0) return;
			this.slots.splice(i, 1);
			slot.job?.reject(new WorkerCrashed(reason));
			slot.job = null;
			// Waiting tasks get a fresh worker.
			if (!this.closed && this.queue.length) {
				const fresh = this.idleSlot();
				if (fresh) this.next(fresh);
			}
		};
		worker.on('error', (e) => died(e.message));
		worker.on('exit', (code) => died(`exit code ${code}`));
		this.slots.push(slot);
		return slot;
	}

	private start(slot: Slot, job: Job) {
		slot.job = job;
		slot.worker.ref();
		slot.worker.postMessage({ id: job.id, task: job.task }, job.transfer);
	}

	private next(slot: Slot) {
		const job = this.queue.shift();
		if (job) this.start(slot, job);
	}
}

let shared: WorkerPool | undefined;

/** The process's pool, started on first use. */
export function workerPool(): WorkerPool {
	shared ??= new WorkerPool();
	return shared;
}
