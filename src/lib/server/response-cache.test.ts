import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type AppStore } from './app';
import { cachedResponse } from './response-cache';
import { signedInContext } from './test-fixtures';
import type { Context } from './trpc/init';
import { appRouter } from './trpc/router';

let store: AppStore;
let ctx: Context;
let calls: number;

beforeEach(async () => {
	store = await openStore({ dbPath: ':memory:' });
	ctx = await signedInContext(store, 'committee');
	calls = 0;
});

afterEach(async () => {
	await store.close();
});

const view = {
	from: '2020-01',
	to: '2020-03',
	metrics: ['party_days'],
	norm: 'raw',
	cmp: 'none'
};

/** One request through the cache and the real tRPC handler, counting the handler's calls. */
function request(path: string, init: RequestInit = {}, locale: 'zh-cn' | 'en' = 'zh-cn') {
	const req = new Request(`http://localhost/api/trpc/${path}`, init);
	const event = {
		request: req,
		url: new URL(req.url),
		locals: { ...ctx, locale, needsSetup: false }
	};
	return cachedResponse(event, () => {
		calls++;
		return fetchRequestHandler({
			endpoint: '/api/trpc',
			req,
			router: appRouter,
			createContext: () => ({ ...ctx, locale })
		});
	});
}

const overview = (input: unknown = view) =>
	request(`overview.view?input=${encodeURIComponent(JSON.stringify(input))}`);

function commit(days: string) {
	const fd = new FormData();
	const text = `党支部,月份,主题党日\r\n第一检察部党支部,2020-02,${days}\r\n`;
	fd.append('file', new File([text], `days-${days}.csv`));
	return appRouter.createCaller(ctx).imports.commit(fd);
}

const partyDays = async (r: Response) =>
	((await r.json()) as { result: { data: { monthly: Record<string, Record<string, unknown>> } } })
		.result.data.monthly.party_days['first-procuratorial'];

describe('cachedResponse', () => {
	it('answers a repeated view from the cache, with the same bytes and a length', async () => {
		const a = await overview();
		const b = await overview();
		expect(calls).toBe(1);
		expect(b.headers.get('content-type')).toContain('application/json');
		expect(Number(b.headers.get('content-length'))).toBeGreaterThan(100);
		expect(await b.text()).toBe(await a.text());
	});

	it('computes again once the data changed', async () => {
		await commit('2');
		expect(await partyDays(await overview())).toEqual([null, 2, null]);
		await commit('5');
		expect(await partyDays(await overview())).toEqual([null, 5, null]);
		expect(calls).toBe(2);
	});

	it('keeps answers apart per input and language, and never keeps errors or other calls', async () => {
		await overview();
		await overview({ ...view, to: '2020-06' });
		await request(`overview.view?input=${encodeURIComponent(JSON.stringify(view))}`, {}, 'en');
		expect(calls).toBe(3);
		const bad = { ...view, from: '2020-13' };
		expect((await overview(bad)).status).toBe(400);
		expect((await overview(bad)).status).toBe(400);
		await request('meta.info');
		await request('meta.info');
		expect(calls).toBe(7);
	});
});
