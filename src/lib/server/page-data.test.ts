/**
 * Page loads' answers as JSON text per data version: the overview's load gives exactly the tRPC
 * answer's JSON, computed once per data version and again after a write.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenedDb } from './db';
import { applyImport } from './imports';
import { cachedJson } from './page-data';
import { memoryStore, parsedFile, signedInContext } from './test-fixtures';
import { appRouter } from './trpc/router';

let store: OpenedDb;
beforeEach(async () => {
	store = await memoryStore(2);
});
afterEach(() => store.close());

const view = {
	from: '2021-01',
	to: '2021-03',
	metrics: ['members' as const],
	norm: 'raw' as const,
	cmp: 'none' as const
};

describe('cachedJson', () => {
	it('is the answer as JSON, computed once per data version and again after an import', async () => {
		const ctx = await signedInContext({ ...store, path: ':memory:' }, 'committee');
		const caller = appRouter.createCaller(ctx);
		const event = { locals: ctx as unknown as App.Locals };
		await applyImport(store.db, parsedFile('one.csv', [['a', '2021-01', 'members', 10]]), {
			by: 'cli'
		});
		let computed = 0;
		const load = () =>
			cachedJson(event, 'overview', () => {
				computed++;
				return caller.overview.view(view);
			});
		const first = await load();
		expect(JSON.parse(first)).toEqual(await caller.overview.view(view));
		expect(await load()).toBe(first);
		expect(computed).toBe(1);
		await applyImport(store.db, parsedFile('two.csv', [['b', '2021-02', 'members', 12]]), {
			by: 'cli'
		});
		const second = await load();
		expect(computed).toBe(2);
		expect(second).not.toBe(first);
		expect(JSON.parse(second)).toEqual(await caller.overview.view(view));
	});

	it('never hands one audience’s answer to another: a branch account computes (and is refused) anew', async () => {
		const committee = await signedInContext({ ...store, path: ':memory:' }, 'committee');
		const branch = await signedInContext({ ...store, path: ':memory:' }, 'branch', {
			branch: 'a'
		});
		await applyImport(store.db, parsedFile('one.csv', [['a', '2021-01', 'members', 10]]), {
			by: 'cli'
		});
		const load = (ctx: typeof committee) =>
			cachedJson({ locals: ctx as unknown as App.Locals }, 'overview', () =>
				appRouter.createCaller(ctx).overview.view(view)
			);
		await load(committee);
		await expect(load(branch)).rejects.toMatchObject({ code: 'FORBIDDEN' });
	});
});
