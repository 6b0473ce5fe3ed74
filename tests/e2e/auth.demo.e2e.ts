/**
 * Accounts in the browser: the sign-in page, what each role may do, and the direct requests a
 * crafted client would send, each refused with 401/403 and a clear message, and audited.
 */
import { expect, signIn, test } from './auth';

const REVERT_BATCH = '/api/trpc/imports.revert,imports.revert?batch=1';
const batchBody = JSON.stringify({ 0: { id: 1 }, 1: { id: 2 } });

test.describe('signed out', () => {
	test.use({ role: null });

	test('every page leads to the sign-in page, which lists the demo accounts; Enter submits; errors do not say which part was wrong', async ({
		page
	}) => {
		await page.goto('/imports');
		await expect(page).toHaveURL(/\/login\?next=%2Fimports/);
		await expect(page.getByTestId('demo-accounts')).toContainText('demo.committee');
		await page.getByTestId('login-username').fill('demo.viewer');
		await page.getByTestId('login-password').fill('not-the-password');
		await page.getByTestId('login-password').press('Enter');
		const wrongPassword = await page.getByTestId('login-error').textContent();
		await page.getByTestId('login-username').fill('nobody.here');
		await page.getByTestId('login-password').fill('not-the-password');
		await page.getByTestId('login-password').press('Enter');
		await expect(page.getByTestId('login-error')).toHaveText(wrongPassword!);
		expect(wrongPassword).toContain('用户名或密码不正确');
		// One click signs in as a demo account and goes back where the user was going.
		await page.getByTestId('demo-viewer').click();
		await expect(page).toHaveURL(/\/imports$/);
	});

	test('the unauthenticated batched revert changes nothing', async ({
		page,
		playwright,
		baseURL
	}) => {
		const anonymous = await playwright.request.newContext({ baseURL });
		const r = await anonymous.post(REVERT_BATCH, {
			data: batchBody,
			headers: { 'content-type': 'application/json' }
		});
		expect(r.status()).toBe(401);
		expect(JSON.stringify(await r.json())).toContain('请先登录');
		expect((await anonymous.get('/api/trpc/meta.info')).status()).toBe(401);
		expect((await anonymous.get('/api/export/deck?from=2020-01&to=2020-12')).status()).toBe(401);
		await anonymous.dispose();
		await signIn(page, 'committee');
		await page.goto('/imports');
		await expect(page.getByText('已撤销')).toHaveCount(0);
	});
});

test.describe('a branch organiser', () => {
	test.use({ role: 'branch' });

	test('sees its own branch, not the overview, and is refused revert, other branches’ rows and hidden exports', async ({
		page,
		request,
		baseURL
	}) => {
		await page.goto('/');
		await expect(page).toHaveURL(/\/report$/);
		await expect(page.getByRole('navigation', { name: 'main' })).not.toContainText('总览');
		await expect(page.getByRole('navigation', { name: 'main' })).not.toContainText('审计日志');

		const overview = await page.goto('/?from=2020-01&to=2020-12');
		expect(page.url()).toMatch(/\/report$/);
		void overview;
		const other = await page.goto('/branches/second-procuratorial');
		expect(other?.status()).toBe(403);

		const revert = await request.post(REVERT_BATCH, {
			data: batchBody,
			headers: { 'content-type': 'application/json' }
		});
		expect(revert.status()).toBe(403);
		expect(JSON.stringify(await revert.json())).toContain('支部填报员');

		const foreign = await request.post('/api/trpc/imports.commit', {
			headers: { origin: baseURL! },
			multipart: {
				file: {
					name: 'other.csv',
					mimeType: 'text/csv',
					buffer: Buffer.from('党支部,月份,主题党日\r\n第二检察部党支部,2021-12,3\r\n')
				}
			}
		});
		expect(foreign.status()).toBe(403);
		const message = JSON.stringify(await foreign.json());
		expect(message).toContain('第二检察部党支部: 2');
		expect(message).toContain('other.csv');

		const hidden = await request.get(
			'/api/export/deck?from=2020-01&to=2020-12&branch=second-procuratorial'
		);
		expect(hidden.status()).toBe(403);
		expect(await hidden.text()).toContain('无权');
	});
});

