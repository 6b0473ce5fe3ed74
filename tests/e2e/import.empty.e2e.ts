import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './auth';

const SAMPLES = resolve('data/samples');
const files = {
	first: '第一检察部党支部_2019-2021党建统计.csv',
	second: '第二检察部党支部_党建工作统计_2019-2021.csv',
	fourth: '第四检察部党支部党建数据2019-2021.csv',
	fifth: '第五检察部党支部-月度党建统计（2019-2021）.csv',
	sixth: '第六检察部党支部党建统计表（Unicode文本）.csv',
	eighth: '第八检察部党支部2019至2021年党建工作台账.csv',
	political: '政治部党支部党建指标明细2019-2021.csv',
	office: '办公室党支部_月度统计_2019-2021.csv'
};
const encodings: Record<keyof typeof files, string> = {
	first: 'gb18030',
	second: 'utf-8-bom',
	fourth: 'gb18030',
	fifth: 'utf-8-bom',
	sixth: 'utf-16le',
	eighth: 'gb18030',
	political: 'utf-8',
	office: 'utf-8-bom'
};
const SCREENS = 'test-results/screens';

/** The second branch's export with its first data row's "Collective study sessions" cell replaced. */
function secondWith(cell: string, name: string): string {
	const text = readFileSync(join(SAMPLES, files.second), 'utf8');
	const lines = text.split('\r\n');
	const fields = lines[1].split(',');
	expect(fields[4]).toBe('5');
	fields[4] = cell;
	lines[1] = fields.join(',');
	const path = join(mkdtempSync(join(tmpdir(), 'pacesetter-e2e-')), name);
	writeFileSync(path, lines.join('\r\n'));
	return path;
}

const card = (page: Page, name: string) =>
	page.locator(`[data-testid="file-card"][data-file="${name}"]`);

async function setEnglish(page: Page, baseURL: string | undefined) {
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL! }]);
}

