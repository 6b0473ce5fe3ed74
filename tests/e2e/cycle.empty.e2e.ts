/**
 * A whole reporting month in the browser, on the fresh store (after the import tests): two branch
 * organisers hand in their files (one with an error they fix), the committee sends one back with a
 * comment, the organiser resubmits, the committee accepts both. The reporting matrix, the overview's
 * completeness line and the 催报 list show the right states at each step; an organiser cannot accept
 * their own submission nor see another branch's.
 */
import type { Browser, Page } from '@playwright/test';
import { expect, test } from './auth';

test.use({ role: 'admin' });

/** The month due now: last month, in China. */
const now = new Date(Date.now() + 8 * 3600_000);
const MONTH = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
	.toISOString()
	.slice(0, 7);
const SHOTS = process.env.CYCLE_SHOTS;

const run = Math.random().toString(36).slice(2, 7);
const organisers = {
	first: { username: `org1.${run}`, branch: 'first-procuratorial', name: '第一检察部党支部' },
	second: { username: `org2.${run}`, branch: 'second-procuratorial', name: '第二检察部党支部' }
};
const TEMP_PASSWORD = `temp-${run}-password`;
const PASSWORD = `cycle-${run}-password`;

const file = (name: string, branch: string, days: string) => ({
	name,
	mimeType: 'text/csv',
	buffer: Buffer.from(`党支部,月份,主题党日,集体学习\r\n${branch},${MONTH},${days},4\r\n`)
});

/** A branch organiser's own browser: first sign-in changes the admin-set password. */
async function organiserPage(browser: Browser, baseURL: string, username: string): Promise<Page> {
	const context = await browser.newContext({ baseURL, locale: 'zh-CN' });
	const page = await context.newPage();
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByTestId('login-username').fill(username);
	await page.getByTestId('login-password').fill(TEMP_PASSWORD);
	await page.getByTestId('login-password').press('Enter');
	await expect(page.getByTestId('must-change')).toBeVisible();
	await page.locator('input[name=current]').fill(TEMP_PASSWORD);
	await page.locator('input[name=password]').fill(PASSWORD);
	await page.locator('input[name=confirm]').fill(PASSWORD);
	await page.getByRole('button', { name: '修改密码' }).click();
	await page.goto('/');
	await expect(page).toHaveURL(/\/report$/);
	return page;
}

async function submit(page: Page, f: ReturnType<typeof file>, valid = true) {
	await page.getByTestId('file-input').setInputFiles(f);
	const card = page.locator(`[data-testid="file-card"][data-file="${f.name}"]`);
	await expect(card).toHaveAttribute('data-state', valid ? 'valid' : 'invalid');
	if (!valid) return card;
	await page.getByTestId('submit-button').click();
	await expect(page.getByTestId('commit-results')).toContainText('等待机关党委审核');
	return card;
}

const cellOf = (page: Page, branch: string) =>
	page.locator(`[data-testid="cycle-cell"][data-branch="${branch}"][data-month="${MONTH}"]`);

async function matrixStates(page: Page, states: Record<string, string>) {
	await page.goto(`/reports?from=${MONTH}&to=${MONTH}`);
	for (const [branch, state] of Object.entries(states))
		await expect(cellOf(page, branch)).toHaveAttribute('data-state', state);
}

async function pendingBranches(page: Page) {
	await page.goto(`/review?month=${MONTH}`);
	return page
		.getByTestId('pending-branch')
		.evaluateAll((els) =>
			els.map((e) => `${e.getAttribute('data-branch')}:${e.getAttribute('data-state')}`)
		);
}

