import type { Page } from '@playwright/test';
import { expect, test } from './auth';

const QUERY = '?from=2019-06&to=2020-06&metrics=secretary_lectures';
const FIRST_FILE = '第一检察部党支部_2019-2021党建统计.csv';

async function chartReady(page: Page, testid: string) {
	const card = page.getByTestId(testid);
	await expect(card.locator('[data-chart-ready="true"]')).toBeVisible();
	return card;
}

test('from the overview to the first procuratorial branch: carried-over period and metric, total 5, Back', async ({
	page
}) => {
	await page.goto(`/${QUERY}`);
	await page.goto(`/branches/first-procuratorial${QUERY}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('第一检察部党支部');
	await expect(page.getByTestId('branch-header')).toContainText('2019-06 至 2020-06');
	// The header's period total: five lectures since June 2019 (the seed article's figure).
	await expect(
		page.getByTestId('figure-secretary_lectures').getByTestId('period-figure')
	).toHaveText(/^\s*5\s*次\s*$/);
	const card = await chartReady(page, 'trend-secretary_lectures');
	await expect(card).toContainText('书记讲党课');
	await expect(card).toContainText('第一检察部 · 2019-06 至 2020-06');
	await expect(page.getByTestId('trend-secretary_lectures')).toHaveCount(1);
	// The overview link keeps the view.
	await expect(page.getByTestId('back-overview')).toHaveAttribute(
		'href',
		`/?from=2019-06&to=2020-06&metrics=secretary_lectures`
	);
	await page.goBack();
	await expect(page).toHaveURL(new RegExp(`/\\${QUERY}$`));
});

test('hovering a point shows its source file and row', async ({ page }) => {
	await page.goto(`/branches/first-procuratorial${QUERY}`);
	const card = await chartReady(page, 'trend-secretary_lectures');
	const chart = card.locator('[data-chart-ready]');
	await chart.scrollIntoViewIfNeeded();
	const box = (await chart.boundingBox())!;
	// The axis tooltip answers anywhere in a month's column: aim at the middle of the plot.
	await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	const tip = card.locator('.chart-tooltip');
	await expect(tip).toBeVisible();
	await expect(tip).toContainText(FIRST_FILE);
	await expect(tip).toContainText(/第 \d+ 行/);
	await expect(tip).toContainText('导入于');
	await page.screenshot({ path: 'test-results/screens/branch-tooltip-zh.png' });
});

test('a month with no report is a gap, shown as 未填报, never 0', async ({ page }) => {
	// By month: a quarterly-norm count reads by quarter unless months are asked for.
	await page.goto(`/branches/fifth-procuratorial${QUERY}&axis=month`);
	const card = await chartReady(page, 'trend-secretary_lectures');
	await card.getByRole('button', { name: '数据表' }).click();
	const table = card.getByTestId('trend-table');
	for (const month of ['2020-02', '2020-03'])
		await expect(table.locator(`tr[data-month="${month}"]`).getByTestId('branch-value')).toHaveText(
			'未填报'
		);
	await expect(
		table.locator('tr[data-month="2020-01"]').getByTestId('branch-value')
	).not.toHaveText('未填报');
	// The calendar says not reported, apart from not met.
	const calendar = page.getByTestId('calendar');
	await expect(
		calendar.locator('tr[data-metric="committee_meetings"] td[data-unit="2020-02"]')
	).toHaveAttribute('data-status', 'not_reported');
	await expect(page.getByTestId('months-reported')).toContainText('11/13');
	await card.scrollIntoViewIfNeeded();
	await page.screenshot({ path: 'test-results/screens/branch-gap-zh.png', fullPage: true });
});

test('keyboard and switcher move between branches keeping the view; profile links set the metric', async ({
	page
}) => {
	await page.goto(`/branches/first-procuratorial${QUERY}&roll=1`);
	await chartReady(page, 'trend-secretary_lectures');
	await page.keyboard.press(']');
	await expect(page).toHaveURL(`/branches/second-procuratorial${QUERY}&roll=1`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('第二检察部党支部');
	await page.keyboard.press('[');
	await expect(page).toHaveURL(`/branches/first-procuratorial${QUERY}&roll=1`);
	await page.getByTestId('branch-select').selectOption('general-office');
	await expect(page).toHaveURL(`/branches/general-office${QUERY}&roll=1`);
	await page.getByTestId('profile').locator('a[data-metric="leader_case_share"]').click();
	await expect(page).toHaveURL(/metrics=leader_case_share/);
	await expect(page.getByTestId('trend-leader_case_share')).toBeVisible();
	await expect(page.getByTestId('trend-secretary_lectures')).toHaveCount(0);
});

test('an unknown branch gets a friendly 404', async ({ page }) => {
	const res = await page.goto('/branches/no-such-branch');
	expect(res?.status()).toBe(404);
	await expect(page.getByTestId('branch-error')).toContainText('找不到这个党支部');
});

for (const size of [
	{ width: 1366, height: 768 },
	{ width: 1920, height: 1080 }
]) {
	test(`screenshots zh and en at ${size.width}×${size.height}`, async ({ page, context }) => {
		await page.setViewportSize(size);
		const url = `/branches/first-procuratorial?from=2019-06&to=2020-06&metrics=secretary_lectures,leader_case_share&roll=1`;
		await page.goto(url);
		await chartReady(page, 'trend-leader_case_share');
		await chartReady(page, 'rank-trend');
		await page.screenshot({
			path: `test-results/screens/branch-zh-${size.width}.png`,
			fullPage: true
		});
		await context.addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: page.url() }]);
		await page.goto(url);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			'First Procuratorial Department Branch'
		);
		await chartReady(page, 'trend-leader_case_share');
		await chartReady(page, 'rank-trend');
		await page.screenshot({
			path: `test-results/screens/branch-en-${size.width}.png`,
			fullPage: true
		});
		await context.clearCookies();
	});
}

test('period controls on the branch page: the URL is the state, Back restores, compare a year earlier', async ({
	page
}) => {
	await page.goto(`/branches/first-procuratorial${QUERY}`);
	const controls = page.getByTestId('branch-controls');
	await controls.getByRole('button', { name: '季度', exact: true }).click();
	await expect(page).toHaveURL(/from=2020-04&to=2020-06/);
	await expect(page.getByTestId('branch-header')).toContainText('2020-04 至 2020-06');
	await controls.getByTestId('period-prev').click();
	await expect(page).toHaveURL(/from=2020-01&to=2020-03/);
	await expect(page.getByTestId('branch-header')).toContainText('2020-01 至 2020-03');
	await page.getByTestId('cmp-yoy').click();
	await expect(page).toHaveURL(/from=2020-01&to=2020-03.*cmp=yoy/);
	const card = await chartReady(page, 'trend-secretary_lectures');
	await card.getByRole('button', { name: '数据表' }).click();
	await expect(card.getByTestId('trend-table')).toContainText('去年同期');
	// The overview link carries the comparison too.
	await expect(page.getByTestId('back-overview')).toHaveAttribute('href', /cmp=yoy/);
	await page.goBack();
	await expect(page).toHaveURL(/from=2020-01&to=2020-03&metrics=secretary_lectures$/);
	await page.goBack();
	await expect(page.getByTestId('branch-header')).toContainText('2020-04 至 2020-06');
});

test('quarterly-norm counts read by quarter (partly reported quarters marked), by month on request', async ({
	page
}) => {
	await page.goto(
		'/branches/fifth-procuratorial?from=2020-01&to=2020-12&metrics=secretary_lectures'
	);
	const card = await chartReady(page, 'trend-secretary_lectures');
	await expect(card).toContainText('按季度');
	await expect(page.getByTestId('axis-quarter')).toHaveAttribute('aria-current', 'true');
	await card.getByRole('button', { name: '数据表' }).click();
	const table = card.getByTestId('trend-table');
	await expect(table.locator('tbody tr')).toHaveCount(4);
	// February and March 2020 were not reported: Q1 is partly reported, not a false 0.
	await expect(table.locator('tr[data-month="2020-Q1"]')).toContainText('部分填报：1/3 个月');
	await page.getByTestId('axis-month').click();
	await expect(page).toHaveURL(/axis=month/);
	// The card stays open on its table: now one row a month.
	await expect(table.locator('tbody tr')).toHaveCount(12);
	await expect(table.locator('tr[data-month="2020-02"]')).toContainText('未填报');
});
