import { expect, test } from './auth';

test('with nothing imported the overview points to the import page', async ({ page }) => {
	await page.goto('/');
	const empty = page.getByTestId('empty-state');
	await expect(empty).toBeVisible();
	await expect(empty.getByRole('link')).toHaveAttribute('href', '/import');
	await expect(page.locator('[data-chart-ready]')).toHaveCount(0);
});
