/**
 * What better-auth's rate limiter lacks: failed sign-ins counted per account and per address, a
 * lock for a while after too many, visible to admins, who can lift it.
 */
import type { Db } from '../db';

/** Failures before an account is locked, and before an address is. */
export const ACCOUNT_FAILURES = 5;
export const ADDRESS_FAILURES = 20;
/** How long a lock lasts, and the window failures are counted in. */
export const LOCK_MINUTES = 15;
/** Each failure's answer waits this long times the failures so far (at most 10). */
export const FAILURE_DELAY_MS = 200;

const accountKey = (name: string) => `user:${name}`;
const addressKey = (address: string) => `addr:${address}`;

function keys(name: string, address: string | null): string[] {
	return [...(name ? [accountKey(name)] : []), ...(address ? [addressKey(address)] : [])];
}

/** When the account or address is locked until (ISO), or null. */
export async function lockOf(db: Db, name: string, address: string | null): Promise<string | null> {
	const k = keys(name, address);
	if (k.length === 0) return null;
	const now = new Date().toISOString();
	const row = await db
		.selectFrom('sign_in_failures')
		.select('locked_until')
		.where('key', 'in', k)
		.where('locked_until', '>', now)
		.orderBy('locked_until', 'desc')
		.executeTakeFirst();
	return row?.locked_until ?? null;
}

/** Count a failure for the account and the address; returns the account's count. */
export async function recordFailure(db: Db, name: string, address: string | null): Promise<number> {
	const now = new Date();
	const windowStart = new Date(now.getTime() - LOCK_MINUTES * 60_000).toISOString();
	const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString();
	let accountCount = 0;
	for (const key of keys(name, address)) {
		const row = await db
			.selectFrom('sign_in_failures')
			.selectAll()
			.where('key', '=', key)
			.executeTakeFirst();
		const failures = row && row.last_at >= windowStart ? row.failures + 1 : 1;
		const limit = key.startsWith('user:') ? ACCOUNT_FAILURES : ADDRESS_FAILURES;
		const locked = failures >= limit ? lockedUntil : (row?.locked_until ?? null);
		if (key.startsWith('user:')) accountCount = failures;
		await db
			.insertInto('sign_in_failures')
			.values({ key, failures, last_at: now.toISOString(), locked_until: locked })
			.onConflict((oc) =>
				oc.column('key').doUpdateSet({ failures, last_at: now.toISOString(), locked_until: locked })
			)
			.execute();
	}
	return accountCount;
}

/** A successful sign-in forgets the account's and the address's failures. */
export async function clearFailures(db: Db, name: string, address: string | null): Promise<void> {
	const k = keys(name, address);
	if (k.length) await db.deleteFrom('sign_in_failures').where('key', 'in', k).execute();
}

export interface Lock {
	/** `user:<name>` or `addr:<address>`. */
	key: string;
	failures: number;
	lockedUntil: string;
}

/** The locks in force now. */
export async function activeLocks(db: Db): Promise<Lock[]> {
	const rows = await db
		.selectFrom('sign_in_failures')
		.selectAll()
		.where('locked_until', '>', new Date().toISOString())
		.orderBy('key')
		.execute();
	return rows.map((r) => ({ key: r.key, failures: r.failures, lockedUntil: r.locked_until! }));
}

/** Lift a lock (an admin's action): the key's failures are forgotten. */
export async function liftLock(db: Db, key: string): Promise<boolean> {
	const r = await db.deleteFrom('sign_in_failures').where('key', '=', key).executeTakeFirst();
	return Number(r.numDeletedRows) > 0;
}
