/**
 * The two further export forms in the browser (issue 12): a ledger (台账) and a two-row header
 * import, and the preview's column map shows how each column was read; a quarterly column is
 * refused by name. Screenshots in zh and en go to test-results/screens.
 */
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './auth';

const GOOD = resolve('tests/fixtures/good');
const BAD = resolve('tests/fixtures/bad');
const SCREENS = 'test-results/screens';

const card = (page: Page, name: string) =>
	page.locator(`[data-testid="file-card"][data-file="${name}"]`);

for (const lang of ['zh-cn', 'en'] as const) {
	test(`ledger and two-row header: the column map says how each column was read (${lang})`, async ({
		page,
		baseURL
	}) => {
		test.setTimeout(120_000);
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: lang, url: baseURL! }]);
		await page.setViewportSize({ width: 1366, height: 900 });
		await page.goto('/import');
		await page
			.getByTestId('file-input')
			.setInputFiles([
				resolve(GOOD, 'ledger-gbk.csv'),
				resolve(GOOD, 'two-row-header-utf16le-tab.csv'),
				resolve(BAD, 'ledger-quarter-column.csv')
			]);

		const ledger = card(page, 'ledger-gbk.csv');
		await expect(ledger).toHaveAttribute('data-state', 'valid');
		await ledger.locator('summary').first().click();
		const months = ledger.locator('tr[data-month]');
		await expect(months).toHaveCount(6);
		await expect(months.first()).toHaveAttribute('data-month', '2020-01');
		await expect(months.first()).toContainText(lang === 'en' ? 'Month 2020-01' : '月份 2020-01');
		await expect(ledger).toContainText(lang === 'en' ? 'Total; skipped' : '合计，已跳过');
		await ledger.screenshot({ path: `${SCREENS}/import-ledger-${lang}.png` });

		const grouped = card(page, 'two-row-header-utf16le-tab.csv');
		await expect(grouped).toHaveAttribute('data-state', 'valid');
		await grouped.locator('summary').first().click();
		await expect(grouped.getByTestId('group-row')).toContainText('三会一课、业务工作');
		await expect(grouped.locator('tr.warning[data-code="group_header_skipped"]')).toHaveCount(1);
		await grouped.screenshot({ path: `${SCREENS}/import-two-row-${lang}.png` });

		const quarter = card(page, 'ledger-quarter-column.csv');
		await expect(quarter).toHaveAttribute('data-state', 'invalid');
		await expect(quarter.locator('tr.error[data-code="period_column"]')).toContainText('第一季度');
		await quarter.screenshot({ path: `${SCREENS}/import-quarter-${lang}.png` });
	});
}
