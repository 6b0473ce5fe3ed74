import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listSampleFiles } from '../../../cli/samples';
import { openStore, type AppStore } from '../app';
import { importLimits } from '../import-limits';
import { maxFileBytes } from '../../import/types';
import { signedInContext } from '../test-fixtures';
import type { Context } from './init';
import { appRouter } from './router';

let store: AppStore;
let ctx: Context;
const caller = (locale: 'zh-cn' | 'en' = 'zh-cn') => appRouter.createCaller({ ...ctx, locale });

beforeEach(async () => {
	store = await openStore({ dbPath: ':memory:' });
	ctx = await signedInContext(store, 'committee');
});

afterEach(async () => {
	vi.unstubAllEnvs();
	await store.close();
});

function form(files: { name: string; text?: string; bytes?: Uint8Array; branch?: string }[]) {
	const fd = new FormData();
	files.forEach((f, i) => {
		const body = f.bytes ?? new TextEncoder().encode(f.text ?? '');
		fd.append('file', new File([body as BlobPart], f.name));
		if (f.branch) fd.append(`branch.${i}`, f.branch);
	});
	return fd;
}

const csv = (rows: string[]) => ['党支部,月份,主题党日,支委会', ...rows].join('\r\n') + '\r\n';
const first = (month: string, days: string, meetings = '1') =>
	`第一检察部党支部,${month},${days},${meetings}`;

describe('imports.preview', () => {
	it('plans new cells without writing anything', async () => {
		const [p] = await caller().imports.preview(
			form([{ name: 'a.csv', text: csv([first('2020-01', '2')]) }])
		);
		expect(p).toMatchObject({ file: 'a.csv', valid: true, new: 2, replaced: 0, unchanged: 0 });
		expect((await caller().imports.list()).imports).toHaveLength(0);
	});

	it('lists the values a changed file would replace, old → new', async () => {
		await caller().imports.commit(form([{ name: 'a.csv', text: csv([first('2020-01', '2')]) }]));
		const [p] = await caller().imports.preview(
			form([{ name: 'b.csv', text: csv([first('2020-01', '5')]) }])
		);
		expect(p).toMatchObject({ new: 0, replaced: 1, unchanged: 1 });
		expect(p.replacedCells).toEqual([
			expect.objectContaining({ metric: 'party_days', month: '2020-01', old: 2, new: 5 })
		]);
	});

	it('says when a byte-identical file was imported', async () => {
		const text = csv([first('2020-01', '2')]);
		const [done] = await caller().imports.commit(form([{ name: 'a.csv', text }]));
		const [p] = await caller().imports.preview(form([{ name: 'again.csv', text }]));
		expect(p.identicalTo?.importId).toBe(done.importId);
		expect(p).toMatchObject({ new: 0, replaced: 0, unchanged: 2 });
	});

	it('uses the branch picked for a file that names none', async () => {
		const text = '月份,主题党日\r\n2020-01,3\r\n';
		const [bare] = await caller().imports.preview(form([{ name: 'x.csv', text }]));
		expect(bare.valid).toBe(false);
		expect(bare.errors.map((e) => e.code)).toContain('no_branch');
		const [picked] = await caller().imports.preview(
			form([{ name: 'x.csv', text, branch: 'general-office' }])
		);
		expect(picked).toMatchObject({ valid: true, new: 1 });
	});

	it('refuses a count over PACESETTER_MAX_COUNT, as the CLI does', async () => {
		vi.stubEnv('PACESETTER_MAX_COUNT', '500');
		const [p] = await caller().imports.preview(
			form([{ name: 'big.csv', text: csv([first('2020-01', '501')]) }])
		);
		expect(p.valid).toBe(false);
		expect(p.errors.map((e) => e.code)).toContain('count_too_large');
		const [ok] = await caller().imports.preview(
			form([{ name: 'fine.csv', text: csv([first('2020-01', '500')]) }])
		);
		expect(ok.valid).toBe(true);
	});
});

