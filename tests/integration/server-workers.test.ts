/**
 * The built server (`node build/index.js`, as README starts it) with its worker pool: the overview
 * keeps answering while a big upload is parsed, and a full pool answers 503 with Retry-After and a
 * message in the user's language instead of queueing without bound. Requests carry a signed-in
 * committee member's session, as a browser's do. Loopback only; the assertions
 * are about behaviour (who answers, with what), the timing targets live in `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedIn, startDemoApp, type RunningApp } from '../../bench/lib/server';

const root = join(import.meta.dirname, '../..');
/** What the overview page asks on a client-side navigation. */
const OVERVIEW = '/__data.json?x-sveltekit-invalidated=11';
const sample = readFileSync(join(root, 'data/samples/办公室党支部_月度统计_2019-2021.csv'), 'utf8');

/** A ~12 MB file: the sample's rows over and over (duplicates are errors, but all of it is parsed). */
function bigCsv(): Uint8Array {
	const [header, ...rows] = sample
		.replace(/^\uFEFF/, '')
		.trim()
		.split('\n');
	const body = rows.join('\n') + '\n';
	const times = Math.ceil((12 << 20) / body.length);
	return new TextEncoder().encode(header + '\n' + body.repeat(times));
}

function upload(url: string, name: string, bytes: Uint8Array) {
	const form = new FormData();
	form.append('file', new Blob([bytes as BlobPart], { type: 'text/csv' }), name);
	// A browser's own form post carries its origin (SvelteKit refuses cross-site form posts).
	return fetch(`${url}/api/trpc/imports.preview`, {
		method: 'POST',
		body: form,
		headers: signedIn({ origin: url })
	});
}

describe('the overview while a big upload is parsed', () => {
	let app: RunningApp;
	beforeAll(async () => {
		// The body limit `npm start` sets (adapter-node's own default is 512 KB).
		app = await startDemoApp({ BODY_SIZE_LIMIT: '1100M' });
	}, 300_000);
	afterAll(() => app?.stop());

	it('answers overview requests sent while the file is being parsed', async () => {
		const bytes = bigCsv();
		let uploading = true;
		const started = upload(app.url, '办公室党支部_大文件.csv', bytes).then(async (res) => {
			uploading = false;
			return { status: res.status, body: await res.json() };
		});
		// The body is on the server within milliseconds on loopback; from then on it is being parsed.
		await new Promise((ok) => setTimeout(ok, 200));
		let answeredDuring = 0;
		while (uploading) {
			const res = await fetch(app.url + OVERVIEW, { headers: signedIn() });
			expect(res.status).toBe(200);
			await res.arrayBuffer();
			if (uploading) answeredDuring++;
		}
		const preview = await started;
		expect(preview.status).toBe(200);
		// The whole file was parsed: its duplicate rows are reported.
		expect(JSON.stringify(preview.body)).toContain('duplicate_row');
		// On the request thread the parse would have held every one of these until it finished.
		expect(answeredDuring).toBeGreaterThanOrEqual(3);
	}, 300_000);
});

describe('a full worker pool', () => {
	let app: RunningApp;
	beforeAll(async () => {
		app = await startDemoApp({ PACESETTER_WORKERS: '1', PACESETTER_WORKER_QUEUE: '1' });
	}, 300_000);
	afterAll(() => app?.stop());

	const png = (lang: string) =>
		`/api/export/chart?chart=ranked&from=2021-01&to=2021-12&format=png&lang=${lang}`;

	it('answers 503 with Retry-After and a zh/en message, and the admitted exports still finish', async () => {
		const answers = await Promise.all(
			['zh', 'en', 'zh', 'en', 'zh', 'en'].map(async (lang) => {
				const res = await fetch(app.url + png(lang), { headers: signedIn() });
				return {
					lang,
					status: res.status,
					type: res.headers.get('content-type'),
					retryAfter: res.headers.get('retry-after'),
					body: Buffer.from(await res.arrayBuffer())
				};
			})
		);
		const ok = answers.filter((a) => a.status === 200);
		const busy = answers.filter((a) => a.status === 503);
		// One drawing, one waiting; the others are refused at once.
		expect(ok.length).toBeGreaterThanOrEqual(2);
		expect(busy.length).toBeGreaterThanOrEqual(1);
		expect(ok.length + busy.length).toBe(answers.length);
		for (const a of ok) expect(a.body.subarray(1, 4).toString()).toBe('PNG');
		for (const a of busy) {
			expect(Number(a.retryAfter)).toBeGreaterThan(0);
			expect(a.type).toMatch(/^text\/plain/);
			expect(a.body.toString()).toMatch(
				a.lang === 'en'
					? /The server is busy.*Try the export again in \d+ seconds/
					: /服务器正忙.*秒后重试/
			);
		}
		// Once the pool has room again, exports work.
		const again = await fetch(app.url + png('zh'), { headers: signedIn() });
		expect(again.status).toBe(200);
	}, 300_000);

	it('answers an upload with 503, Retry-After and the file named while the pool is full', async () => {
		const exports = [png('zh'), png('zh')].map((p) => fetch(app.url + p, { headers: signedIn() }));
		await new Promise((ok) => setTimeout(ok, 100));
		const res = await upload(app.url, 'busy.csv', new TextEncoder().encode(sample));
		const body = await res.text();
		await Promise.all((await Promise.all(exports)).map((r) => r.arrayBuffer()));
		expect(res.status, body).toBe(503);
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(body).toContain('busy.csv');
		expect(body).toContain('服务器正忙');
	}, 300_000);
});
