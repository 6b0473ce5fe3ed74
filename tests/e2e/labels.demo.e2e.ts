/** Labels and layout the committee sees (issue 12): chooser keys, names, widths, footnotes, tables. */
import { expect, test } from './auth';

test('the metric chooser closes on Esc, focus back on its button; 完成 is a button, not a bar', async ({
	page
}) => {
	await page.goto('/?from=2021-01&to=2021-12');
	const toggle = page.getByTestId('metrics-toggle');
	await toggle.click();
	const done = page.getByTestId('metrics-done');
	await expect(done).toBeVisible();
	await expect(done).toHaveClass(/btn-primary/);
	const box = (await done.boundingBox())!;
	expect(box.width).toBeLessThan(160);
	await page.getByTestId('metric-panel').locator('input[type=checkbox]').first().focus();
	await page.keyboard.press('Escape');
	await expect(page.getByTestId('metric-panel')).toBeHidden();
	await expect(toggle).toBeFocused();
});

test("the language button's accessible name is its visible label", async ({ page }) => {
	await page.goto('/');
	const button = page.getByTestId('lang-switch');
	await expect(button).toHaveAccessibleName('English');
	await expect(page.getByRole('button', { name: 'English', exact: true })).toBeVisible();
});

test('at 1920 px the KPI cards use the whole row and no name breaks one character off', async ({
	page
}) => {
	await page.setViewportSize({ width: 1920, height: 1000 });
	await page.goto('/?from=2021-01&to=2021-12');
	const list = (await page.getByTestId('kpi-cards').boundingBox())!;
	const cards = page.getByTestId('kpi-cards').locator(':scope > li');
	const last = (await cards.last().boundingBox())!;
	expect(list.x + list.width - (last.x + last.width)).toBeLessThan(4);
	// 领导干部办案占比 on one line (its card is wide enough now).
	const name = page.getByTestId('kpi-leader_case_share').locator('.metric');
	const h = (await name.boundingBox())!.height;
	expect(h).toBeLessThan(30);
});

test('the * footnote sits in the card whose figures carry a *, not between the cards', async ({
	page
}) => {
	await page.goto('/?from=2021-01&to=2021-12');
	// 5th Procuratorial's completion rate 2021 is partly reported (81.3%*).
	await expect(page.getByTestId('chart-heatmap').getByTestId('chart-footnote')).toContainText('*');
	await expect(page.getByTestId('overview-board').locator('.charts + .note')).toHaveCount(0);
});

test('an open trend table keeps its source column inside the card', async ({ page }) => {
	await page.goto(
		'/branches/first-procuratorial?from=2021-01&to=2021-12&metrics=study_sessions&axis=month'
	);
	const card = page.getByTestId('trend-study_sessions');
	await card.getByRole('button', { name: '数据表' }).click();
	const table = card.getByTestId('trend-table');
	await expect(table).toBeVisible();
	const cardBox = (await card.boundingBox())!;
	const source = (await table.locator('td.sources').first().boundingBox())!;
	expect(source.x + source.width).toBeLessThanOrEqual(cardBox.x + cardBox.width);
	const scroll = table.locator('xpath=..');
	const overflow = await scroll.evaluate((el) => el.scrollWidth - el.clientWidth);
	expect(overflow).toBeLessThanOrEqual(1);
});

test.describe('signed in as an admin, who sees every menu item', () => {
	test.use({ role: 'admin' });

	test('at 1366 and 1920 px the menu keeps every item on one line, in zh and en', async ({
		page,
		baseURL
	}) => {
		for (const lang of ['zh-cn', 'en']) {
			await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: lang, url: baseURL! }]);
			for (const width of [1366, 1920]) {
				await page.setViewportSize({ width, height: 800 });
				await page.goto('/');
				const links = page.getByRole('navigation', { name: 'main' }).getByRole('link');
				await expect(links).toHaveCount(8);
				// One line: every item as tall as the one-word first, all on the same row.
				const boxes = await links.evaluateAll((as) =>
					as.map((a) => {
						const r = a.getBoundingClientRect();
						return { top: r.top, height: r.height };
					})
				);
				for (const box of boxes) expect(box, `${lang} at ${width} px`).toEqual(boxes[0]);
			}
		}
	});
});
