/**
 * A trend's month opens the import its value came from (filtered to that cell); the compliance
 * table exports like a chart; the overview and a branch page print to A4 landscape with no
 * controls and every chart redrawn at its printed width.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './auth';
import { TOKENS } from '../../src/lib/charts/theme';

const BRANCH = '/branches/first-procuratorial?from=2021-01&to=2021-12&metrics=leader_case_share';
mkdirSync('test-results/print', { recursive: true });

async function chartReady(page: Page, testid: string) {
	const card = page.getByTestId(testid);
	await expect(card.locator('[data-chart-ready="true"]')).toBeVisible();
	return card;
}

test('clicking a month of a trend opens its import, filtered to that branch, metric and month', async ({
	page
}) => {
	await page.goto(`${BRANCH}&axis=month`);
	const card = await chartReady(page, 'trend-leader_case_share');
	const chart = card.locator('[data-chart-ready]');
	await chart.scrollIntoViewIfNeeded();
	const box = (await chart.boundingBox())!;
	// The tooltip names the month and file under the pointer; a click there opens that import.
	const at = { x: box.x + box.width * 0.55, y: box.y + box.height * 0.6 };
	await page.mouse.move(at.x, at.y);
	const tip = card.locator('.chart-tooltip');
	await expect(tip).toBeVisible();
	const month = (await tip.locator('b').first().innerText()).trim();
	expect(month).toMatch(/^2021-\d\d$/);
	const file = (await tip.innerText()).match(/\S+\.csv/)![0];
	await chart.click({ position: { x: at.x - box.x, y: at.y - box.y } });
	await expect(page).toHaveURL(
		new RegExp(`/imports/\\d+\\?branch=first-procuratorial&metric=cases_\\w+&month=${month}$`)
	);
	await expect(page.locator('h1')).toContainText(file);
	// Import detail filters by branch, metric and month: the cell the point was drawn from.
	const rows = page.getByTestId('import-cells').locator('tbody tr');
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toHaveAttribute('data-month', month);
	await expect(rows.first()).toHaveAttribute('data-branch', 'first-procuratorial');
	const filters = page.getByTestId('cell-filters');
	await expect(filters.locator('select[name="month"]')).toHaveValue(month);
	await expect(filters.locator('select[name="branch"]')).toHaveValue('first-procuratorial');
	// Another filter from the form: the whole of that month for the branch.
	await filters.locator('select[name="metric"]').selectOption('');
	await filters.getByRole('button').click();
	// The metric left at "all" stays out of the address; branch and month stay in it.
	await expect(page).toHaveURL(new RegExp(`\\?branch=first-procuratorial&month=${month}$`));
	expect(await rows.count()).toBeGreaterThan(1);
	for (const m of await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.month)))
		expect(m).toBe(month);
});

test('by quarter, a click opens the import of that quarter for the branch and metric', async ({
	page
}) => {
	await page.goto(
		'/branches/first-procuratorial?from=2021-01&to=2021-12&metrics=secretary_lectures'
	);
	const card = await chartReady(page, 'trend-secretary_lectures');
	const chart = card.locator('[data-chart-ready]');
	await chart.scrollIntoViewIfNeeded();
	const box = (await chart.boundingBox())!;
	await chart.click({ position: { x: box.width * 0.5, y: box.height * 0.6 } });
	await expect(page).toHaveURL(
		/\/imports\/\d+\?branch=first-procuratorial&metric=secretary_lectures$/
	);
	await expect(page.getByTestId('import-cells').locator('tbody tr').first()).toHaveAttribute(
		'data-metric',
		'secretary_lectures'
	);
});

test('the compliance table exports its rows as CSV, like a chart', async ({ page }) => {
	await page.goto('/?from=2021-01&to=2021-12&metrics=secretary_lectures');
	const table = page.getByTestId('compliance-table');
	const screenRows = await table.locator('tbody th[scope="row"]').allInnerTexts();
	await table.getByTestId('export-menu').click();
	const [d] = await Promise.all([
		page.waitForEvent('download'),
		table.getByTestId('export-csv').click()
	]);
	expect(d.suggestedFilename()).toBe('三会一课等组织生活达标情况_2021-01_2021-12.csv');
	const csv = readFileSync((await d.path())!, 'utf8').replace(/^\ufeff/, '');
	const lines = csv.trim().split('\r\n');
	const heading = (await table.locator('thead th').first().innerText()).trim();
	expect(lines[0].startsWith(`${heading},支部党员大会（每季度至少 1 次）,`)).toBe(true);
	// One definition of the rows: the screen's branches, in its order, with its figures.
	expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(screenRows.map((t) => t.trim()));
	const first = await table.locator('tbody tr').first().locator('td strong').first().innerText();
	const share = Number(lines[1].split(',')[1]);
	expect(`${(share * 100).toFixed(1)}%`).toBe(first.trim());
});

/**
 * Arms a probe that reads what goes to paper on the next print: how much of the chart `testid`'s
 * width the longest row of pixels of each colour spans, once the page's print handlers and the
 * updates they set off have run (the browser prints then, with no animation frame in between). A
 * reference line spans the plot; a bar, a label or a line not drawn yet does not.
 */
