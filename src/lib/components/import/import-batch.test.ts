import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import type { ParsedFile } from '$lib/import/types';
import {
	ImportBatch,
	needsBranchPick,
	onlyBranchMissing,
	UploadRefused,
	uploadErrorText,
	uploadFetch,
	type BatchServices,
	type ServerPlan
} from './import-batch.svelte';

const limits = { maxFileMb: 50, maxFiles: 20 };

function parsedFile(name: string, over: Partial<ParsedFile> = {}): ParsedFile {
	return {
		fileName: name,
		errors: [],
		warnings: [],
		branchSource: 'column',
		...over
	} as ParsedFile;
}

/** A parser whose calls wait until the test lets them finish, and a server that records uploads. */
function fakeServices() {
	const parsing: { name: string; branch?: string; finish: () => void }[] = [];
	const previewed: string[] = [];
	const services: BatchServices = {
		parse: (request, _progress, signal) =>
			new Promise((resolve, reject) => {
				signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
				parsing.push({
					name: request.file.name,
					branch: request.branch,
					finish: () => resolve({ parsed: parsedFile(request.file.name), cellCount: 1 })
				});
			}),
		preview: async (form) => {
			const files = form.getAll('file') as File[];
			previewed.push(...files.map((f) => f.name));
			return files.map((f) => ({ file: f.name, valid: true }) as unknown as ServerPlan);
		},
		commit: async () => [],
		refresh: async () => {}
	};
	return { services, parsing, previewed };
}

const file = (name: string) => new File(['a,b\n'], name, { type: 'text/csv' });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ImportBatch keeps one list', () => {
	it('never parses nor sends a file removed before its turn', async () => {
		const { services, parsing, previewed } = fakeServices();
		const batch = new ImportBatch(
			() => [],
			limits,
			() => '',
			services
		);
		batch.add([file('a.csv'), file('b.csv'), file('c.csv')]);
		expect(parsing.map((p) => p.name)).toEqual(['a.csv', 'b.csv']);
		batch.remove(batch.entries.find((e) => e.file.name === 'c.csv')!);
		parsing[0].finish();
		parsing[1].finish();
		await settle();
		expect(parsing.map((p) => p.name)).toEqual(['a.csv', 'b.csv']);
		expect(previewed).toEqual(['a.csv', 'b.csv']);
	});

	it('parses nothing more after the list is cleared', async () => {
		const { services, parsing, previewed } = fakeServices();
		const batch = new ImportBatch(
			() => [],
			limits,
			() => '',
			services
		);
		batch.add([file('a.csv'), file('b.csv'), file('c.csv'), file('d.csv')]);
		batch.clear();
		parsing.forEach((p) => p.finish());
		await settle();
		expect(parsing).toHaveLength(2);
		expect(previewed).toEqual([]);
	});

	it('queues a file once when a branch is picked while it waits', async () => {
		const { services, parsing } = fakeServices();
		const batch = new ImportBatch(
			() => [],
			limits,
			() => '',
			services
		);
		batch.add([file('a.csv'), file('b.csv'), file('c.csv')]);
		const c = batch.entries[2];
		batch.pickBranch(c, 'first-procuratorial');
		batch.pickBranch(c, 'political');
		parsing[0].finish();
		parsing[1].finish();
		await settle();
		parsing.slice(2).forEach((p) => p.finish());
		await settle();
		expect(parsing.map((p) => p.name)).toEqual(['a.csv', 'b.csv', 'c.csv']);
		expect(parsing[2].branch).toBe('political');
		expect(c.phase).toBe('done');
	});

	it('parses a running file again with the picked branch, once', async () => {
		const { services, parsing } = fakeServices();
		const batch = new ImportBatch(
			() => [],
			limits,
			() => '',
			services
		);
		batch.add([file('a.csv')]);
		batch.pickBranch(batch.entries[0], 'political');
		await settle();
		expect(parsing.map((p) => [p.name, p.branch])).toEqual([
			['a.csv', undefined],
			['a.csv', 'political']
		]);
	});
});

describe('the branch picker', () => {
	const noBranch = { code: 'no_branch', row: null, column: null, value: null } as const;
	it('is offered for a readable file that names no branch', () => {
		const f = parsedFile('x.csv', { branchSource: null, errors: [noBranch] });
		expect(needsBranchPick(f)).toBe(true);
		expect(onlyBranchMissing(f)).toBe(true);
	});
	it('is not offered for an .xlsx (unreadable, no branch either)', () => {
		const xlsx = { code: 'binary_xlsx', row: null, column: null, value: null } as const;
		const f = parsedFile('x.xlsx', { branchSource: null, errors: [xlsx] });
		expect(needsBranchPick(f)).toBe(false);
		expect(onlyBranchMissing(f)).toBe(false);
	});
});

describe('upload errors name their cause', () => {
	const refusedBy = (status: number) =>
		uploadFetch(async () => new Response('Payload Too Large', { status }))('/x', {});
	it('a plain-text 413 is "too large", a 403 "cross-site", a dropped connection "network"', async () => {
		const text = async (p: Promise<unknown>) =>
			uploadErrorText(
				await p.then(
					() => null,
					(e: unknown) => e
				),
				limits
			);
		expect(await text(refusedBy(413))).toMatch(/413/);
		expect(await text(refusedBy(403))).toMatch(/403/);
		const dropped = uploadFetch(async () => {
			throw new TypeError('Failed to fetch');
		})('/x', {});
		expect(await text(dropped)).not.toMatch(/413|403/);
		expect(uploadErrorText(new UploadRefused(0), limits)).toBe(await text(dropped));
	});
	it("shows the server's own message for a tRPC answer", () => {
		const e = TRPCClientError.from({
			error: { message: '“a.csv” too big', code: -32013, data: { code: 'PAYLOAD_TOO_LARGE' } }
		});
		expect(uploadErrorText(e, limits)).toBe('“a.csv” too big');
	});
	it('passes a JSON refusal through for tRPC to read', async () => {
		const res = await uploadFetch(
			async () =>
				new Response('{}', { status: 403, headers: { 'content-type': 'application/json' } })
		)('/x', {});
		expect(res.status).toBe(403);
	});
});
