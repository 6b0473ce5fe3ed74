import type { Page } from '@playwright/test';
import { expect, test } from './auth';

const CHARTS = 4;

async function chartsReady(page: Page) {
	await expect(page.locator('[data-chart-ready="true"]')).toHaveCount(CHARTS);
}

test('the default view renders every chart for the 12 months up to the latest report', async ({
	page
}) => {
	await page.goto('/');
	await chartsReady(page);
	await expect(page.getByTestId('kpi-cards').locator('li')).toHaveCount(6);
	await expect(page.getByTestId('compliance-table').locator('tbody tr')).toHaveCount(8);
	await expect(
		page.getByTestId('period-controls').getByRole('button', { name: '年度' })
	).toHaveAttribute('aria-pressed', 'true');
	await expect(page.locator('h1')).toHaveText('各支部对比总览');
	await expect(page.getByText('2021-01 至 2021-12').first()).toBeVisible();
});

test('period, metric and normalisation change charts and URL; reload and Back restore the view', async ({
	page
}) => {
	await page.goto('/');
	await chartsReady(page);

	await page.getByTestId('preset-programme').click();
	await expect(page).toHaveURL(/from=2019-01&to=2021-12/);
	await chartsReady(page);

	await page.getByTestId('primary-metric').selectOption('party_days');
	await expect(page).toHaveURL(/metrics=party_days%2C/);
	await expect(page.getByTestId('chart-ranked').locator('h3')).toHaveText('主题党日');
	await chartsReady(page);

	await page.getByTestId('norm-norm').check();
	await expect(page).toHaveURL(/norm=norm/);
	await expect(page.getByTestId('chart-ranked')).toContainText('占标准 %');
	await chartsReady(page);
	const url = page.url();

	await page.reload();
	await chartsReady(page);
	await expect(page.getByTestId('chart-ranked').locator('h3')).toHaveText('主题党日');
	await expect(page.getByTestId('norm-norm')).toBeChecked();
	await expect(page.getByTestId('kpi-party_days')).toHaveAttribute('class', /primary/);

	await page.goBack();
	await expect(page).toHaveURL(/metrics=party_days%2C/);
	await expect(page).not.toHaveURL(/norm=norm/);
	await expect(page.getByTestId('norm-raw')).toBeChecked();
	await chartsReady(page);
	await page.goForward();
	expect(page.url()).toBe(url);
	await expect(page.getByTestId('norm-norm')).toBeChecked();
});

test('per 10 members and % of norm are disabled, with a reason, for a ratio', async ({ page }) => {
	await page.goto('/?from=2019-01&to=2019-12&metrics=leader_case_share');
	await chartsReady(page);
	await expect(page.getByTestId('norm-per10')).toBeDisabled();
	await expect(page.getByTestId('norm-norm')).toBeDisabled();
	await expect(page.getByTestId('norm-control')).toContainText('不按每 10 名党员折算');
});

test("the First Procuratorial Department's 2019 leader case share is 29.6%", async ({ page }) => {
	await page.goto('/?from=2019-01&to=2019-12&metrics=leader_case_share,party_days');
	await chartsReady(page);
	const card = page.getByTestId('chart-ranked');
	await card.getByRole('button', { name: '数据表' }).click();
	const row = card.locator('tbody tr', { hasText: '第一检察部' });
	await expect(row).toContainText('29.6%');
	await expect(row).toContainText('12/12');
	await expect(page.getByTestId('kpi-leader_case_share')).toContainText('全部支部合计');
});

test('clicking a bar or a heatmap row opens that branch with period and metrics kept', async ({
	page
}) => {
	const start = '/?from=2019-01&to=2019-12&metrics=leader_case_share%2Cparty_days';
	const target =
		/\/branches\/first-procuratorial\?from=2019-01&to=2019-12&metrics=leader_case_share%2Cparty_days$/;
	await page.goto(start);
	await chartsReady(page);
	const bars = page.getByTestId('chart-ranked').locator('[data-chart-ready]');
	await bars.scrollIntoViewIfNeeded();
	const box = (await bars.boundingBox())!;
	// Best first: Eighth (34.1%), then First Procuratorial (29.6%) as the second of 8 bars.
	await page.mouse.click(box.x + box.width * 0.24, box.y + box.height * 0.85);
	await expect(page).toHaveURL(target);

	await page.goto(start);
	await chartsReady(page);
	const heat = page.getByTestId('chart-heatmap').locator('[data-chart-ready]');
	await heat.scrollIntoViewIfNeeded();
	const hbox = (await heat.boundingBox())!;
	// The first row (First Procuratorial), first cell.
	await page.mouse.click(hbox.x + hbox.width * 0.4, hbox.y + 28);
	await expect(page).toHaveURL(target);
});