async function probePrintedRows(page: Page, testid: string, colours: string[]) {
	await page.evaluate(
		({ testid, colours }) => {
			const spans = () =>
				colours.map((hex) => {
					const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
					let best = 0;
					for (const canvas of document.querySelectorAll<HTMLCanvasElement>(
						`[data-testid="${testid}"] canvas`
					)) {
						const { width, height } = canvas;
						const px = canvas.getContext('2d')!.getImageData(0, 0, width, height).data;
						for (let y = 0; y < height; y++) {
							let n = 0;
							for (let x = 0; x < width; x++) {
								const i = (y * width + x) * 4;
								if (px[i + 3] > 200 && want.every((v, c) => Math.abs(px[i + c] - v) <= 12)) n++;
							}
							best = Math.max(best, n / width);
						}
					}
					return best;
				});
			// Added after the charts' own listeners, so it runs after them; then past the microtasks
			// their state changes queued (the redraws), still before any animation frame.
			window.addEventListener(
				'beforeprint',
				async () => {
					for (let i = 0; i < 20; i++) await Promise.resolve();
					(window as unknown as { printedRows: number[] }).printedRows = spans();
				},
				{ once: true }
			);
		},
		{ testid, colours }
	);
	return () =>
		page.evaluate(() => (window as unknown as { printedRows?: number[] }).printedRows ?? []);
}

async function printed(page: Page, url: string, name: string, ranked?: string) {
	await page.goto(url);
	await expect(page.locator('[data-chart-ready="true"]').first()).toBeVisible();
	for (const c of await page.locator('[data-chart-ready]').all()) {
		await c.scrollIntoViewIfNeeded();
		await expect(c).toHaveAttribute('data-chart-ready', 'true');
	}
	// What the browser does when printing starts: print media, then `beforeprint`; laid out at the
	// A4 landscape text width (277 mm × 190 mm in CSS pixels), as on paper.
	const screen = page.viewportSize()!;
	await page.setViewportSize({ width: 1047, height: 718 });
	await page.emulateMedia({ media: 'print' });
	await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
	for (const c of await page.locator('[data-chart-ready]').all())
		await expect(c).toHaveAttribute('data-chart-ready', 'true');
	// No controls on paper.
	for (const testid of ['export-deck', 'export-menu', 'period-controls', 'branch-controls'])
		for (const el of await page.getByTestId(testid).all()) await expect(el).toBeHidden();
	// Every chart drawn at its printed width: inside the A4 landscape text width (277 mm).
	const widths = await page
		.locator('[data-chart-ready] canvas')
		.evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).getBoundingClientRect().width));
	expect(widths.length).toBeGreaterThan(0);
	for (const w of widths) {
		expect(w).toBeGreaterThan(900);
		expect(w).toBeLessThanOrEqual(1047);
	}
	// Sharp on paper: each canvas drawn at print resolution, not the screen's one pixel per pixel.
	const ratios = await page
		.locator('[data-chart-ready] canvas')
		.evaluateAll((cs) =>
			cs.map((c) => (c as HTMLCanvasElement).width / c.getBoundingClientRect().width)
		);
	for (const r of ratios) expect(r).toBeGreaterThanOrEqual(2.9);
	// Each chart inside its card, and each card whole on one page (a break never falls inside one).
	const cards = await page.locator('main .card').evaluateAll((cs) =>
		cs
			.filter((c) => c.getBoundingClientRect().height > 0)
			.map((c) => {
				const box = c.getBoundingClientRect();
				const chart = c.querySelector('[data-chart-ready]')?.getBoundingClientRect();
				return {
					height: box.height,
					breakInside: getComputedStyle(c).breakInside,
					overflow: chart ? chart.right - (box.right - c.clientLeft) : 0
				};
			})
	);
	expect(cards.length).toBeGreaterThan(0);
	for (const card of cards) {
		expect(card.breakInside).toBe('avoid');
		expect(card.height).toBeLessThanOrEqual(718);
		expect(card.overflow).toBeLessThanOrEqual(0);
	}
	// The ranked chart on paper keeps its average (dashed) and norm lines across the plot, as on
	// screen (they were printed as their first animation frame: not there).
	const rows = ranked ? await probePrintedRows(page, ranked, [TOKENS.average, TOKENS.norm]) : null;
	const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
	writeFileSync(`test-results/print/${name}.pdf`, pdf);
	if (rows) {
		const [average, norm] = await rows();
		expect(average).toBeGreaterThan(0.3);
		expect(norm).toBeGreaterThan(0.6);
	}
	// Each chart's canvas goes to paper as that picture, at print resolution (Chromium's replay of
	// a canvas's drawing commands lost the heatmap's cells and axes, drawn on layered canvases).
	const canvases = await page.locator('[data-chart-ready] canvas').count();
	const pictures = [...pdf.toString('latin1').matchAll(/\/Subtype \/Image\s*\/Width (\d+)/g)];
	expect(pictures.filter((p) => Number(p[1]) >= 2700).length).toBeGreaterThanOrEqual(canvases);
	const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g)?.length ?? 0;
	expect(pages).toBeGreaterThan(1);
	await page.emulateMedia({ media: 'screen' });
	await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
	await page.setViewportSize(screen);
	return pages;
}

test('the overview and a branch page print to A4 landscape, charts at print size', async ({
	page
}) => {
	await printed(page, '/?from=2021-01&to=2021-12', 'overview-zh', 'chart-ranked');
	await printed(page, BRANCH, 'branch-zh');
	// Back on screen, charts take their card's width again.
	const card = page.getByTestId('trend-leader_case_share');
	const style = await card.locator('[data-chart-ready]').getAttribute('style');
	expect(style ?? '').not.toMatch(/width:\s*\d+px/);
});