test('a whole reporting month: submit, send back, resubmit, accept', async ({
	page,
	browser,
	baseURL,
	request
}) => {
	test.setTimeout(240_000);
	// The admin makes the two organisers' accounts (they change the password at first sign-in).
	for (const o of Object.values(organisers)) {
		const r = await request.post('/api/trpc/accounts.create', {
			data: { username: o.username, role: 'branch', branch: o.branch, password: TEMP_PASSWORD }
		});
		expect(r.status()).toBe(200);
	}
	const first = await organiserPage(browser, baseURL!, organisers.first.username);
	const second = await organiserPage(browser, baseURL!, organisers.second.username);

	// Both months are due and not reported yet.
	await expect(
		first.locator(`[data-testid="report-month"][data-month="${MONTH}"]`)
	).toHaveAttribute('data-state', 'missing');
	await expect(first.getByTestId('months-due')).toContainText(MONTH);
	const template = await first.request.get('/report/template.csv');
	expect(await template.text()).toContain(`第一检察部党支部,${MONTH}`);

	// 1. The first organiser's file has an error: not submitted; the fixed one is.
	const bad = await submit(first, file('first-bad.csv', organisers.first.name, '两次'), false);
	await expect(first.getByTestId('submit-button')).toBeDisabled();
	await bad.getByRole('button', { name: /移除/ }).click();
	await submit(first, file('first.csv', organisers.first.name, '2'));
	await expect(first.getByTestId('submission').first()).toHaveAttribute('data-status', 'pending');
	if (SHOTS) await first.screenshot({ path: `${SHOTS}/organiser-zh.png`, fullPage: true });

	// 2. The second organiser submits.
	await submit(second, file('second.csv', organisers.second.name, '1'));

	// The committee's views: both pending; the other six to remind.
	await matrixStates(page, {
		'first-procuratorial': 'pending',
		'second-procuratorial': 'pending',
		'general-office': 'missing'
	});
	await expect(page.getByTestId('cycle-line')).toContainText(`${MONTH}：已采用 0/8，待审核 2`);
	const six = await pendingBranches(page);
	expect(six).toHaveLength(6);
	expect(six.join()).not.toMatch(/first-procuratorial|second-procuratorial/);
	await expect(page.getByTestId('reminder-text').first()).toHaveValue(
		new RegExp(`${MONTH.slice(0, 4)}年${Number(MONTH.slice(5))}月.*应于`)
	);

	// 3. An organiser cannot accept their own submission, see the queue, or another branch's file.
	const mine = await first.request.get(
		`/api/trpc/cycle.mine?input=${encodeURIComponent(JSON.stringify({}))}`
	);
	const ownId = ((await mine.json()) as { result: { data: { submissions: { id: number }[] } } })
		.result.data.submissions[0].id;
	const accept = await first.request.post('/api/trpc/cycle.accept', {
		data: { id: ownId, expected: { new: 2, replaced: 0, unchanged: 0 } }
	});
	expect(accept.status()).toBe(403);
	expect((await first.request.get('/review')).status()).toBe(403);
	const other = await first.request.get(`/submissions/${ownId + 1}/file`);
	expect(other.status()).toBe(403);

	// 4. The committee sends the second back with a comment.
	await page.goto('/review');
	const secondItem = page.locator(
		'[data-testid="review-item"][data-branch="second-procuratorial"]'
	);
	await expect(secondItem.getByTestId('send-back')).toBeDisabled();
	await secondItem.getByTestId('comment').fill('主题党日次数与台账不符，请核对');
	await secondItem.getByTestId('send-back').click();
	await expect(page.getByTestId('review-notice')).toContainText('已退回');
	await matrixStates(page, {
		'first-procuratorial': 'pending',
		'second-procuratorial': 'returned'
	});
	expect(await pendingBranches(page)).toContain('second-procuratorial:returned');
	await expect(
		page.locator('[data-testid="pending-branch"][data-branch="second-procuratorial"] textarea')
	).toHaveValue(/主题党日次数与台账不符/);
	await page
		.locator('[data-testid="pending-branch"][data-branch="second-procuratorial"]')
		.getByTestId('record-reminder')
		.click();
	await expect(
		page.locator('[data-testid="pending-branch"][data-branch="second-procuratorial"]')
	).toContainText('已催报');

	// 5. The organiser sees why, and submits the corrected file.
	await second.reload();
	const row = second.locator(`[data-testid="report-month"][data-month="${MONTH}"]`);
	await expect(row).toHaveAttribute('data-state', 'returned');
	await expect(row).toContainText('主题党日次数与台账不符');
	await submit(second, file('second-fixed.csv', organisers.second.name, '2'));

	// 6. The committee accepts both.
	await page.goto('/review');
	await expect(page.getByTestId('review-item')).toHaveCount(2);
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/review-zh.png`, fullPage: true });
	for (const branch of ['first-procuratorial', 'second-procuratorial']) {
		const item = page.locator(`[data-testid="review-item"][data-branch="${branch}"]`);
		await expect(item.getByTestId('plan-new')).toContainText('2');
		await item.getByTestId('accept').click();
		await expect(page.getByTestId('review-notice')).toContainText('已采用');
		await expect(item).toHaveCount(0);
	}
	await expect(page.getByTestId('queue-empty')).toBeVisible();
	await matrixStates(page, {
		'first-procuratorial': 'accepted',
		'second-procuratorial': 'accepted',
		'fourth-procuratorial': 'missing'
	});
	if (SHOTS) await page.screenshot({ path: `${SHOTS}/matrix-zh.png`, fullPage: true });
	const left = await pendingBranches(page);
	expect(left).toHaveLength(6);
	expect(left.join()).not.toMatch(/first-procuratorial|second-procuratorial/);

	// The overview (its period now ends with this month) says how complete the month is.
	await page.goto('/');
	await expect(page.getByTestId('cycle-line')).toContainText(
		`${MONTH}：已采用 2/8，待审核 0，已退回 0，未报送 6`
	);

	// The organisers see their month accepted.
	await first.goto('/report');
	await expect(
		first.locator(`[data-testid="report-month"][data-month="${MONTH}"]`)
	).toHaveAttribute('data-state', 'accepted');
	await first.context().close();
	await second.context().close();
});
