/**
 * The state of the import page: the dropped files, each parsed in a worker and then checked by the
 * server (what the import would do), and the batch import itself.
 */
import { TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { invalidateAll } from '$app/navigation';
import type { Branch } from '$lib/domain/branches';
import { parseInWorker } from '$lib/import/parse-in-worker';
import type { ParsedFile } from '$lib/import/types';
import { m } from '$lib/paraglide/messages.js';
import type { AppRouter } from '$lib/server/trpc/router';
import { trpcClient } from '$lib/trpc';

type Outputs = inferRouterOutputs<AppRouter>['imports'];
export type ServerPlan = Outputs['preview'][number];
export type CommitResult = Outputs['commit'][number];
export type EntryPhase = 'queued' | 'reading' | 'analysing' | 'checking' | 'done' | 'failed';

export interface ImportLimits {
	maxFileMb: number;
	maxFiles: number;
}

/** Workers at once: the page stays responsive and a batch of 20 does not start 20 parsers. */
const CONCURRENCY = 2;
let nextId = 1;

/**
 * A failure as the user should read it: the server's own message for a tRPC error; a plain
 * sentence when the answer was not tRPC's (a proxy or the body-size limit refusing the upload).
 */
function errorText(e: unknown): string {
	// adapter-node's BODY_SIZE_LIMIT answers in English: say it in the user's language.
	if (e instanceof TRPCClientError && e.data && !/exceeds limit/.test(e.message)) return e.message;
	return m.import_upload_refused();
}

export class FileEntry {
	readonly id = nextId++;
	phase = $state<EntryPhase>('queued');
	/** 0..1 of the bytes read. */
	read = $state(0);
	parsed = $state.raw<ParsedFile | null>(null);
	cellCount = $state(0);
	plan = $state.raw<ServerPlan | null>(null);
	failure = $state<string | null>(null);
	/** The branch picked for a file that names none ('' = not picked). */
	branch = $state('');
	controller: AbortController | null = null;

	constructor(readonly file: File) {}

	/** Parsed without errors and confirmed by the server. */
	get importable(): boolean {
		return (
			this.phase === 'done' && !!this.parsed && !this.parsed.errors.length && !!this.plan?.valid
		);
	}
}

export class ImportBatch {
	entries = $state<FileEntry[]>([]);
	notice = $state<string | null>(null);
	committing = $state(false);
	results = $state.raw<CommitResult[] | null>(null);
	commitError = $state<string | null>(null);
	private running = 0;
	private readonly queue: FileEntry[] = [];
	private readonly client = trpcClient();

	constructor(
		private readonly branches: () => readonly Branch[],
		readonly limits: ImportLimits,
		private readonly tooMany: (count: number) => string
	) {}

	get importable(): FileEntry[] {
		return this.entries.filter((e) => e.importable);
	}

	get busy(): boolean {
		return this.entries.some((e) => e.phase !== 'done' && e.phase !== 'failed');
	}

	add(files: Iterable<File>): void {
		const list = [...files];
		const room = Math.max(0, this.limits.maxFiles - this.entries.length);
		this.notice = list.length > room ? this.tooMany(list.length - room) : null;
		this.results = null;
		for (const file of list.slice(0, room)) {
			const entry = new FileEntry(file);
			this.entries.push(entry);
			this.enqueue(entry);
		}
	}

	remove(entry: FileEntry): void {
		entry.controller?.abort();
		this.entries = this.entries.filter((e) => e !== entry);
	}

	clear(): void {
		for (const e of this.entries) e.controller?.abort();
		this.entries = [];
		this.notice = null;
		this.results = null;
	}

	/** Re-run the pipeline with the branch picked for a file that names none. */
	pickBranch(entry: FileEntry, slug: string): void {
		entry.branch = slug;
		entry.controller?.abort();
		this.enqueue(entry);
	}

	private enqueue(entry: FileEntry): void {
		entry.phase = 'queued';
		entry.read = 0;
		entry.plan = null;
		entry.failure = null;
		this.queue.push(entry);
		this.pump();
	}

	private pump(): void {
		while (this.running < CONCURRENCY && this.queue.length) {
			const entry = this.queue.shift()!;
			this.running++;
			void this.analyse(entry).finally(() => {
				this.running--;
				this.pump();
			});
		}
	}

	private async analyse(entry: FileEntry): Promise<void> {
		const controller = new AbortController();
		entry.controller = controller;
		try {
			const { parsed, cellCount } = await parseInWorker(
				{
					file: entry.file,
					branches: $state.snapshot(this.branches()) as Branch[],
					branch: entry.branch || undefined,
					maxBytes: this.limits.maxFileMb * 1024 * 1024
				},
				(phase, loaded, total) => {
					entry.phase = phase;
					entry.read = total ? loaded / total : 1;
				},
				controller.signal
			);
			entry.parsed = parsed;
			entry.cellCount = cellCount;
			if (parsed.errors.length === 0) {
				entry.phase = 'checking';
				const [plan] = await this.client.imports.preview.mutate(this.form([entry]), {
					signal: controller.signal
				});
				entry.plan = plan;
			}
			entry.phase = 'done';
		} catch (e) {
			if (controller.signal.aborted) return;
			entry.failure = errorText(e);
			entry.phase = 'failed';
		}
	}

	private form(entries: FileEntry[]): FormData {
		const fd = new FormData();
		entries.forEach((e, i) => {
			fd.append('file', e.file, e.file.name);
			if (e.branch) fd.append(`branch.${i}`, e.branch);
		});
		return fd;
	}

	/** Import every importable file; the server re-parses the bytes and applies each on its own. */
	async commit(): Promise<void> {
		const ready = this.importable;
		if (!ready.length || this.committing) return;
		this.committing = true;
		this.commitError = null;
		try {
			const results = await this.client.imports.commit.mutate(this.form(ready));
			this.results = results;
			// Imported (or unchanged) files leave the list; rejected ones stay with their problems.
			const done = ready.filter((_, i) => results[i] && results[i].status !== 'rejected');
			this.entries = this.entries.filter((e) => !done.includes(e));
			// The layout's data range and the branch statuses change with the import.
			await invalidateAll();
		} catch (e) {
			this.commitError = errorText(e);
		} finally {
			this.committing = false;
		}
	}
}
