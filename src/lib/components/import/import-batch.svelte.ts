/**
 * The state of the import page: the dropped files, each parsed in a worker and then checked by the
 * server (what the import would do), and the batch import itself.
 */
import { TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { invalidateAll } from '$app/navigation';
import type { Branch } from '$lib/domain/branches';
import { parseInWorker } from '$lib/import/parse-in-worker';
import { maxFileBytes, type ImportLimits, type ParsedFile, type Problem } from '$lib/import/types';
import { m } from '$lib/paraglide/messages.js';
import type { AppRouter } from '$lib/server/trpc/router';
import { trpcClient } from '$lib/trpc';

type Outputs = inferRouterOutputs<AppRouter>['imports'];
export type ServerPlan = Outputs['preview'][number];
/** What happened to a file: imported (the import page) or submitted for review (a branch's report). */
export type CommitResult =
	Outputs['commit'][number] | inferRouterOutputs<AppRouter>['cycle']['submit'][number];
export type EntryPhase = 'queued' | 'reading' | 'analysing' | 'checking' | 'done' | 'failed';

/** Workers at once: the page stays responsive and a batch of 20 does not start 20 parsers. */
const CONCURRENCY = 2;
let nextId = 1;

/** Why the server did not answer an upload with tRPC's own answer. */
export class UploadRefused extends Error {
	constructor(
		/** 0: no answer at all (the connection dropped). */
		readonly status: number
	) {
		super(status ? `HTTP ${status}` : 'network');
	}
}

/**
 * `fetch` for uploads: a dropped connection or an answer that is not tRPC's (a proxy's or
 * adapter-node's plain-text refusal) becomes an UploadRefused carrying the status, so the page can
 * name the cause instead of guessing.
 */
export function uploadFetch(base: typeof fetch = fetch): typeof fetch {
	return async (input, init) => {
		let res: Response;
		try {
			res = await base(input, init);
		} catch (e) {
			if (init?.signal?.aborted) throw e;
			throw new UploadRefused(0);
		}
		const isJson = (res.headers.get('content-type') ?? '').includes('json');
		if (!res.ok && !isJson) throw new UploadRefused(res.status);
		return res;
	};
}

/**
 * A failure as the user should read it: the server's own message for a tRPC answer (too large with
 * the file and the limit, cross-site, too many files); otherwise the cause the HTTP answer shows.
 */
export function uploadErrorText(e: unknown, limits: ImportLimits): string {
	const cause = e instanceof TRPCClientError ? e.cause : e;
	if (cause instanceof UploadRefused) {
		if (cause.status === 0) return m.import_upload_network();
		if (cause.status === 413) return m.import_upload_too_large({ max: limits.maxFileMb });
		if (cause.status === 403) return m.import_upload_cross_site();
		return m.import_upload_http({ status: cause.status });
	}
	if (e instanceof TRPCClientError && e.data) return e.message;
	return m.import_upload_http({ status: '?' });
}

/** What the batch needs from the outside: the parser, the server and the page's data. */
export interface BatchServices {
	parse: typeof parseInWorker;
	preview: (form: FormData, signal: AbortSignal) => Promise<ServerPlan[]>;
	commit: (form: FormData) => Promise<CommitResult[]>;
	/** Reload the page's data after an import (the data range and branch statuses change). */
	refresh: () => Promise<void>;
}

/**
 * The browser's services: the Web Worker, tRPC (with the upload fetch) and SvelteKit's reload.
 * `submit`: the files go to review (a branch's monthly report) instead of being imported; the
 * preview and its checks are the same.
 */
export function browserServices(mode: 'import' | 'submit' = 'import'): BatchServices {
	const client = trpcClient(uploadFetch());
	return {
		parse: parseInWorker,
		preview: (form, signal) => client.imports.preview.mutate(form, { signal }),
		commit: (form) =>
			mode === 'submit' ? client.cycle.submit.mutate(form) : client.imports.commit.mutate(form),
		refresh: invalidateAll
	};
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

/**
 * The files on the page, in one list: an entry waits for its turn with phase `queued` and is taken
 * from `entries` when a worker is free, so a file removed (or cleared) before its turn is never
 * parsed nor sent, and a file queued again (a branch picked) is still one entry.
 */
export class ImportBatch {
	entries = $state<FileEntry[]>([]);
	notice = $state<string | null>(null);
	committing = $state(false);
	results = $state.raw<CommitResult[] | null>(null);
	commitError = $state<string | null>(null);
	/** The entries being analysed now (not state: the page shows each entry's phase). */
	private running: FileEntry[] = [];

	constructor(
		private readonly branches: () => readonly Branch[],
		readonly limits: ImportLimits,
		private readonly tooMany: (count: number) => string,
		private readonly services: BatchServices = browserServices()
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
		for (const file of list.slice(0, room)) this.entries.push(new FileEntry(file));
		this.pump();
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
		if (!this.entries.includes(entry)) return;
		entry.branch = slug;
		entry.controller?.abort();
		entry.phase = 'queued';
		entry.read = 0;
		entry.plan = null;
		entry.failure = null;
		this.pump();
	}

	/** Start the next queued entries of the list while workers are free. */
	private pump(): void {
		while (this.running.length < CONCURRENCY) {
			const entry = this.entries.find((e) => e.phase === 'queued' && !this.running.includes(e));
			if (!entry) return;
			this.running.push(entry);
			void this.analyse(entry).finally(() => {
				this.running = this.running.filter((e) => e !== entry);
				this.pump();
			});
		}
	}

	private async analyse(entry: FileEntry): Promise<void> {
		const controller = new AbortController();
		entry.controller = controller;
		entry.phase = 'reading';
		try {
			const { parsed, cellCount } = await this.services.parse(
				{
					file: entry.file,
					branches: $state.snapshot(this.branches()) as Branch[],
					branch: entry.branch || undefined,
					maxBytes: maxFileBytes(this.limits)
				},
				(phase, loaded, total) => {
					if (controller.signal.aborted) return;
					entry.phase = phase;
					entry.read = total ? loaded / total : 1;
				},
				controller.signal
			);
			if (controller.signal.aborted) return;
			entry.parsed = parsed;
			entry.cellCount = cellCount;
			if (parsed.errors.length === 0) {
				entry.phase = 'checking';
				const [plan] = await this.services.preview(this.form([entry]), controller.signal);
				if (controller.signal.aborted) return;
				entry.plan = plan;
			}
			entry.phase = 'done';
		} catch (e) {
			if (controller.signal.aborted) return;
			entry.failure = uploadErrorText(e, this.limits);
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
			const results = await this.services.commit(this.form(ready));
			this.results = results;
			// Imported (or unchanged) files leave the list; rejected ones stay with their problems.
			const done = ready.filter((_, i) => results[i] && results[i].status !== 'rejected');
			this.entries = this.entries.filter((e) => !done.includes(e));
			await this.services.refresh();
		} catch (e) {
			this.commitError = uploadErrorText(e, this.limits);
		} finally {
			this.committing = false;
		}
	}
}

/** A file-level "which branch?" error: the picker can fix it (a row's empty branch cell cannot). */
const branchMissing = (p: Problem) => p.code === 'no_branch' && p.row === null;

/** Offer the branch picker: the file names no branch of its own, or one was picked already. */
export function needsBranchPick(parsed: ParsedFile): boolean {
	return parsed.branchSource === 'explicit' || parsed.errors.some(branchMissing);
}

/** The only thing wrong with the file is its missing branch: picking one is all it takes. */
export function onlyBranchMissing(parsed: ParsedFile): boolean {
	return parsed.errors.length > 0 && parsed.errors.every(branchMissing);
}
