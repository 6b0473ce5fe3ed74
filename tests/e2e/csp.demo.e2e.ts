/**
 * The Content-Security-Policy breaks nothing: the overview's and a branch page's ECharts, the export
 * menu (PNG made in the browser) and the import page's Web Worker run with no CSP violation.
 */
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './auth';

const QUERY = '?from=2019-01&to=2019-12&metrics=leader_case_share,secretary_lectures';

/** Every violation the page reports, and every console line about the policy. */
async function watchCsp(page: Page): Promise<string[]> {
	const seen: string[] = [];
	await page.exposeFunction('reportCsp', (s: string) => seen.push(s));
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (e) =>
			(window as unknown as { reportCsp: (s: string) => void }).reportCsp(
				`${e.violatedDirective} ${e.blockedURI}`
			)
		);
	});
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text())) seen.push(m.text());
	});
	page.on('pageerror', (e) => seen.push(String(e)));
	return seen;
}

test('overview, branch page, export menu and import worker run under the CSP', async ({ page }) => {
	test.setTimeout(120_000);
	const violations = await watchCsp(page);

	const response = await page.goto(`/${QUERY}`);
	expect(response!.headers()['content-security-policy']).toMatch(/script-src 'self' 'sha256-/);
	const card = page.getByTestId('chart-ranked');
	await expect(card.locator('[data-chart-ready="true"]')).toBeVisible();
	await card.getByTestId('export-menu').click();
	const [png] = await Promise.all([
		page.waitForEvent('download'),
		card.getByTestId('export-png').click()
	]);
	expect(png.suggestedFilename()).toMatch(/\.png$/);

	await page.goto(`/branches/first-procuratorial${QUERY}`);
	await expect(page.locator('[data-chart-ready="true"]').first()).toBeVisible();

	await page.goto('/import');
	await page
		.getByTestId('file-input')
		.setInputFiles(join(resolve('data/samples'), '政治部党支部党建指标明细2019-2021.csv'));
	const file = page.getByTestId('file-card');
	// Parsed in the worker, then checked by the server: both need the policy to allow them.
	await expect(file).toHaveAttribute('data-state', 'valid', { timeout: 60_000 });
	expect(violations).toEqual([]);
});
