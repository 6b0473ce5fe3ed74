/**
 * First start: while the database has no account, the server prints a one-time setup link
 * (`/setup?token=…`, valid until used); that page creates the first admin. Only the token's
 * SHA-256 is stored. The CLI `user add --role admin` is the other way.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';
import type { Actor } from '../audit';
import { countAccounts, createAccount, type Account } from './accounts';

const KEY = 'setup_token';
const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** A fresh setup token if the database has no account yet (the previous link stops working). */
export async function issueSetupToken(db: Db): Promise<string | null> {
	if ((await countAccounts(db)) > 0) return null;
	const token = randomBytes(24).toString('base64url');
	await db
		.insertInto('meta')
		.values({ key: KEY, value: digest(token) })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value: digest(token) }))
		.execute();
	return token;
}

/** Whether `token` is the current setup token (and no account exists yet). */
export async function setupTokenValid(db: Db, token: string | null): Promise<boolean> {
	if (!token) return false;
	const row = await db.selectFrom('meta').select('value').where('key', '=', KEY).executeTakeFirst();
	if (!row) return false;
	const a = Buffer.from(row.value);
	const b = Buffer.from(digest(token));
	return a.length === b.length && timingSafeEqual(a, b) && (await countAccounts(db)) === 0;
}

/** Create the first admin with the setup token, which is then used up. */
export async function completeSetup(
	db: Db,
	token: string,
	username: string,
	password: string,
	by: Actor
): Promise<Account | null> {
	if (!(await setupTokenValid(db, token))) return null;
	const account = await createAccount(
		db,
		{ username, role: 'admin', password, mustChangePassword: false },
		{ ...by, actor: `setup:${username.trim().toLowerCase()}` }
	);
	await db.deleteFrom('meta').where('key', '=', KEY).execute();
	return account;
}

/** The link as printed on start: ORIGIN if set, else localhost and PORT. */
export function setupLink(token: string, env: NodeJS.ProcessEnv = process.env): string {
	const origin = env.ORIGIN || `http://localhost:${env.PORT || 3000}`;
	return `${origin.replace(/\/$/, '')}/setup?token=${token}`;
}
