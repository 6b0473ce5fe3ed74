import { expect, test } from '@playwright/test';

test('a new database holds the 8 branches, no observations and no demo banner', async ({
	page
}) => {
	await page.goto('/branches');
	await expect(page.getByTestId('branch-list').locator('li')).toHaveCount(8);
	await expect(page.getByTestId('empty-state')).toBeVisible();
	await expect(page.getByTestId('demo-banner')).toHaveCount(0);
});