test('drop the 8 samples, import, reject a bad cell, preview a change, import and revert it', async ({
	page,
	baseURL
}) => {
	test.setTimeout(180_000);
	// 1. The 8 sample files: right encodings, no errors.
	await page.goto('/import');
	await page
		.getByTestId('file-input')
		.setInputFiles(Object.values(files).map((f) => join(SAMPLES, f)));
	await expect(page.getByTestId('file-card')).toHaveCount(8);
	for (const [key, name] of Object.entries(files) as [keyof typeof files, string][]) {
		const c = card(page, name);
		await expect(c).toHaveAttribute('data-state', 'valid', { timeout: 60_000 });
		await expect(c.getByTestId('encoding')).toHaveAttribute('data-encoding', encodings[key]);
		await expect(c.locator('tr.error')).toHaveCount(0);
		await expect(c.getByTestId('plan-new')).not.toHaveText(/^\D*0\D*$/);
	}
	await expect(page.getByTestId('import-button')).toBeEnabled();
	await page.screenshot({ path: `${SCREENS}/import-previews-zh.png` });
	await page.screenshot({ path: `${SCREENS}/import-previews-zh-full.png`, fullPage: true });

	// 2. Import → 8 imports in the history, the matrix filled.
	await page.getByTestId('import-button').click();
	const results = page.getByTestId('commit-results');
	await expect(results.locator('li[data-status="applied"]')).toHaveCount(8, { timeout: 60_000 });
	await expect(page.getByTestId('file-card')).toHaveCount(0);
	await page.goto('/imports');
	await expect(page.getByTestId('import-history').locator('tbody tr')).toHaveCount(8);
	const matrix = page.getByTestId('completeness');
	await expect(matrix.locator('tbody tr')).toHaveCount(8);
	await expect(matrix.locator('button.cell')).toHaveCount(8 * 36);
	// Fifth did not report 2020-02 and 2020-03; otherwise every branch-month has data.
	expect(await matrix.locator('button[data-status="missing"]').count()).toBe(2);
	await matrix.locator('button[data-status="reported"]').first().click();
	await expect(page.getByTestId('matrix-sources').locator('a')).toHaveCount(1);
	await page.screenshot({ path: `${SCREENS}/imports-zh.png`, fullPage: true });

	// 3. A bad cell (in English): the error names row, column and value; nothing is written.
	await setEnglish(page, baseURL);
	await page.goto('/import');
	const bad = secondWith('abc', 'second-bad.csv');
	await page.getByTestId('file-input').setInputFiles(bad);
	const badCard = card(page, 'second-bad.csv');
	await expect(badCard).toHaveAttribute('data-state', 'invalid', { timeout: 30_000 });
	const error = badCard.locator('tr.error[data-code="bad_number"]');
	await expect(error).toHaveCount(1);
	await expect(error.locator('td').nth(0)).toHaveText('2');
	await expect(error.locator('td').nth(1)).toHaveText('Collective study sessions');
	await expect(error.locator('td').nth(2)).toHaveText('abc');
	await expect(badCard.locator('td[data-bad]')).toHaveText('abc');
	await expect(page.getByTestId('import-button')).toBeDisabled();
	await page.screenshot({ path: `${SCREENS}/import-error-en.png`, fullPage: true });

	// 4. The corrected file with a changed value: the preview shows old → new.
	await page.getByRole('button', { name: 'Clear' }).click();
	const fixed = secondWith('9', 'second-fixed.csv');
	await page.getByTestId('file-input').setInputFiles(fixed);
	const fixedCard = card(page, 'second-fixed.csv');
	await expect(fixedCard).toHaveAttribute('data-state', 'valid', { timeout: 30_000 });
	await expect(fixedCard.getByTestId('plan-replaced')).toHaveText(/\b1\b/);
	await expect(fixedCard.getByTestId('plan-new')).toHaveText(/\b0\b/);
	const replaced = fixedCard.getByTestId('replaced').locator('tbody tr');
	await expect(replaced).toHaveCount(1);
	await expect(replaced).toContainText('2019-01');
	await expect(replaced).toContainText('Collective study sessions');
	await expect(replaced.locator('td.num')).toHaveText(/5\s*→\s*9/);
	await page.screenshot({ path: `${SCREENS}/import-replace-en.png`, fullPage: true });

	// Nothing was written by the bad file.
	await page.goto('/imports');
	await expect(page.getByTestId('import-history').locator('tbody tr')).toHaveCount(8);
	await page.screenshot({ path: `${SCREENS}/imports-en.png`, fullPage: true });
	const secondId = await page
		.getByTestId('import-history')
		.locator('tbody tr', { hasText: files.second })
		.locator('td')
		.first()
		.innerText();

	// 5. Import the change, then revert it: the old value is current again.
	await page.goto('/import');
	await page.getByTestId('file-input').setInputFiles(fixed);
	await expect(card(page, 'second-fixed.csv')).toHaveAttribute('data-state', 'valid', {
		timeout: 30_000
	});
	await page.getByTestId('import-button').click();
	const applied = page.getByTestId('commit-results').locator('li[data-status="applied"]');
	await expect(applied).toHaveCount(1);
	const changeId = ((await applied.locator('a').textContent()) ?? '').replace('#', '').trim();
	await applied.locator('a').click();
	await expect(page).toHaveURL(new RegExp(`/imports/${changeId}$`));

	const study = (p: Page) =>
		p.locator(
			'[data-testid="import-cells"] tr[data-metric="study_sessions"][data-month="2019-01"][data-branch="second-procuratorial"]'
		);
	await expect(study(page).getByTestId('cell-value')).toHaveText('9');
	await page.goto(`/imports/${secondId}`);
	await expect(study(page).locator('td[data-current]')).toHaveAttribute('data-current', 'false');

	await page.goto(`/imports/${changeId}`);
	await page.getByTestId('revert').click();
	await expect(page.getByTestId('revert-dialog')).toBeVisible();
	await page.screenshot({ path: `${SCREENS}/revert-dialog-en.png` });
	await page.getByTestId('revert-confirm').click();
	await expect(page.getByTestId('reverted')).toBeVisible();

	await page.goto(`/imports/${secondId}`);
	await expect(study(page).getByTestId('cell-value')).toHaveText('5');
	await expect(study(page).locator('td[data-current]')).toHaveAttribute('data-current', 'true');
	await page.goto('/imports');
	await expect(
		page.getByTestId('import-history').locator('tr[data-status="reverted"]')
	).toHaveCount(1);
});