test.describe('an admin', () => {
	test.use({ role: 'admin' });

	test('sees every refusal of the branch organiser in the audit trail', async ({ page }) => {
		await page.goto('/audit?actor=demo.branch&action=denied');
		const rows = page.getByTestId('audit-table').locator('tbody tr');
		await expect(rows.first()).toBeVisible();
		await expect(page.getByTestId('audit-table')).toContainText('imports.revert');
		await expect(page.getByTestId('audit-table')).toContainText('imports.commit');
		await expect(page.getByTestId('audit-table')).toContainText('/api/export/deck');
		await page.goto('/audit?action=sign-in');
		await expect(page.getByTestId('audit-table')).toContainText('失败');
	});

	test('edits the branch registry: an alias another branch has is refused, a new one is saved and audited', async ({
		page
	}) => {
		await page.goto('/admin/branches');
		const row = page.getByTestId('branch-general-office');
		const aliases = row.getByLabel('别名（用 | 分隔）');
		const before = await aliases.inputValue();
		await aliases.fill(`${before} | 一部`);
		await row.getByRole('button', { name: '保存' }).click();
		await expect(page.getByRole('alert')).toContainText(
			'「一部」已是「第一检察部党支部」的名称或别名'
		);
		await page.goto('/admin/branches');
		await aliases.fill(`${before} | 院机关`);
		await row.getByRole('button', { name: '保存' }).click();
		await expect(page.getByText('已保存「办公室党支部」。')).toBeVisible();
		await expect(aliases).toHaveValue(`${before} | 院机关`);
		await page.goto('/audit?action=registry.branch');
		await expect(page.getByTestId('audit-table')).toContainText('general-office');
	});

	test('sets a norm in the app; the overview follows at once and the change is audited', async ({
		page,
		baseURL
	}) => {
		const row = page.getByTestId('norm-general_meetings');
		const compliance = page.getByTestId('compliance-table');
		await page.goto('/admin/norms');
		await expect(row).toContainText('每季度至少 1 次');
		await expect(row).toContainText('指标目录默认');
		try {
			await row.getByLabel('最低次数').fill('2');
			await row.getByLabel('周期').selectOption('month');
			await row.getByRole('button', { name: '保存' }).click();
			await expect(page.getByText('已保存「支部党员大会」的标准。')).toBeVisible();
			await expect(row).toContainText('每月至少 2 次');
			// Who set it, then the catalogue's own, apart by a spaced dot in both languages.
			await expect(row.locator('td.muted')).toHaveText('管理员设定 · 目录默认：每季度至少 1 次');
			await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'en', url: baseURL! }]);
			await page.goto('/admin/norms');
			await expect(row.locator('td.muted')).toHaveText(
				'An administrator · catalogue default: at least 1 a quarter'
			);
			await page.context().clearCookies({ name: 'PARAGLIDE_LOCALE' });
			await page.goto('/');
			await expect(compliance).toContainText('每月至少 2 次');
			await page.goto('/audit?action=settings.norm');
			await expect(page.getByTestId('audit-table')).toContainText('general_meetings');
		} finally {
			await page.goto('/admin/norms');
			await row.getByRole('button', { name: '恢复默认' }).click();
			await expect(row).toContainText('每季度至少 1 次');
		}
		await page.goto('/');
		await expect(compliance).toContainText('每季度至少 1 次');
	});
});

test.describe('a viewer', () => {
	test.use({ role: 'viewer' });

	test('views the overview, is refused revert, accounts and the audit trail', async ({
		page,
		request
	}) => {
		await page.goto('/');
		await expect(page.locator('h1')).toBeVisible();
		const revert = await request.post(REVERT_BATCH, {
			data: batchBody,
			headers: { 'content-type': 'application/json' }
		});
		expect(revert.status()).toBe(403);
		expect((await page.goto('/admin/accounts'))?.status()).toBe(403);
		expect((await page.goto('/audit'))?.status()).toBe(403);
	});

	test('signs out from the user menu, here or everywhere, and is asked to sign in again', async ({
		page
	}) => {
		for (const button of [page.getByTestId('sign-out'), page.getByTestId('sign-out-everywhere')]) {
			await page.goto('/');
			await page.getByTestId('user-menu').locator('summary').click();
			await button.click();
			await expect(page).toHaveURL(/\/login$/);
			await page.goto('/');
			await expect(page).toHaveURL(/\/login$/);
			await expect(page.getByTestId('login-username')).toBeVisible();
			await signIn(page, 'viewer');
		}
	});
});

test.describe('the committee', () => {
	test.use({ role: 'committee' });

	test('sees the audit trail but not the accounts page', async ({ page }) => {
		await page.goto('/audit');
		await expect(page.locator('h1')).toHaveText('审计日志');
		expect((await page.goto('/admin/accounts'))?.status()).toBe(403);
		expect((await page.goto('/admin/norms'))?.status()).toBe(403);
	});
});
