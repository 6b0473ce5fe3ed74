/**
 * Server benchmarks against the built app over the demo data (loopback, autocannon):
 * - `server`: what a browser requests — `/__data.json` of the overview and of a branch page, the
 *   SSR HTML of `/` — and the `overview.view` tRPC query, 50 connections for 10 s each; every line
 *   with its ratio to a bare Node server answering the same bytes. Target: `__data.json` p99 < 100 ms.
 * - `exports`: PNG export throughput (4 at a time), and the overview's p99 while they render
 *   (target < 250 ms).
 * - `upload`: the overview's latency while a 50 MB file is parsed (imports.preview) and 20 PNGs
 *   render (target: well under a second).
 * - `deck`: the all-branches picture deck (65 slides) through /api/export/deck (target ≤ 20 s).
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { DEFAULT_METRICS } from '../src/lib/views/view-params';
import { machineLoad, ms, percentile, ROOT } from './lib/child';
import { signedIn, startBareServer, startDemoApp, type RunningApp } from './lib/server';

const CONNECTIONS = 50;
const DURATION_S = 10;
const WARM_UP_S = 2;

/** The overview's default view of the demo data: the last 12 months, the default metrics. */
export const DEMO_VIEW = {
	from: '2021-01',
	to: '2021-12',
	metrics: DEFAULT_METRICS,
	norm: 'raw',
	compare: false
};

export const overviewPath = (input: unknown = DEMO_VIEW) =>
	`/api/trpc/overview.view?input=${encodeURIComponent(JSON.stringify(input))}`;

/**
 * What a browser fetches on client-side navigation (one `1` per layout/page node to load: the
 * branch page has an intermediate node), and the first page load's HTML.
 */
const TARGETS = [
	{ name: 'overview __data.json', path: '/__data.json?x-sveltekit-invalidated=11', target: 100 },
	{
		name: 'branch __data.json',
		path: '/branches/first-procuratorial/__data.json?x-sveltekit-invalidated=111',
		target: 100
	},
	{ name: 'SSR HTML of /', path: '/', target: null },
	{ name: 'overview.view tRPC', path: overviewPath(), target: 100 }
] as const;

export interface Load {
	p50: number;
	p99: number;
	rps: number;
	errors: number;
}

/** Autocannon on `url` as a signed-in browser, `connections` at once for `duration` seconds. */
export async function load(
	url: string,
	duration = DURATION_S,
	connections = CONNECTIONS
): Promise<Load> {
	const r = await autocannon({ url, connections, duration, headers: signedIn() });
	return {
		p50: r.latency.p50,
		p99: r.latency.p99,
		rps: r.requests.average,
		errors: r.errors + r.timeouts + r.non2xx
	};
}

async function withApp<T>(
	run: (app: RunningApp) => Promise<T>,
	env?: Record<string, string>
): Promise<T> {
	const app = await startDemoApp(env);
	try {
		return await run(app);
	} finally {
		await app.stop();
	}
}

export async function serverBench(): Promise<string> {
	const before = machineLoad();
	const measured = await withApp(async (app) => {
		const out = [];
		for (const t of TARGETS) {
			const res = await rawGet(app.url + t.path, signedIn());
			if (res.status !== 200)
				throw new Error(`${t.path} answered ${res.status}: ${res.body.toString().slice(0, 300)}`);
			await load(app.url + t.path, WARM_UP_S); // the server's code compiled, its caches filled
			out.push({ ...t, ...res, result: await load(app.url + t.path) });
		}
		return out;
	});
	const lines = [];
	for (const m of measured) {
		const bare = await startBareServer(m.body, m.headers);
		let floor: Load;
		try {
			floor = await load(bare.url);
		} finally {
			await bare.stop();
		}
		const r = m.result;
		lines.push(
			`server ${m.name}: p99 ${ms(r.p99)}${m.target ? ` (target < ${m.target} ms)` : ''}, ` +
				`${r.errors} errors · ${(r.p99 / Math.max(floor.p99, 1)).toFixed(1)}× bare Node http p99 ` +
				`(${ms(floor.p99)}) · p50 ${ms(r.p50)} · ${r.rps.toFixed(0)} req/s vs ${floor.rps.toFixed(0)} ` +
				`(${(r.rps / Math.max(floor.rps, 1)).toFixed(2)}×) · ${kb(m.body.byteLength)}` +
				(m.headers['content-encoding'] ? ` ${m.headers['content-encoding']} (${kb(m.size)})` : '') +
				`, ` +
				`${CONNECTIONS} connections, ${DURATION_S} s`
		);
	}
	return lines.join('\n') + `\n  (${before})`;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

/**
 * One GET as the browser's bytes arrive: the body as sent (still compressed, if it was), the
 * headers that describe it, and its size once decompressed.
 */
async function rawGet(
	url: string,
	headers: Record<string, string>
): Promise<{ status: number; body: Buffer; size: number; headers: Record<string, string> }> {
	const res = await new Promise<IncomingMessage>((ok, fail) =>
		httpGet(url, { headers }, ok).on('error', fail)
	);
	const chunks: Buffer[] = [];
	for await (const chunk of res) chunks.push(chunk as Buffer);
	const body = Buffer.concat(chunks);
	const encoding = res.headers['content-encoding'];
	const described: Record<string, string> = {
		'content-type': String(res.headers['content-type'] ?? 'text/plain')
	};
	if (encoding) described['content-encoding'] = encoding;
	const size = encoding === 'gzip' ? gunzipSync(body).byteLength : body.byteLength;
	return { status: res.statusCode ?? 0, body, size, headers: described };
}

const PNG = '/api/export/chart?chart=ranked&from=2021-01&to=2021-12&format=png';

/** Latencies of sequential overview requests until `done()` says stop. */
async function probe(url: string, done: () => boolean): Promise<number[]> {
	const times: number[] = [];
	while (!done()) {
		const t = performance.now();
		const res = await fetch(url, { headers: signedIn() });
		await res.arrayBuffer();
		times.push(performance.now() - t);
	}
	return times;
}

/** `n` PNG exports, `width` at a time; resolves with their wall time. */
async function pngs(url: string, n: number, width: number): Promise<number> {
	const t = performance.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < n) {
				next++;
				const res = await fetch(url + PNG, { headers: signedIn() });
				if (res.status !== 200) throw new Error(`PNG export answered ${res.status}`);
				await res.arrayBuffer();
			}
		})
	);
	return performance.now() - t;
}