describe('imports.commit', () => {
	it('imports the 8 sample files and fills the completeness matrix', async () => {
		const files = listSampleFiles().map((p) => ({ name: basename(p), bytes: readFileSync(p) }));
		expect(files).toHaveLength(8);
		const out = await caller().imports.commit(form(files));
		expect(out.map((o) => o.status)).toEqual(Array(8).fill('applied'));
		const { imports: list } = await caller().imports.list();
		expect(list).toHaveLength(8);
		expect(new Set(list.map((i) => i.encoding))).toEqual(
			new Set(['gb18030', 'utf-8-bom', 'utf-16le', 'utf-8'])
		);
		const matrix = await caller().imports.completeness();
		expect(matrix.range).toEqual({ from: '2019-01', to: '2021-12' });
		expect(matrix.years).toEqual([2019, 2020, 2021]);
		expect(matrix.branches).toHaveLength(8);
		expect(matrix.cells).toHaveLength(8 * 36);
		expect(matrix.cells.filter((c) => c.status === 'missing').length).toBeLessThan(8 * 36 * 0.2);
		const year = await caller().imports.completeness({ year: 2020 });
		expect(year.months).toHaveLength(12);
		expect(year.months[0]).toBe('2020-01');
	});

	it('rejects a file with a bad cell, naming row, column and value, and writes nothing', async () => {
		const good = { name: 'good.csv', text: csv([first('2020-01', '2')]) };
		const bad = { name: 'bad.csv', text: csv([first('2020-02', '2'), first('2020-03', 'abc')]) };
		const out = await caller().imports.commit(form([bad, good]));
		expect(out[0]).toMatchObject({ file: 'bad.csv', status: 'rejected', importId: null });
		expect(out[0].errors[0]).toMatchObject({
			code: 'bad_number',
			row: 3,
			column: '主题党日',
			value: 'abc'
		});
		expect(out[1]).toMatchObject({ file: 'good.csv', status: 'applied' });
		const { imports: list } = await caller().imports.list();
		expect(list.map((i) => i.file)).toEqual(['good.csv']);
	});

	it('reverts: the old value is back, twice is harmless, importing again applies anew', async () => {
		const [a] = await caller().imports.commit(
			form([{ name: 'a.csv', text: csv([first('2020-01', '2')]) }])
		);
		const changed = form([{ name: 'b.csv', text: csv([first('2020-01', '5')]) }]);
		const [b] = await caller().imports.commit(changed);
		expect(b).toMatchObject({ status: 'applied', replaced: 1 });
		const value = async (id: number) =>
			(await caller().imports.detail({ id })).cells.find((c) => c.metric === 'party_days')!;
		expect(await value(b.importId!)).toMatchObject({ value: 5, previous: 2, current: true });

		expect(await caller().imports.revert({ id: b.importId! })).toMatchObject({ restored: 2 });
		expect(await value(a.importId!)).toMatchObject({ value: 2, current: true });
		expect(await caller().imports.revert({ id: b.importId! })).toMatchObject({ restored: 0 });
		const { imports: list } = await caller().imports.list();
		expect(list.find((i) => i.id === b.importId)?.status).toBe('reverted');

		const [again] = await caller().imports.commit(
			form([{ name: 'b.csv', text: csv([first('2020-01', '5')]) }])
		);
		expect(again).toMatchObject({ status: 'applied', replaced: 1 });
		expect(await value(again.importId!)).toMatchObject({ value: 5, current: true });
	});

	it('refuses too many files with a clear message in the user’s language', async () => {
		vi.stubEnv('PACESETTER_MAX_FILES', '2');
		const three = form(['a', 'b', 'c'].map((n) => ({ name: `${n}.csv`, text: csv([]) })));
		await expect(caller('en').imports.commit(three)).rejects.toMatchObject({
			code: 'PAYLOAD_TOO_LARGE',
			message: expect.stringContaining('At most 2 files')
		});
		await expect(caller().imports.preview(three)).rejects.toThrow('一次最多导入 2 个文件');
	});

	it('rejects an oversize file by its size and still imports the others', async () => {
		vi.stubEnv('PACESETTER_MAX_FILE_MB', '0.0001');
		const big = {
			name: 'big.csv',
			text: csv(
				Array.from({ length: 20 }, (_, i) =>
					first(`2019-${String((i % 12) + 1).padStart(2, '0')}`, '1')
				)
			)
		};
		const [o] = await caller().imports.commit(form([big]));
		expect(o).toMatchObject({ status: 'rejected' });
		expect(o.errors[0].code).toBe('file_too_large');
	});

	it('answers malformed requests with a clean client error', async () => {
		const notAFile = new FormData();
		notAFile.append('file', 'just text');
		await expect(caller().imports.commit(notAFile)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(caller().imports.commit(new FormData())).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		// @ts-expect-error: not FormData
		await expect(caller().imports.commit({ file: 'x' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(caller().imports.detail({ id: 99 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
		await expect(caller().imports.revert({ id: -1 })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
	});
});

describe('importLimits', () => {
	it('defaults to 50 MB and 20 files and validates the environment', () => {
		expect(importLimits({})).toEqual({ maxFileMb: 50, maxFiles: 20 });
		const five = importLimits({ PACESETTER_MAX_FILE_MB: '5', PACESETTER_MAX_FILES: '3' });
		expect(five).toEqual({ maxFileMb: 5, maxFiles: 3 });
		expect(maxFileBytes(five)).toBe(5 * 1024 * 1024);
		expect(maxFileBytes({ maxFileMb: 0.5, maxFiles: 1 })).toBe(524288);
		expect(() => importLimits({ PACESETTER_MAX_FILES: 'many' })).toThrow(/PACESETTER_MAX_FILES/);
		expect(() => importLimits({ PACESETTER_MAX_FILE_MB: '-1' })).toThrow(/PACESETTER_MAX_FILE_MB/);
	});
});

describe('error shape', () => {
	it('turns zod issues into one readable line', async () => {
		const { createTRPCClient, httpLink } = await import('@trpc/client');
		const { fetchRequestHandler } = await import('@trpc/server/adapters/fetch');
		const client = createTRPCClient<typeof appRouter>({
			links: [
				httpLink({
					url: 'http://local/api/trpc',
					fetch: (url, init) =>
						fetchRequestHandler({
							endpoint: '/api/trpc',
							req: new Request(url, init as RequestInit),
							router: appRouter,
							createContext: () => ({ ...ctx, locale: 'en' as const })
						})
				})
			]
		});
		// @ts-expect-error: a string id
		await expect(client.imports.detail.query({ id: 'x' })).rejects.toThrow(
			'Invalid input: id: Invalid input: expected number, received string'
		);
	});
});
