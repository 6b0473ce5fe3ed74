/**
 * Views from URLs nobody should have typed: the pages answer 200 with a note saying what was
 * corrected (never a 500), the export endpoints answer 400 at once, and every branch link the
 * overview makes is valid on the branch page. Plus the app's frame around errors and the skip link.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './auth';

const SHOTS = process.env.SHOTS_DIR;

async function shot(page: Page, name: string) {
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function english(page: Page) {
	const url = new URL(page.url());
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: url.origin }]);
	await page.reload();
}

const ALL_METRICS =
	'members,secretary_lectures,study_sessions,general_meetings,committee_meetings,group_meetings,' +
	'party_days,heart_talks,guidance_visits,research_reports,major_cases_guided,lectures_given,' +
	'cases_total,cases_by_leaders';

for (const [what, url, says] of [
	[
		'a branch page for year 0000',
		'/branches/first-procuratorial?from=0000-01&to=0000-12',
		/起始月份 0000-01 超出 1990–2100 年的范围，已改为 1990-01/
	],
	['the overview comparing year 0000', '/?from=0000-01&to=0000-12&cmp=1', /已改为 1990-01/],
	[
		'a branch link with 14 metrics',
		`/branches/first-procuratorial?from=2020-01&to=2020-12&metrics=${ALL_METRICS}`,
		/选择了 14 项指标，超过上限 12 项，只显示前 12 项/
	],
	[
		'a branch period of 132 months',
		'/branches/first-procuratorial?from=2010-01&to=2020-12&metrics=secretary_lectures',
		/所选期间共 132 个月，超过上限 120 个月，已改为从 2011-01 开始/
	]
] as const) {
	test(`${what} answers 200 with a note of what was corrected`, async ({ page }) => {
		const res = await page.goto(url);
		expect(res?.status()).toBe(200);
		const note = page.getByTestId('view-corrections');
		await expect(note).toContainText(says);
		await expect(note).toContainText('现显示');
	});
}

test('the correction note in both languages (screenshots)', async ({ page, context }) => {
	await page.goto('/branches/first-procuratorial?from=2020-13&to=0000-12&metrics=bogus,members');
	const note = page.getByTestId('view-corrections');
	await expect(note).toContainText('起始月份“2020-13”不是有效月份');
	await expect(note).toContainText('未知指标“bogus”，已忽略');
	await expect(note).toContainText('现显示 1990-01。');
	await shot(page, 'correction-zh');
	await english(page);
	await expect(note).toContainText('The start month "2020-13" is not a month');
	await expect(note).toContainText('Unknown metrics were ignored: bogus');
	await expect(note).toContainText('Now showing 1990-01.');
	await shot(page, 'correction-en');
	await context.clearCookies();
});

test('an export of an invalid view is a 400 naming the parameter, answered at once', async ({
	request
}) => {
	for (const path of [
		'/api/export/chart?chart=multiples&from=0000-01&to=9999-12&format=svg',
		'/api/export/deck?from=2000-01&to=2020-12',
		`/api/export/chart?chart=ranked&from=2020-01&to=2020-12&metrics=${ALL_METRICS}`
	]) {
		const started = Date.now();
		const res = await request.get(path);
		expect(res.status()).toBe(400);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(await res.text()).toMatch(/from:|metrics:/);
	}
});

test('every branch link on the overview opens the branch page without a correction', async ({
	page
}) => {
	test.setTimeout(120_000);
	// A view the overview itself had to correct; the links it then makes must be clean.
	await page.goto(`/?from=2021-12&to=2009-01&metrics=${ALL_METRICS}&cmp=1&norm=per10`);
	await expect(page.getByTestId('view-corrections')).toBeVisible();
	const hrefs = await page
		.locator('a[href^="/branches/"]')
		.evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')!))]);
	expect(hrefs.length).toBeGreaterThan(0);
	// The server-rendered branch pages (rendering each in the browser is the branch spec's job).
	for (const href of hrefs) {
		const res = await page.request.get(href);
		expect(res.status(), href).toBe(200);
		const html = await res.text();
		expect(html, href).toContain('data-testid="branch-header"');
		expect(html, href).not.toContain('data-testid="view-corrections"');
	}
});

test('/imports/9999 is a 404 inside the app frame with a way back, in zh and en', async ({
	page,
	context
}) => {
	const res = await page.goto('/imports/9999');
	expect(res?.status()).toBe(404);
	const box = page.getByTestId('error-page');
	await expect(box.getByRole('heading', { level: 1 })).toHaveText('找不到该页面');
	await expect(box).toContainText('/imports/9999');
	await expect(page.getByRole('navigation', { name: 'main' })).toBeVisible();
	await expect(page.getByTestId('lang-switch')).toBeVisible();
	await expect(box.getByRole('link', { name: '查看导入记录' })).toHaveAttribute('href', '/imports');
	await shot(page, 'error-404-zh');
	await page.getByTestId('lang-switch').click();
	await expect(box.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	await shot(page, 'error-404-en');
	await box.getByTestId('error-home').click();
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByTestId('overview-board')).toBeVisible();
	await context.clearCookies();
});

test('the first Tab reaches a skip link that moves focus to the main content', async ({ page }) => {
	await page.goto('/');
	await page.keyboard.press('Tab');
	const skip = page.getByTestId('skip-link');
	await expect(skip).toBeFocused();
	await expect(skip).toHaveText('跳到主要内容');
	await expect(skip).toBeInViewport();
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();
	// The next Tab goes into the page's own content, past the header's links.
	await page.keyboard.press('Tab');
	expect(
		await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))
	).toBe(true);
});

test('an import page link with filters the import cannot match says what it ignored, in zh and en', async ({
	page,
	baseURL
}) => {
	// Import #1 is one branch's 2019-01..2021-12, 792 cells: 8 pages of 100.
	const url = '/imports/1?branch=nowhere&metric=zzz&month=2030-01&page=99';
	await page.goto(url);
	const note = page.getByTestId('ignored-params');
	await expect(note.locator('li')).toHaveCount(4);
	await expect(note).toContainText('nowhere');
	await expect(note).toContainText('zzz');
	await expect(note).toContainText('2030-01');
	await expect(note).toContainText('第 8 页');
	// The cells are shown (not "no cells match"), on the last page, with the filters cleared.
	await expect(page.getByTestId('import-cells').locator('tbody tr').first()).toBeVisible();
	await expect(page.locator('.pager')).toContainText('第 8 / 8 页');
	const filters = page.getByTestId('cell-filters');
	for (const name of ['branch', 'metric', 'month'])
		await expect(filters.locator(`select[name="${name}"]`)).toHaveValue('');
	await shot(page, 'import-ignored-params-zh');
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL! }]);
	await page.goto(url);
	await expect(note).toContainText('did not fit this import');
	await expect(page.locator('.pager')).toContainText('Page 8 of 8');
	await shot(page, 'import-ignored-params-en');
	await page.context().clearCookies({ name: 'PARAGLIDE_LOCALE' });
});

test('the corrected-link note and the import page ignored-filters note look alike, in zh and en', async ({
	page
}) => {
	const look = (testid: string) =>
		page.getByTestId(testid).evaluate((note) => {
			const s = getComputedStyle(note);
			const last = note.lastElementChild!;
			return {
				box: [s.backgroundColor, s.color, s.borderTop, s.borderRadius, s.padding, s.fontSize],
				// Nothing below the last line but the note's own padding.
				lastMargin: getComputedStyle(last).marginBottom,
				listIndent: getComputedStyle(note.querySelector('ul')!).paddingLeft
			};
		});
	for (const lang of ['zh', 'en'] as const) {
		await page.goto('/?from=2020-13&to=2021-12');
		if (lang === 'en') await english(page);
		const corrected = await look('view-corrections');
		await shot(page, `link-note-overview-${lang}`);
		await page.goto('/imports/1?branch=nowhere');
		const ignored = await look('ignored-params');
		await shot(page, `link-note-import-${lang}`);
		expect(ignored).toEqual(corrected);
		expect(corrected.lastMargin).toBe('0px');
	}
	await page.context().clearCookies({ name: 'PARAGLIDE_LOCALE' });
});
