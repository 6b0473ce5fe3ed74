/**
 * Behind a reverse proxy as README documents it: ORIGIN names the address users open. Uploads from
 * that address go through; the same server opened under another address refuses them as cross-site,
 * and the card says so in the user's language (not "too large").
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from './auth';

function csv(): string {
	const path = join(mkdtempSync(join(tmpdir(), 'pacesetter-e2e-')), 'office-2024.csv');
	writeFileSync(path, '支部,月份,支委会\r\n办公室党支部,2024-01,1\r\n');
	return path;
}

test('uploads from ORIGIN pass, from another address they are refused as cross-site', async ({
	page,
	baseURL
}) => {
	await page.goto('/import');
	await page.getByTestId('file-input').setInputFiles(csv());
	const card = page.getByTestId('file-card');
	await expect(card).toHaveAttribute('data-state', 'valid', { timeout: 30_000 });

	// The same server at 127.0.0.1: not the ORIGIN users were told to open. (Signing in there is
	// refused as cross-site too; the session is carried over to reach the import page.)
	const other = baseURL!.replace('localhost', '127.0.0.1');
	const context = page.context();
	await context.addCookies(
		(await context.cookies(baseURL)).map(({ name, value }) => ({ name, value, url: other }))
	);
	await page.goto(`${other}/import`);
	await page.getByTestId('file-input').setInputFiles(csv());
	await expect(card).toHaveAttribute('data-state', 'invalid', { timeout: 30_000 });
	await expect(card.getByRole('alert')).toContainText('跨站');
	await expect(card.getByRole('alert')).not.toContainText('过大');
});
