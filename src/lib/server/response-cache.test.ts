import { gunzipSync } from 'node:zlib';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore, type AppStore } from './app';
import { acceptsGzip, cachedResponse } from './response-cache';
import { signedInContext, testDbLocation } from './test-fixtures';
import type { Context } from './trpc/init';
import { appRouter } from './trpc/router';

let store: AppStore;
let ctx: Context;
let calls: number;

beforeEach(async () => {
	store = await openStore({ dbPath: testDbLocation() });
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

describe('cachedResponse of page data (`__data.json`)', () => {
	let served: number;
	/** A navigation's data request as SvelteKit hands it to the hooks: `/__data.json` stripped. */
	function pageData(
		viewerCtx: Context,
		opts: { page?: string; invalidated?: string; data?: boolean; cookie?: boolean } = {}
	) {
		const page = opts.page ?? '/';
		const suffix = `${page.endsWith('/') ? '' : '/'}__data.json`;
		const req = new Request(
			`http://localhost${page}${opts.data === false ? '' : suffix}?x-sveltekit-invalidated=${opts.invalidated ?? '11'}`
		);
		const event = {
			request: req,
			url: new URL(`http://localhost${page}`),
			locals: { ...viewerCtx, locale: 'zh-cn' as const, needsSetup: false }
		};
		return cachedResponse(event, async () => {
			served++;
			const headers = new Headers({ 'content-type': 'application/json' });
			if (opts.cookie) headers.set('set-cookie', 'PARAGLIDE_LOCALE=en; Path=/');
			return new Response(JSON.stringify({ user: viewerCtx.viewer!.username, n: served }), {
				headers
			});
		});
	}

	beforeEach(() => (served = 0));
	afterEach(() => vi.useRealTimers());

	it('keeps a navigation per account, page and invalidated nodes', async () => {
		const other = await signedInContext(store, 'committee', { username: 'committee.two' });
		const first = await (await pageData(ctx)).text();
		expect(await (await pageData(ctx)).text()).toBe(first);
		expect(served).toBe(1);
		expect(await (await pageData(other)).json()).toMatchObject({ user: 'committee.two' });
		await pageData(ctx, { invalidated: '01' });
		await pageData(ctx, { page: '/branches/first-procuratorial' });
		await pageData(ctx, { page: '/branches/first-procuratorial' });
		expect(served).toBe(4);
	});

	it('keeps the HTML of a first load apart from the page data', async () => {
		const html = await (await pageData(ctx, { data: false })).text();
		expect(await (await pageData(ctx, { data: false })).text()).toBe(html);
		await pageData(ctx);
		expect(served).toBe(2);
	});

	it('never keeps other pages or an answer that sets a cookie', async () => {
		await pageData(ctx, { page: '/imports' });
		await pageData(ctx, { page: '/imports' });
		await pageData(ctx, { cookie: true });
		await pageData(ctx, { cookie: true });
		expect(served).toBe(4);
	});

	it('computes again after a write, and after a minute even without one', async () => {
		await pageData(ctx);
		await commit('3');
		await pageData(ctx);
		expect(served).toBe(2);
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.now() + 61_000);
		await pageData(ctx);
		expect(served).toBe(3);
	});
});

describe('compressed answers', () => {
	const accepting = (value: string | null) =>
		acceptsGzip(new Headers(value === null ? {} : { 'accept-encoding': value }));

	it('reads Accept-Encoding as browsers and proxies write it', () => {
		expect(accepting('gzip, deflate, br, zstd')).toBe(true);
		expect(accepting('br;q=1.0, gzip;q=0.8')).toBe(true);
		expect(accepting('*')).toBe(true);
		expect(accepting(null)).toBe(false);
		expect(accepting('identity')).toBe(false);
		expect(accepting('gzip;q=0, *')).toBe(false);
		expect(accepting('gzip;q=0.0')).toBe(false);
	});

	it('sends a kept answer gzip-compressed to a client that accepts it, and plain to others', async () => {
		const plain = await overview();
		const text = await plain.clone().text();
		expect(plain.headers.get('content-encoding')).toBeNull();
		const req = (encoding: string) =>
			request(`overview.view?input=${encodeURIComponent(JSON.stringify(view))}`, {
				headers: { 'accept-encoding': encoding }
			});
		const zipped = await req('gzip, deflate, br');
		expect(calls).toBe(1);
		expect(zipped.headers.get('content-encoding')).toBe('gzip');
		expect(zipped.headers.get('vary')).toMatch(/accept-encoding/i);
		const bytes = Buffer.from(await zipped.arrayBuffer());
		expect(Number(zipped.headers.get('content-length'))).toBe(bytes.byteLength);
		expect(bytes.byteLength).toBeLessThan(text.length / 2);
		expect(gunzipSync(bytes).toString('utf8')).toBe(text);
		expect((await req('identity')).headers.get('content-encoding')).toBeNull();
	});
});
