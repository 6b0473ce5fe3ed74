/**
 * The history's procedures on a real database file: paging, restore, and writers that meet another
 * connection holding the write lock (they wait for it, or answer 503 "try again", never a 500).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type AppStore } from '../app';
import { holdWriteLock, signedInContext, testDbLocation } from '../test-fixtures';
import { TRPCError, type Context } from './init';
import { appRouter } from './router';

let dir: string;
let store: AppStore;
let location: string;
let contexts: Record<'zh-cn' | 'en', Context>;
/** A committee member's calls, signed in before any test holds the write lock. */
const caller = (locale: 'zh-cn' | 'en' = 'zh-cn') => appRouter.createCaller(contexts[locale]);

function form(name: string, text: string) {
	const fd = new FormData();
	fd.append('file', new File([new TextEncoder().encode(text)], name));
	return fd;
}
const csv = (month: string, days: string) =>
	`党支部,月份,主题党日\r\n第一检察部党支部,${month},${days}\r\n`;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-writes-'));
	location = testDbLocation(join(dir, 'p.db'));
	store = await openStore({ dbPath: location });
	contexts = {
		'zh-cn': await signedInContext(store, 'committee'),
		en: await signedInContext(store, 'committee', { locale: 'en' })
	};
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

async function importMonths(n: number) {
	for (let k = 1; k <= n; k++)
		await caller().imports.commit(form(`${k}.csv`, csv(`2020-${String(k).padStart(2, '0')}`, '1')));
}

describe('imports.list', () => {
	it('answers a page of the history with its size, and refuses pages over the maximum', async () => {
		await importMonths(3);
		const page = await caller().imports.list({ page: 2, limit: 2 });
		expect(page).toMatchObject({ total: 3, page: 2, pages: 2, limit: 2 });
		expect(page.imports.map((i) => i.id)).toEqual([1]);
		// A page past the end answers the last one.
		expect((await caller().imports.list({ page: 9, limit: 2 })).page).toBe(2);
		await expect(caller().imports.list({ page: 1, limit: 100000 })).rejects.toThrow();
	});
});

describe('imports.restore', () => {
	it('re-applies a reverted import and the history says when', async () => {
		await importMonths(1);
		await caller().imports.revert({ id: 1 });
		expect(await caller().imports.restore({ id: 1 })).toEqual({
			importId: 1,
			current: 1,
			superseded: 0
		});
		const [imp] = (await caller().imports.list()).imports;
		expect(imp.status).toBe('applied');
		expect(imp.restoredAt).toEqual(expect.any(String));
		const detail = await caller().imports.detail({ id: 1 });
		expect(detail.cells.map((c) => c.state)).toEqual(['restored']);
		await expect(caller('en').imports.restore({ id: 42 })).rejects.toMatchObject({
			code: 'NOT_FOUND'
		});
	});
});

describe('a writer meeting another connection’s write lock', () => {
	let other: Awaited<ReturnType<typeof holdWriteLock>> | undefined;
	afterEach(async () => {
		await other?.release();
		other = undefined;
	});

	it('waits for the lock and then writes', async () => {
		await importMonths(1);
		other = await holdWriteLock(location);
		const released = setTimeout(() => void other?.release(), 600);
		const started = Date.now();
		try {
			expect(await caller().imports.revert({ id: 1 })).toMatchObject({ importId: 1 });
			const [r] = await caller().imports.commit(form('2.csv', csv('2020-02', '2')));
			expect(r.status).toBe('applied');
		} finally {
			clearTimeout(released);
		}
		expect(Date.now() - started).toBeGreaterThanOrEqual(500);
	});

	it('answers 503 "try again" in the user’s language when the lock outlasts the busy timeout', async () => {
		await importMonths(1);
		other = await holdWriteLock(location);
		const attempt = await caller('en')
			.imports.commit(form('2.csv', csv('2020-02', '2')))
			.then(
				() => null,
				(e: unknown) => e
			);
		expect(attempt).toBeInstanceOf(TRPCError);
		expect((attempt as TRPCError).code).toBe('SERVICE_UNAVAILABLE');
		expect(getHTTPStatusCodeFromError(attempt as TRPCError)).toBe(503);
		expect((attempt as TRPCError).message).toMatch(/busy.*try again/i);
		await expect(caller('zh-cn').imports.revert({ id: 1 })).rejects.toMatchObject({
			code: 'SERVICE_UNAVAILABLE',
			message: expect.stringContaining('稍后重试')
		});
		await other.release();
		other = undefined;
		// Nothing was written; once free, the same writes go through.
		expect((await caller().imports.list()).total).toBe(1);
		expect((await caller().imports.revert({ id: 1 })).importId).toBe(1);
	}, 20_000);
});
