/**
 * The smoke run on PostgreSQL (`tests/e2e-pg.sh`): the app started by `npm start` with
 * PACESETTER_DATABASE_URL on a throwaway cluster. Sign in, import one sample, then the overview,
 * the branch page and the history show it.
 */
import { resolve, join } from 'node:path';
import { expect, test } from './auth';

const FIRST = '第一检察部党支部_2019-2021党建统计.csv';

test('sign in, import a sample, see it on the overview, the branch page and the history', async ({
	page
}) => {
	test.setTimeout(180_000);
	// After hydration: a file chosen before it would be lost.
	await page.goto('/import', { waitUntil: 'networkidle' });
	await page.getByTestId('file-input').setInputFiles(join(resolve('data/samples'), FIRST));
	const card = page.locator(`[data-testid="file-card"][data-file="${FIRST}"]`);
	await expect(card).toHaveAttribute('data-state', 'valid', { timeout: 60_000 });
	await page.getByTestId('import-button').click();
	await expect(page.getByTestId('commit-results').locator('li[data-status="applied"]')).toHaveCount(
		1,
		{ timeout: 60_000 }
	);

	await page.goto('/?from=2021-01&to=2021-12');
	await expect(page.getByTestId('kpi-cards').locator('li')).toHaveCount(6);
	await expect(page.getByTestId('compliance-table').locator('tbody tr')).toHaveCount(8);

	await page.goto('/branches/first-procuratorial?from=2019-06&to=2020-06');
	await expect(page.getByTestId('branch-header')).toContainText('2019-06 至 2020-06');
	await expect(page.getByTestId('trend-secretary_lectures')).toHaveCount(1);

	await page.goto('/imports');
	await expect(page.getByTestId('import-history').locator('tbody tr')).toHaveCount(1);
	await expect(page.getByTestId('import-history')).toContainText(FIRST);
});
