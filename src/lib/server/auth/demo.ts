/**
 * The demo database's accounts (made by `demo-db` only; a real database never has them). The sign-in
 * page lists them, with their password, only when the database is the demo one.
 */
import type { Role } from '../../domain/roles';
import type { Db } from '../db';
import { createAccount } from './accounts';

export const DEMO_PASSWORD = 'pacesetter-demo';

export const DEMO_ACCOUNTS: { username: string; role: Role; branch?: string }[] = [
	{ username: 'demo.admin', role: 'admin' },
	{ username: 'demo.committee', role: 'committee' },
	{ username: 'demo.viewer', role: 'viewer' },
	{ username: 'demo.branch', role: 'branch', branch: 'first-procuratorial' }
];

export async function createDemoAccounts(db: Db): Promise<void> {
	for (const a of DEMO_ACCOUNTS)
		await createAccount(
			db,
			{ ...a, password: DEMO_PASSWORD, mustChangePassword: false },
			{ actor: 'demo-db' }
		);
}
