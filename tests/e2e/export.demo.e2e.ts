/**
 * Exports from a page's charts: the PNG is a 3840×2160 slide with an opaque white background, its
 * SVG twin holds title and source, the data comes as CSV with BOM, and the page's deck is a .pptx
 * with a title slide and one slide per chart. The menu works from the keyboard.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './auth';
import JSZip from 'jszip';

const QUERY = '?from=2019-01&to=2019-12&metrics=leader_case_share,secretary_lectures';
const PAGE = `/${QUERY}`;
const BRANCH_PAGE = `/branches/first-procuratorial${QUERY}`;
const CARD = 'chart-ranked';

mkdirSync('test-results/screens', { recursive: true });

async function open(page: Page, url = PAGE) {
	await page.goto(url);
	const card = page.getByTestId(CARD);
	await expect(card.locator('[data-chart-ready="true"]')).toBeVisible();
	return card;
}

async function download(
	page: Page,
	click: () => Promise<void>
): Promise<{ d: Download; bytes: Buffer }> {
	const [d] = await Promise.all([page.waitForEvent('download'), click()]);
	return { d, bytes: readFileSync((await d.path())!) };
}

/** The visible text of a slide's XML (its runs joined). */
const textOf = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((x) => x[1]).join('');

function pngSize(png: Buffer) {
	expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

test('a chart exports as a 3840×2160 opaque white PNG, its SVG twin and its data', async ({
	page
}) => {
	const card = await open(page);
	const title = (await card.locator('h3').textContent())!.trim();
	const before = await card.locator('canvas').first().boundingBox();

	const menu = card.getByTestId('export-menu');
	await menu.click();
	const png = await download(page, () => card.getByTestId('export-png').click());
	expect(png.d.suggestedFilename()).toBe('领导干部办案占比_2019-01_2019-12.png');
	expect(title).toBe('领导干部办案占比');
	expect(pngSize(png.bytes)).toEqual({ width: 3840, height: 2160 });
	writeFileSync('test-results/screens/export-slide.png', png.bytes);
	// Decode in the browser: corners are opaque white (the accent bar sits top-left).
	const corners = await page.evaluate(async (b64) => {
		const blob = await (await fetch(`data:image/png;base64,${b64}`)).blob();
		const bmp = await createImageBitmap(blob);
		const c = new OffscreenCanvas(bmp.width, bmp.height);
		const g = c.getContext('2d')!;
		g.drawImage(bmp, 0, 0);
		return [
			[bmp.width - 1, 0],
			[bmp.width - 1, bmp.height - 1],
			[0, bmp.height - 1]
		].map(([x, y]) => [...g.getImageData(x, y, 1, 1).data]);
	}, png.bytes.toString('base64'));
	for (const px of corners) expect(px).toEqual([255, 255, 255, 255]);
	// The chart on screen was not touched (its size; the page may have scrolled to the menu).
	const after = await card.locator('canvas').first().boundingBox();
	expect({ width: after?.width, height: after?.height }).toEqual({
		width: before?.width,
		height: before?.height
	});

	await menu.click();
	const svg = await download(page, () => card.getByTestId('export-svg').click());
	expect(svg.d.suggestedFilename()).toMatch(/\.svg$/);
	const text = svg.bytes.toString('utf8');
	expect(text).toContain('width="1920"');
	expect(text).toContain(title);
	expect(text).toContain('数据来源');

	await menu.click();
	const csv = await download(page, () => card.getByTestId('export-csv').click());
	expect(csv.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	expect(csv.d.suggestedFilename()).toMatch(/\.csv$/);

	await menu.click();
	const xlsx = await download(page, () => card.getByTestId('export-xlsx').click());
	expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
	await page.screenshot({ path: 'test-results/screens/export-menu.png' });
});

test('the export menu works from the keyboard', async ({ page }) => {
	const card = await open(page);
	const menu = card.getByTestId('export-menu');
	await menu.focus();
	await page.keyboard.press('ArrowDown');
	await expect(card.getByRole('menu')).toBeVisible();
	await expect(card.getByTestId('export-png')).toBeFocused();
	await page.keyboard.press('ArrowUp');
	await expect(card.getByTestId('export-xlsx')).toBeFocused();
	await page.screenshot({ path: 'test-results/screens/export-menu-open.png' });
	await page.keyboard.press('Escape');
	await expect(card.getByRole('menu')).toBeHidden();
	await expect(menu).toBeFocused();
	// Loopback is a secure context: copying is offered, not disabled.
	await page.keyboard.press('Enter');
	await expect(card.getByTestId('export-copy')).not.toHaveAttribute('aria-disabled', 'true');
});

const DECKS = [
	{ url: PAGE, card: CARD, stem: '领航_总览_2019-01_2019-12', cover: '各支部对比总览' },
	{
		url: BRANCH_PAGE,
		card: 'trend-leader_case_share',
		stem: '第一检察部党支部_2019-01_2019-12',
		cover: '第一检察部党支部'
	}
];

for (const deck of DECKS) {
	test(`the deck of ${deck.url} is a .pptx: title, KPI summary and talking points as on the page, then one slide per chart`, async ({
		page
	}) => {
		await page.goto(deck.url);
		await expect(page.getByTestId(deck.card).locator('[data-chart-ready="true"]')).toBeVisible();
		// Chart cards and, on the overview, the compliance table: each is a slide, in page order.
		const titles = (
			await page.locator('.chart-card h3, [data-testid="compliance-table"] h3').allTextContents()
		).map((t) => t.trim());
		expect(titles.length).toBeGreaterThan(1);
		// The KPI summary's figures are the page's: the overview's KPI row or the branch's header.
		const figures = (
			await page
				.locator('[data-testid="kpi-cards"] .figure strong, [data-testid="period-figure"]')
				.allTextContents()
		).map((t) => t.trim().match(/^[\d.,]+%?/)![0]);
		expect(figures.length).toBe(2);
		const point = (await page.getByTestId('talking-points').locator('li').first().innerText())
			.replace(/(查看来源|查看)$/, '')
			.trim();
		for (const kind of ['pictures', 'native'] as const) {
			await page.getByTestId('export-deck').click();
			const { d, bytes } = await download(page, () => page.getByTestId(`deck-${kind}`).click());
			expect(d.suggestedFilename()).toBe(
				`${deck.stem}${kind === 'native' ? '_editable' : ''}.pptx`
			);
			const zip = await JSZip.loadAsync(bytes);
			const slides = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
			const slide = (i: number) => zip.file(`ppt/slides/slide${i}.xml`)!.async('string');
			// Title, KPI summary, talking points (a page or more), then one slide per chart.
			const first = slides.length - titles.length + 1;
			expect(first).toBeGreaterThanOrEqual(4);
			for (let i = 4; i < first; i++) expect(textOf(await slide(i))).toContain('要点（续）');
			const kpi = textOf(await slide(2));
			expect(kpi).toContain('主要指标一览');
			for (const f of figures) expect(kpi).toContain(f);
			expect(kpi).toContain('演示数据');
			const points = textOf(await slide(3));
			expect(points).toContain('要点');
			expect(points).toContain(point);
			const xml = await Promise.all(titles.map((_, i) => slide(first + i)));
			titles.forEach((t, i) => expect(xml[i]).toContain(t));
			expect(await zip.file('ppt/slides/slide1.xml')!.async('string')).toContain(deck.cover);
		}
	});
}

test('the server renders a view chart as PNG/SVG and the all-branches deck', async ({
	request
}) => {
	const base = `/api/export/chart${QUERY}&chart=ranked`;
	const png = await request.get(`${base}&format=png`);
	expect(png.status()).toBe(200);
	expect(png.headers()['content-type']).toBe('image/png');
	expect(pngSize(await png.body())).toEqual({ width: 3840, height: 2160 });
	const svg = await (await request.get(`${base}&format=svg&size=4:3`)).text();
	expect(svg).toContain('width="1440"');
	expect(svg).toContain('领导干部办案占比');
	expect(svg).toContain('数据来源');
	expect((await request.get(`/api/export/chart${QUERY}&chart=nope`)).status()).toBe(404);
	expect((await request.get(`${base}&format=gif`)).status()).toBe(400);
	expect((await request.get(`${base}&branch=nobody`)).status()).toBe(404);

	const deck = await request.get(`/api/export/deck${QUERY}&scope=branches&kind=native`);
	expect(deck.status()).toBe(200);
	expect(deck.headers()['content-disposition']).toContain("filename*=UTF-8''");
	const zip = await JSZip.loadAsync(await deck.body());
	const presentation = await zip.file('ppt/presentation.xml')!.async('string');
	expect(presentation.match(/<p14:section /g)?.length).toBe(8);
	expect(Number(deck.headers()['x-slides'])).toBe(
		Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length
	);
	expect((await request.get(`/api/export/deck${QUERY}&branch=nobody`)).status()).toBe(404);
	const bad = await request.get(`/api/export/deck${QUERY}&kind=movie`);
	expect(bad.status()).toBe(400);
	expect(await bad.text()).toContain('kind');
});
