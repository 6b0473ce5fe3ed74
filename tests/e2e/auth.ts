/**
 * Browser tests sign in the way users do: the sign-in page, username and password, Enter. On the
 * demo server the accounts are the demo database's; on the empty one, the admin `tests/e2e.sh`
 * created with `cli user add --password-stdin`. `test` signs its page in as `role` (default
 * committee; `test.use({ role: 'viewer' })`, or `role: null` for a signed-out page).
 */
import { test as base, expect, type Page } from '@playwright/test';

export type E2ERole = 'admin' | 'committee' | 'viewer' | 'branch';

const DEMO_PASSWORD = 'pacesetter-demo';

function credentials(baseURL: string | undefined, role: E2ERole) {
	// The fresh databases (empty, the one behind ORIGIN, PostgreSQL's) hold the one admin the
	// scripts made.
	const fresh = [
		process.env.E2E_PORT_EMPTY ?? 4311,
		process.env.E2E_PORT_ORIGIN ?? 4313,
		process.env.E2E_PORT_PG ?? 4314
	].some((port) => baseURL?.endsWith(`:${port}`));
	if (fresh) return { username: 'e2e.admin', password: process.env.E2E_ADMIN_PASSWORD ?? '' };
	return { username: `demo.${role}`, password: DEMO_PASSWORD };
}

/** Sign in on the sign-in page (typed, Enter submits) and wait to leave it. */
export async function signIn(page: Page, role: E2ERole, baseURL?: string): Promise<void> {
	const { username, password } = credentials(baseURL, role);
	// After hydration: typing into the server-rendered form before it would be reset.
	await page.goto('/login', { waitUntil: 'networkidle' });
	await page.getByTestId('login-username').fill(username);
	await page.getByTestId('login-password').fill(password);
	await page.getByTestId('login-password').press('Enter');
	await expect(page).not.toHaveURL(/\/login/);
}

export const test = base.extend<{ role: E2ERole | null }>({
	role: ['committee', { option: true }],
	page: async ({ page, role, baseURL }, use) => {
		if (role) await signIn(page, role, baseURL);
		await use(page);
	},
	// Direct requests carry the signed-in page's cookies, as a browser's own requests do.
	request: async ({ page }, use) => {
		await use(page.request);
	}
});

export { expect };
