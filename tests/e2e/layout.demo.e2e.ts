/**
 * What a reader sees whole at 1366 and 1920 px in zh and en: KPI branch names and ties are never cut,
 * a period control's label stays beside its buttons, ` · ` separators keep their spaces; and the
 * import preview and an import's cell filters. Screenshots go to test-results/screens.
 */
import { resolve } from 'node:path';
import { expect, test } from './auth';

const SCREENS = 'test-results/screens';

for (const lang of ['zh-cn', 'en'] as const)
	for (const width of [1366, 1920]) {
		test(`KPI names and ties are whole, period labels beside their buttons (${lang}, ${width})`, async ({
			page,
			baseURL
		}) => {
			await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: lang, url: baseURL! }]);
			await page.setViewportSize({ width, height: 900 });
			await page.goto('/');
			const names = page.getByTestId('kpi-cards').locator('dd .names');
			await expect(names.first()).toBeVisible();
			let ties = 0;
			for (const n of await names.all()) {
				// Not cut: the text fits its box, and its box sits inside its card.
				const fits = await n.evaluate((el) => {
					const card = el.closest('li')!.getBoundingClientRect();
					const box = el.getBoundingClientRect();
					return el.scrollWidth <= el.clientWidth + 1 && box.right <= card.right + 0.5;
				});
				expect(fits, await n.innerText()).toBe(true);
				const text = await n.innerText();
				if (lang === 'en' && /\(tied\)/.test(text)) {
					ties++;
					expect(text).toMatch(/^\S.*\w, \w.* \(tied\)$/);
				}
				if (lang === 'zh-cn' && text.includes('（并列）')) ties++;
			}
			// The demo's default view has a two-way tie among its cards.
			expect(ties).toBeGreaterThan(0);

			const label = await page.getByTestId('compare-label').boundingBox();
			const first = await page.getByTestId('cmp-none').boundingBox();
			expect(Math.abs(label!.y + label!.height / 2 - (first!.y + first!.height / 2))).toBeLessThan(
				4
			);
			await page
				.getByTestId('kpi-cards')
				.screenshot({ path: `${SCREENS}/kpi-cards-${lang}-${width}.png` });
			await page
				.getByTestId('period-controls')
				.screenshot({ path: `${SCREENS}/period-controls-${lang}-${width}.png` });
		});
	}

for (const lang of ['zh-cn', 'en'] as const)
	test(`an end-only period stays in the data; separators keep their spaces (${lang})`, async ({
		page,
		baseURL
	}) => {
		await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: lang, url: baseURL! }]);
		await page.goto('/?from=2020-13&to=2019-01');
		// The data starts in 2019-01: not 2018-02 to 2019-01, eleven months before it.
		const shows = lang === 'en' ? 'Now showing 2019-01' : '2019-01';
		await expect(page.locator('main')).toContainText(shows);
		const intro = page.locator('.head p.muted');
		await expect(intro).toContainText(lang === 'en' ? '2019-01 · Data to 2019-01' : '2019-01 · ');
		const texts = [
			await intro.innerText(),
			...(await page.locator('.chart-card header p').allInnerTexts()),
			...(await page.locator('.counts').allInnerTexts())
		];
		expect(texts.length).toBeGreaterThan(3);
		for (const t of texts) expect(t).not.toMatch(/\S·|·\S/);
	});

test('a quarterly column is red in the preview table as in the column map', async ({ page }) => {
	await page.goto('/import');
	await page
		.getByTestId('file-input')
		.setInputFiles(resolve('tests/fixtures/bad/ledger-quarter-column.csv'));
	const c = page.locator('[data-testid="file-card"][data-file="ledger-quarter-column.csv"]');
	await expect(c).toHaveAttribute('data-state', 'invalid');
	const head = c.getByTestId('preview-table').locator('th[data-period-column]');
	await expect(head).toHaveText('第一季度');
	const red = await c
		.locator('tr.period-row td')
		.first()
		.evaluate((el) => getComputedStyle(el).color);
	await expect(head).toHaveCSS('color', red);
	await expect(
		c.getByTestId('preview-table').locator('tbody tr').first().locator('td').last()
	).toHaveCSS('color', red);
	await c.screenshot({ path: `${SCREENS}/import-quarter-preview.png` });
});

test("an import's cell filters leave out the choices left at all", async ({ page }) => {
	await page.goto('/imports/1');
	const form = page.getByTestId('cell-filters');
	await form.locator('select[name="metric"]').selectOption({ index: 1 });
	await form.getByRole('button').click();
	await expect(page).toHaveURL(/\?metric=[a-z_]+$/);
	await form.locator('select[name="metric"]').selectOption({ index: 0 });
	await form.getByRole('button').click();
	await expect(page).toHaveURL(/\/imports\/1\??$/);
});
