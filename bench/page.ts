/**
 * Page benchmark: headless Chromium (Debian's, the launch flags of playwright.config.ts), time from
 * navigation to the first `[data-chart-ready="true"]` on the overview, against a bare static page
 * that loads ECharts (its prebuilt minified bundle) and draws one bar chart of the same 8 values.
 * A fresh browser context per load (cold cache); the median of RUNS loads. Also the gzip size of
 * the JavaScript the overview loads. Targets: ≤ 1.3×, ≤ 250 KB.
 */
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import config from '../playwright.config';
import { ms, percentile, ROOT } from './lib/child';
import { freePort } from '../tests/free-ports';
import { session, signedIn, startDemoApp } from './lib/server';
import { DEMO_VIEW, overviewPath } from './server';

const RUNS = 15;

/** Records, in the page, when the first chart says it is ready (ms since navigation start). */
const READY_PROBE = `
	new MutationObserver((_, observer) => {
		if (document.querySelector('[data-chart-ready="true"]')) {
			window.__chartReadyAt = performance.now();
			observer.disconnect();
		}
	}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-chart-ready'] });
`;

function barePage(names: string[], values: (number | null)[]): string {
	return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bare</title>
<script src="/echarts.min.js"></script></head><body>
<div id="c" style="width:100%;height:360px"></div>
<script>
const node = document.getElementById('c');
const chart = echarts.init(node, null, { renderer: 'canvas' });
chart.on('finished', () => node.setAttribute('data-chart-ready', 'true'));
chart.setOption({
	xAxis: { type: 'category', data: ${JSON.stringify(names)} },
	yAxis: { type: 'value' },
	series: [{ type: 'bar', data: ${JSON.stringify(values)} }]
});
</script></body></html>`;
}

async function startStatic(html: string): Promise<{ url: string; server: Server }> {
	const echartsJs = readFileSync(join(ROOT, 'node_modules/echarts/dist/echarts.min.js'));
	const server = createServer((req, res) => {
		if (req.url === '/echarts.min.js') {
			res.writeHead(200, { 'content-type': 'text/javascript' });
			res.end(echartsJs);
		} else {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end(html);
		}
	});
	const port = await freePort();
	await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
	return { url: `http://127.0.0.1:${port}/`, server };
}

/** Navigation → first ready chart, in ms; also every script response's gzip size when asked. */
async function loadOnce(browser: Browser, url: string, scripts?: Map<string, number>) {
	const { viewport, locale } = config.use ?? {};
	const context = await browser.newContext({ viewport: viewport ?? undefined, locale });
	// Signed in as the committee member (the bare page ignores the cookie, as it ignores any).
	if (session.cookie)
		await context.addCookies(
			session.cookie.split('; ').map((pair) => {
				const [name, ...value] = pair.split('=');
				return { name, value: value.join('='), url };
			})
		);
	try {
		const page = await context.newPage();
		await page.addInitScript(READY_PROBE);
		if (scripts)
			page.on('response', async (res) => {
				if (res.request().resourceType() !== 'script') return;
				const body = await res.body().catch(() => null);
				if (body) scripts.set(res.url(), gzipSync(body).length);
			});
		await page.goto(url, { waitUntil: 'commit' });
		await page.waitForFunction(() => '__chartReadyAt' in window, null, { timeout: 30_000 });
		await page.waitForLoadState('networkidle');
		return await page.evaluate(
			() => (window as unknown as { __chartReadyAt: number }).__chartReadyAt
		);
	} finally {
		await context.close();
	}
}

export async function pageBench(): Promise<string> {
	const app = await startDemoApp();
	let browser: Browser | undefined;
	let bare: Server | undefined;
	try {
		const res = await fetch(app.url + overviewPath(), { headers: signedIn() });
		const view = (await res.json()).result.data as {
			metrics: { branches: { slug: string; value: number | null }[] }[];
		};
		const first = view.metrics[0].branches;
		const site = await startStatic(
			barePage(
				first.map((b) => b.slug),
				first.map((b) => b.value)
			)
		);
		bare = site.server;
		browser = await chromium.launch({
			executablePath: config.use?.launchOptions?.executablePath,
			args: config.use?.launchOptions?.args
		});
		const overviewUrl = `${app.url}/?from=${DEMO_VIEW.from}&to=${DEMO_VIEW.to}`;
		const scripts = new Map<string, number>();
		await loadOnce(browser, overviewUrl, scripts); // warm the server; count the scripts
		await loadOnce(browser, site.url);
		const app_: number[] = [];
		const floor: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			app_.push(await loadOnce(browser, overviewUrl));
			floor.push(await loadOnce(browser, site.url));
		}
		const a = percentile(app_, 50);
		const f = percentile(floor, 50);
		const gz = [...scripts.values()].reduce((s, n) => s + n, 0);
		return (
			`page: ${(a / f).toFixed(2)}× bare ECharts page (target ≤ 1.3×) · first chart ready ` +
			`${ms(a)} vs ${ms(f)} (median of ${RUNS} cold loads, p95 ${ms(percentile(app_, 95))} vs ` +
			`${ms(percentile(floor, 95))}) · overview JS ${(gz / 1024).toFixed(0)} KB gzip in ` +
			`${scripts.size} files (target ≤ 250 KB; bare echarts.min.js ` +
			`${(gzipSync(readFileSync(join(ROOT, 'node_modules/echarts/dist/echarts.min.js'))).length / 1024).toFixed(0)} KB)`
		);
	} finally {
		await browser?.close();
		bare?.close();
		bare?.closeAllConnections();
		await app.stop();
	}
}
