import { expect, test } from './auth';

test('the branch index lists the 8 sample branches with their latest month, in zh and en', async ({
	page,
	context
}) => {
	await page.goto('/branches');
	await expect(page.getByTestId('demo-banner')).toContainText('演示数据');
	const items = page.getByTestId('branch-list').locator('li');
	await expect(items).toHaveCount(8);
	await expect(items.first()).toContainText('第一检察部党支部');
	await expect(page.getByTestId('latest-month').first()).toHaveText('2021-12');
	await page.screenshot({ path: 'test-results/screens/branches-zh.png', fullPage: true });

	await page.getByTestId('lang-switch').click();
	await expect(items.first()).toContainText('First Procuratorial Department Branch');
	await expect(page.getByTestId('demo-banner')).toContainText('Sample data');
	await page.screenshot({ path: 'test-results/screens/branches-en.png', fullPage: true });
	await context.clearCookies();
});