test('a 45 MB file is parsed in the worker without freezing the page', async ({ page }) => {
	test.setTimeout(180_000);
	const text = readFileSync(join(SAMPLES, files.second), 'utf8');
	const [head, ...rows] = text.split('\r\n').filter(Boolean);
	const body = rows.join('\r\n') + '\r\n';
	const copies = Math.ceil((45 * 1024 * 1024) / Buffer.byteLength(body));
	const path = join(mkdtempSync(join(tmpdir(), 'pacesetter-e2e-')), 'big.csv');
	writeFileSync(path, head + '\r\n' + body.repeat(copies));

	await page.goto('/import');
	// The longest gap between animation frames while the file is read and parsed.
	await page.evaluate(() => {
		const w = window as unknown as { maxGap: number; stop: boolean };
		w.maxGap = 0;
		w.stop = false;
		let last = performance.now();
		const tick = (now: number) => {
			w.maxGap = Math.max(w.maxGap, now - last);
			last = now;
			if (!w.stop) requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
	});
	const started = Date.now();
	await page.getByTestId('file-input').setInputFiles(path);
	const big = card(page, 'big.csv');
	await expect(big.locator('progress')).toBeVisible();
	// Every row after the first 36 repeats a branch and month: duplicate rows, so it is invalid.
	await expect(big).toHaveAttribute('data-state', 'invalid', { timeout: 150_000 });
	const maxGap = await page.evaluate(() => {
		const w = window as unknown as { maxGap: number; stop: boolean };
		w.stop = true;
		return w.maxGap;
	});
	console.log(`45 MB file: ${Date.now() - started} ms, longest frame gap ${Math.round(maxGap)} ms`);
	expect(maxGap).toBeLessThan(1000);
	await expect(big.locator('tr.error[data-code="duplicate_row"]').first()).toBeVisible();
});

test('a file that names no branch gets a picker, and the pick re-runs the check', async ({
	page
}) => {
	const path = join(mkdtempSync(join(tmpdir(), 'pacesetter-e2e-')), 'monthly.csv');
	writeFileSync(path, '\uFEFF月份,主题党日,支委会\r\n2019-01,1,1\r\n');
	await page.goto('/import');
	await page.getByTestId('file-input').setInputFiles(path);
	const c = card(page, 'monthly.csv');
	await expect(c).toHaveAttribute('data-state', 'invalid');
	await expect(c.getByTestId('pick-to-continue')).toBeVisible();
	await c.getByTestId('branch-picker').selectOption('general-office');
	await expect(c).toHaveAttribute('data-state', 'valid');
	await expect(c.getByTestId('plan')).toBeVisible();
	await expect(c.getByTestId('branch-picker')).toHaveValue('general-office');
});

const SHOTS = '/tmp/shots/http';

function tmpFile(name: string, text: string): string {
	const path = join(mkdtempSync(join(tmpdir(), 'pacesetter-e2e-')), name);
	writeFileSync(path, text);
	return path;
}

test('a file with errors shows its rows (not "0 cells") and its preview rows in file order', async ({
	page
}) => {
	// Rows 3 and 4 hold bad cells, row 2 is fine.
	const path = tmpFile(
		'bad-rows.csv',
		'支部,月份,支委会\r\n办公室党支部,2024-01,1\r\n办公室党支部,2024-02,abc\r\n办公室党支部,2024-03,-1\r\n'
	);
	await page.goto('/import');
	await page.getByTestId('file-input').setInputFiles(path);
	const c = card(page, 'bad-rows.csv');
	await expect(c).toHaveAttribute('data-state', 'invalid');
	await expect(c.locator('dl')).toContainText('3 行');
	await expect(c.locator('dl')).not.toContainText('0 格');
	const rows = c.getByTestId('preview-table').locator('tbody th[scope="row"]');
	await expect(rows).toHaveText(['2', '3', '4']);
	await page.screenshot({ path: `${SHOTS}/import-errors-zh.png`, fullPage: true });
});

test('a file without a branch asks for it once; after the pick it is not told to fix the file', async ({
	page,
	baseURL
}) => {
	const path = tmpFile('no-branch.csv', '\uFEFF月份,主题党日,支委会\r\n2019-02,1,1\r\n');
	for (const lang of ['zh', 'en'] as const) {
		if (lang === 'en') await setEnglish(page, baseURL);
		await page.goto('/import');
		await page.getByTestId('file-input').setInputFiles(path);
		const c = card(page, 'no-branch.csv');
		await expect(c).toHaveAttribute('data-state', 'invalid');
		const ask = lang === 'zh' ? '请选择：' : 'Choose it:';
		await expect(c.getByText(ask)).toHaveCount(1);
		await expect(c.getByTestId('pick-to-continue')).toBeVisible();
		await expect(c).not.toContainText(lang === 'zh' ? '重新拖入' : 'drop it again');
		await page.screenshot({ path: `${SHOTS}/import-needs-branch-${lang}.png`, fullPage: true });
		await c.getByTestId('branch-picker').selectOption('general-office');
		await expect(c).toHaveAttribute('data-state', 'valid');
		await expect(c.getByText(ask)).toHaveCount(0);
		await expect(c.getByTestId('pick-to-continue')).toHaveCount(0);
		await expect(c).not.toContainText(lang === 'zh' ? '重新拖入' : 'drop it again');
		await page.getByRole('button', { name: lang === 'zh' ? '清空' : 'Clear' }).click();
	}
});

test('a file chosen before the page hydrated is processed once it has', async ({ page }) => {
	const path = tmpFile('early.csv', '支部,月份,支委会\r\n办公室党支部,2024-06,1\r\n');
	// The app's scripts wait until the file is chosen: the page cannot have hydrated before.
	let release = () => {};
	const chosen = new Promise<void>((done) => (release = done));
	await page.route('**/_app/immutable/**', async (r) => {
		await chosen;
		await r.continue();
	});
	await page.goto('/import', { waitUntil: 'commit' });
	await page.getByTestId('file-input').setInputFiles(path);
	release();
	const c = card(page, 'early.csv');
	await expect(c).toHaveAttribute('data-state', 'valid');
	await expect(page.getByTestId('import-button')).toBeEnabled();
	await page.unroute('**/_app/immutable/**');
});

test('an .xlsx is not offered the branch picker', async ({ page }) => {
	await page.goto('/import');
	await page
		.getByTestId('file-input')
		.setInputFiles(resolve('tests/fixtures/bad/xlsx-renamed.csv'));
	const c = card(page, 'xlsx-renamed.csv');
	await expect(c).toHaveAttribute('data-state', 'invalid');
	await expect(c.getByTestId('branch-picker')).toHaveCount(0);
});

test('an upload refused by the network or as too large says so, in zh and en', async ({
	page,
	baseURL
}) => {
	const path = tmpFile('office.csv', '支部,月份,支委会\r\n办公室党支部,2024-05,1\r\n');
	// A proxy in front with a smaller body limit answers in plain text.
	await page.route('**/api/trpc/imports.preview', (r) =>
		r.fulfill({
			status: 413,
			contentType: 'text/html',
			body: '<h1>413 Request Entity Too Large</h1>'
		})
	);
	for (const lang of ['zh', 'en'] as const) {
		if (lang === 'en') await setEnglish(page, baseURL);
		await page.goto('/import', { waitUntil: 'networkidle' });
		await page.getByTestId('file-input').setInputFiles(path);
		const alert = card(page, 'office.csv').getByRole('alert');
		await expect(alert).toContainText('413');
		await expect(alert).toContainText(lang === 'zh' ? '过大' : 'too large');
		await page.screenshot({ path: `${SHOTS}/import-too-large-${lang}.png`, fullPage: true });
	}
	await page.unroute('**/api/trpc/imports.preview');
	await page.route('**/api/trpc/imports.preview', (r) => r.abort('connectionreset'));
	await page.goto('/import', { waitUntil: 'networkidle' });
	await page.getByTestId('file-input').setInputFiles(path);
	const alert = card(page, 'office.csv').getByRole('alert');
	await expect(alert).toContainText('connection to the server dropped');
	await expect(alert).not.toContainText('too large');
});

test('an unreadable file shows no row count; one row and one month are written once, in zh and en', async ({
	page,
	baseURL
}) => {
	const oneBad = tmpFile('one-bad-row.csv', '支部,月份,支委会\r\n办公室党支部,2024-06,abc\r\n');
	const xlsx = resolve('tests/fixtures/bad/xlsx-renamed.csv');
	for (const lang of ['zh', 'en'] as const) {
		if (lang === 'en') await setEnglish(page, baseURL);
		await page.goto('/import', { waitUntil: 'networkidle' });
		await page.getByTestId('file-input').setInputFiles([oneBad, xlsx]);
		const unreadable = card(page, 'xlsx-renamed.csv');
		await expect(unreadable).toHaveAttribute('data-state', 'invalid');
		// Nothing was read: no "0 rows (cells are counted once the errors are fixed)".
		await expect(unreadable.locator('dl')).not.toContainText(lang === 'zh' ? '0 行' : '0 rows');
		const bad = card(page, 'one-bad-row.csv');
		await expect(bad).toHaveAttribute('data-state', 'invalid');
		const facts = bad.locator('dl');
		await expect(facts).toContainText(lang === 'zh' ? '1 行' : '1 row;');
		// One month is that month, not "2024-06 – 2024-06".
		await expect(facts).not.toContainText('2024-06 – 2024-06');
		await expect(facts).not.toContainText(/2024-06 (至|to) 2024-06/);
		await expect(facts).toContainText('2024-06');
		if (lang === 'en') await expect(bad).toContainText('Preview (first 1 row;');
		await page.screenshot({ path: `${SHOTS}/import-one-row-${lang}.png`, fullPage: true });
	}
});

test('a one-month import reads its month once in the history and on its page', async ({ page }) => {
	const path = tmpFile(
		'办公室党支部-2018-12.csv',
		'支部,月份,支委会\r\n办公室党支部,2018-12,1\r\n'
	);
	await page.goto('/import', { waitUntil: 'networkidle' });
	await page.getByTestId('file-input').setInputFiles(path);
	await expect(card(page, '办公室党支部-2018-12.csv')).toHaveAttribute('data-state', 'valid');
	await page.getByTestId('import-button').click();
	const applied = page.getByTestId('commit-results').locator('li[data-status="applied"]');
	await expect(applied).toHaveCount(1);
	await applied.locator('a').click();
	await expect(page.locator('main header')).toContainText('2018-12');
	await expect(page.locator('main')).not.toContainText('2018-12 – 2018-12');
	await expect(page.locator('main')).not.toContainText('2018-12 至 2018-12');
	// Leave the store as it was for the reporting-cycle tests that follow.
	await page.getByTestId('revert').click();
	await page.getByTestId('revert-confirm').click();
	await expect(page.getByTestId('reverted')).toBeVisible();
	await page.goto('/imports');
	const row = page.getByTestId('import-history').locator('tbody tr', { hasText: '2018-12' });
	await expect(row).toHaveCount(1);
	await expect(row).not.toContainText(/2018-12 (–|至|to) 2018-12/);
});
