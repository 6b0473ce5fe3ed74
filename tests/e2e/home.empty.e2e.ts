import { expect, test } from './auth';

test('a new database holds the 8 branches, no observations and no demo banner', async ({
	page
}) => {
	await page.goto('/branches');
	await expect(page.getByTestId('branch-list').locator('li')).toHaveCount(8);
	await expect(page.getByTestId('empty-state')).toBeVisible();
	await expect(page.getByTestId('demo-banner')).toHaveCount(0);
});

test('the API answers in the language of the request', async ({ request, baseURL, page }) => {
	const url = `/api/trpc/imports.detail?input=${encodeURIComponent(JSON.stringify({ id: 99999 }))}`;
	const zh = await request.get(url);
	expect(zh.status()).toBe(404);
	expect(JSON.stringify(await zh.json())).toContain('找不到编号为 99999 的导入记录');
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL! }]);
	const en = await request.get(url, { headers: { origin: baseURL! } });
	expect(en.status()).toBe(404);
	expect(JSON.stringify(await en.json())).toContain('There is no import #99999.');
});