export async function exportsBench(): Promise<string> {
	const before = machineLoad();
	return withApp(async (app) => {
		const quiet = await probe(app.url + '/__data.json', counter(30));
		let rendering = true;
		const n = 20;
		const during = probe(app.url + '/__data.json', () => !rendering);
		const wall = await pngs(app.url, n, 4).finally(() => (rendering = false));
		const busy = await during;
		return (
			`exports: ${n} PNGs (3840×2160) in ${ms(wall)}, ${((n / wall) * 1000).toFixed(2)} PNG/s · ` +
			`overview __data.json while they render: p99 ${ms(percentile(busy, 99))} (target < 250 ms), ` +
			`${(percentile(busy, 99) / Math.max(percentile(quiet, 99), 1)).toFixed(1)}× its quiet p99 (${ms(percentile(quiet, 99))}), ` +
			`${busy.length} requests · ${before}`
		);
	});
}

function counter(n: number): () => boolean {
	let i = 0;
	return () => i++ >= n;
}

/** A 49 MB CSV (inside the default 50 MB limit): the office sample's rows over and over. */
function fiftyMb(): Uint8Array {
	const sample = readFileSync(
		join(ROOT, 'data/samples/办公室党支部_月度统计_2019-2021.csv'),
		'utf8'
	).replace(/^\uFEFF/, '');
	const [header, ...rows] = sample.trim().split('\n');
	const body = rows.join('\n') + '\n';
	const text = header + '\n' + body.repeat(Math.floor((49 << 20) / body.length));
	return new TextEncoder().encode(text);
}

export async function uploadBench(): Promise<string> {
	const before = machineLoad();
	const bytes = fiftyMb();
	return withApp(async (app) => {
		const quiet = await probe(app.url + '/__data.json', counter(30));
		let busy = true;
		const during = probe(app.url + '/__data.json', () => !busy);
		const t = performance.now();
		const form = new FormData();
		form.append('file', new Blob([bytes as BlobPart], { type: 'text/csv' }), 'big.csv');
		const work = Promise.all([
			fetch(`${app.url}/api/trpc/imports.preview`, {
				method: 'POST',
				body: form,
				headers: signedIn({ origin: app.url })
			}).then(async (r) => {
				await r.arrayBuffer();
				if (r.status !== 200) throw new Error(`preview answered ${r.status}`);
				return performance.now() - t;
			}),
			pngs(app.url, 20, 4)
		]).finally(() => (busy = false));
		const [parsedMs] = await work;
		const times = await during;
		return (
			`upload: overview __data.json while a ${(bytes.length / 2 ** 20).toFixed(0)} MB file is ` +
			`previewed and 20 PNGs render: max ${ms(Math.max(...times))}, p99 ${ms(percentile(times, 99))} ` +
			`(target well under 1 s) vs quiet p99 ${ms(percentile(quiet, 99))} · preview answered in ` +
			`${ms(parsedMs)} · ${times.length} requests · ${before}`
		);
	});
}

export async function deckBench(): Promise<string> {
	const before = machineLoad();
	return withApp(async (app) => {
		// The floor: one slide's picture alone (the first export also loads the font).
		await pngs(app.url, 1, 1);
		const one = await pngs(app.url, 1, 1);
		const t = performance.now();
		// The progress stream, as the browser asks for it (headers at once, a line per slide).
		const res = await fetch(
			`${app.url}/api/export/deck?from=2019-01&to=2021-12&kind=pictures&scope=branches&progress=1`,
			{ headers: signedIn() }
		);
		if (res.status !== 200) throw new Error(`deck answered ${res.status}`);
		const last = JSON.parse((await res.text()).trim().split('\n').pop()!) as {
			slides?: number;
			data?: string;
			error?: string;
		};
		const wall = performance.now() - t;
		if (!last.data) throw new Error(`deck failed: ${last.error}`);
		const bytes = Buffer.from(last.data, 'base64').length;
		const slides = last.slides!;
		return (
			`deck: all branches, ${slides} slides (pictures), ${ms(wall)} (target ≤ 20 s), ` +
			`${(wall / one).toFixed(1)}× one PNG export (${ms(one)}), ${(bytes / 2 ** 20).toFixed(1)} MB · ` +
			before
		);
	});
}