test('the first hover over a chart shows its tooltip (tooltip code loads on demand)', async ({
	page
}) => {
	const scripts: string[] = [];
	page.on('request', (r) => void (r.resourceType() === 'script' && scripts.push(r.url())));
	await page.goto('/?from=2019-01&to=2019-12&metrics=leader_case_share%2Cparty_days');
	await chartsReady(page);
	await page.waitForLoadState('networkidle');
	const loaded = scripts.length;
	const heat = page.getByTestId('chart-heatmap').locator('[data-chart-ready]');
	await heat.scrollIntoViewIfNeeded();
	const box = (await heat.boundingBox())!;
	// One move onto the first row's first cell: First Procuratorial, leader case share 29.6%.
	await page.mouse.move(box.x + box.width * 0.4, box.y + 28);
	const tip = heat.locator('div', { hasText: '第一检察部' }).last();
	await expect(tip).toBeVisible();
	await expect(tip).toContainText('29.6%');
	expect(scripts.length).toBeGreaterThan(loaded);
});

test('compare with the previous period shows the change on the KPI cards', async ({ page }) => {
	await page.goto('/?from=2021-01&to=2021-12&metrics=party_days');
	await chartsReady(page);
	await page.getByTestId('cmp-prev').click();
	await expect(page).toHaveURL(/cmp=prev/);
	await expect(page.getByTestId('kpi-party_days')).toContainText('较上期');
	await chartsReady(page);
});

test('an older cmp=1 link still compares with the previous period', async ({ page }) => {
	await page.goto('/?from=2021-01&to=2021-12&metrics=party_days&cmp=1');
	await expect(page.getByTestId('cmp-prev')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId('kpi-party_days')).toContainText('较上期');
});

test('same period last year: KPI change, ranked bars and their table against the year before', async ({
	page
}) => {
	await page.goto('/?from=2020-04&to=2020-06&metrics=party_days');
	await chartsReady(page);
	await page.getByTestId('cmp-yoy').click();
	await expect(page).toHaveURL(/cmp=yoy/);
	await expect(page.getByTestId('cmp-yoy')).toHaveAttribute('aria-pressed', 'true');
	await expect(page.getByTestId('kpi-party_days')).toContainText('较去年同期');
	await chartsReady(page);
	// The ranked bars say what they compare with and list the year-earlier column in their table.
	const ranked = page.getByTestId('chart-ranked');
	await expect(ranked).toContainText('对比去年同期 2019-04 至 2019-06');
	await ranked.getByRole('button', { name: '数据表' }).click();
	await expect(ranked.locator('table th', { hasText: '去年同期' })).toBeVisible();
	await page.getByTestId('cmp-none').click();
	await expect(page).not.toHaveURL(/cmp=/);
	await expect(page.getByTestId('kpi-party_days')).not.toContainText('较去年同期');
});

for (const [w, h] of [
	[1366, 768],
	[1920, 1080]
] as const) {
	test(`screenshots at ${w}×${h} in zh and en`, async ({ page, context }) => {
		await page.setViewportSize({ width: w, height: h });
		await page.goto(
			'/?from=2020-01&to=2020-12&metrics=leader_case_share,secretary_lectures,guidance_visits,study_sessions,party_days,rectification_rate&cmp=1'
		);
		await chartsReady(page);
		await page.screenshot({ path: `test-results/screens/overview-zh-${w}.png`, fullPage: true });
		await page.getByTestId('lang-switch').click();
		await expect(page.locator('h1')).toHaveText('Branches at a glance');
		await chartsReady(page);
		await page.screenshot({ path: `test-results/screens/overview-en-${w}.png`, fullPage: true });
		await context.clearCookies();
	});
}

test('talking points read the view aloud: completeness first, leaders, each with a link; copy as text', async ({
	page
}) => {
	await page.goto('/?from=2021-01&to=2021-12&metrics=guidance_visits,leader_case_share');
	await chartsReady(page);
	const points = page.getByTestId('talking-points');
	await expect(points.getByRole('heading', { name: '要点' })).toBeVisible();
	const items = points.locator('li');
	await expect(items.first()).toHaveText(/8 个支部均已填报 2021-01 至 2021-12 的全部月份/);
	await expect(items.filter({ hasText: /^调研指导：.*最高/ })).toHaveCount(1);
	await expect(points.getByRole('link', { name: '导出通报' })).toHaveAttribute(
		'href',
		/\/api\/export\/bulletin\?from=2021-01&to=2021-12/
	);
	await points.getByRole('button', { name: '复制文本' }).click();
	await expect(points.getByRole('status')).toHaveText(/已复制|无法复制/);
	// A leader line opens that metric's ranking.
	await items
		.filter({ hasText: /^领导干部办案占比：/ })
		.getByRole('link')
		.click();
	await expect(page).toHaveURL(/metrics=leader_case_share/);
});

test('a branch page has its own talking points, without ranking', async ({ page }) => {
	await page.goto('/branches/first-procuratorial?from=2020-01&to=2020-06&metrics=guidance_visits');
	const points = page.getByTestId('talking-points');
	await expect(points.locator('li').first()).toHaveText(
		/第一检察部已填报 2020-01 至 2020-06 的全部月份/
	);
	await expect(
		points.locator('li').filter({ hasText: /^调研指导：第一检察部 \d+ 次，全部支部/ })
	).toHaveCount(1);
	await expect(points).not.toContainText('最高');
});
