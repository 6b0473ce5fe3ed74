/**
 * Account administration (the admin page and the CLI): create, role and branch, disable, reset
 * password, change one's own. Each change and its audit row are one transaction; a disabled account
 * or a reset password loses its sessions in that same transaction. Rows are better-auth's own
 * (`user`, `account`, `session`); passwords are hashed with its hasher.
 */
import { randomBytes } from 'node:crypto';
import { isRole, type Role } from '../../domain/roles';
import type { Db } from '../db';
import { writeAudit, type Actor } from '../audit';
import { authFor } from './index';

export const PLACEHOLDER_EMAIL_DOMAIN = 'pacesetter.invalid';
const USERNAME = /^[a-z0-9_.]{2,40}$/;
export const MIN_PASSWORD = 10;

export type AccountErrorCode =
	| 'bad_username'
	| 'username_taken'
	| 'bad_role'
	| 'branch_required'
	| 'unknown_branch'
	| 'password_too_short'
	| 'password_is_username'
	| 'wrong_password'
	| 'not_found'
	| 'last_admin';

/** A refused account change; `code` is translated by the page and the CLI. */
export class AccountError extends Error {
	constructor(
		readonly code: AccountErrorCode,
		readonly params: Record<string, string | number> = {}
	) {
		super(`${code}${Object.keys(params).length ? ' ' + JSON.stringify(params) : ''}`);
	}
}

export interface Account {
	id: string;
	username: string;
	role: Role;
	branch: string | null;
	disabled: boolean;
	mustChangePassword: boolean;
	lastSignInAt: string | null;
	createdAt: string;
}

const iso = (v: string | Date | null): string | null =>
	v === null ? null : v instanceof Date ? v.toISOString() : v;

export function normaliseUsername(name: string): string {
	return name.trim().toLowerCase();
}

export function checkPassword(username: string, password: string): void {
	if (password.length < MIN_PASSWORD)
		throw new AccountError('password_too_short', { min: MIN_PASSWORD });
	if (password.trim().toLowerCase() === username.toLowerCase())
		throw new AccountError('password_is_username');
}

async function checkBranch(db: Db, role: Role, branch: string | null | undefined) {
	if (role !== 'branch') return null;
	if (!branch) throw new AccountError('branch_required');
	const row = await db
		.selectFrom('branches')
		.select('slug')
		.where('slug', '=', branch)
		.executeTakeFirst();
	if (!row) throw new AccountError('unknown_branch', { branch });
	return branch;
}

async function hash(db: Db, password: string): Promise<string> {
	const ctx = await (await authFor(db)).$context;
	return ctx.password.hash(password);
}

const newId = () => randomBytes(24).toString('base64url');

function toAccount(r: {
	id: string;
	username: string | null;
	role: string | null;
	branch: string | null;
	banned: number | boolean | null;
	mustChangePassword: number | boolean;
	lastSignInAt: string | Date | null;
	createdAt: string | Date;
}): Account {
	return {
		id: r.id,
		username: r.username ?? '',
		role: isRole(r.role) ? r.role : 'viewer',
		branch: r.branch,
		disabled: Boolean(r.banned),
		mustChangePassword: Boolean(r.mustChangePassword),
		lastSignInAt: iso(r.lastSignInAt),
		createdAt: iso(r.createdAt)!
	};
}

const accountColumns = [
	'id',
	'username',
	'role',
	'branch',
	'banned',
	'mustChangePassword',
	'lastSignInAt',
	'createdAt'
] as const;

export async function listAccounts(db: Db): Promise<Account[]> {
	const rows = await db.selectFrom('user').select(accountColumns).orderBy('username').execute();
	return rows.map(toAccount);
}

export async function findAccount(db: Db, username: string): Promise<Account | null> {
	const row = await db
		.selectFrom('user')
		.select(accountColumns)
		.where('username', '=', normaliseUsername(username))
		.executeTakeFirst();
	return row ? toAccount(row) : null;
}

export async function countAccounts(db: Db): Promise<number> {
	const { n } = await db
		.selectFrom('user')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(n);
}

export interface NewAccount {
	username: string;
	role: Role;
	branch?: string | null;
	password: string;
	/** Whether the password must be changed at first sign-in (an admin-set one: yes). */
	mustChangePassword: boolean;
}

export async function createAccount(db: Db, input: NewAccount, by: Actor): Promise<Account> {
	const username = normaliseUsername(input.username);
	if (!USERNAME.test(username)) throw new AccountError('bad_username');
	if (!isRole(input.role)) throw new AccountError('bad_role', { role: String(input.role) });
	checkPassword(username, input.password);
	const branch = await checkBranch(db, input.role, input.branch);
	const passwordHash = await hash(db, input.password);
	return db.transaction().execute(async (trx) => {
		if (await findAccount(trx, username)) throw new AccountError('username_taken', { username });
		const id = newId();
		const now = new Date().toISOString();
		await trx
			.insertInto('user')
			.values({
				id,
				name: username,
				email: `${username}@${PLACEHOLDER_EMAIL_DOMAIN}`,
				emailVerified: 0,
				image: null,
				createdAt: now,
				updatedAt: now,
				username,
				displayUsername: username,
				role: input.role,
				banned: 0,
				banReason: null,
				banExpires: null,
				branch,
				mustChangePassword: input.mustChangePassword ? 1 : 0,
				lastSignInAt: null
			})
			.execute();
		await trx
			.insertInto('account')
			.values({
				id: newId(),
				accountId: id,
				providerId: 'credential',
				userId: id,
				password: passwordHash,
				createdAt: now,
				updatedAt: now
			})
			.execute();
		await writeAudit(trx, {
			...by,
			action: 'account.create',
			target: username,
			branch,
			detail: { after: { role: input.role, branch } }
		});
		return (await findAccount(trx, username))!;
	});
}

async function mustFind(db: Db, username: string): Promise<Account> {
	const account = await findAccount(db, username);
	if (!account) throw new AccountError('not_found', { username });
	return account;
}

async function activeAdmins(db: Db): Promise<number> {
	const { n } = await db
		.selectFrom('user')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('role', '=', 'admin')
		.where((eb) => eb.or([eb('banned', 'is', null), eb('banned', '=', 0)]))
		.executeTakeFirstOrThrow();
	return Number(n);
}

/** Change an account's role (and branch, for a branch account). Its sessions carry on. */
export async function setRole(
	db: Db,
	username: string,
	role: Role,
	branchIn: string | null | undefined,
	by: Actor
): Promise<Account> {
	if (!isRole(role)) throw new AccountError('bad_role', { role: String(role) });
	const branch = await checkBranch(db, role, branchIn);
	return db.transaction().execute(async (trx) => {
		const before = await mustFind(trx, username);
		if (before.role === 'admin' && role !== 'admin' && (await activeAdmins(trx)) <= 1)
			throw new AccountError('last_admin');
		await trx
			.updateTable('user')
			.set({ role, branch, updatedAt: new Date().toISOString() })
			.where('id', '=', before.id)
			.execute();
		await writeAudit(trx, {
			...by,
			action: 'account.role',
			target: before.username,
			branch: branch ?? before.branch,
			detail: { before: { role: before.role, branch: before.branch }, after: { role, branch } }
		});
		return (await mustFind(trx, username))!;
	});
}

/** Disable (its sessions end at once) or enable an account. */
export async function setDisabled(
	db: Db,
	username: string,
	disabled: boolean,
	by: Actor
): Promise<Account> {
	return db.transaction().execute(async (trx) => {
		const before = await mustFind(trx, username);
		if (disabled && before.role === 'admin' && !before.disabled && (await activeAdmins(trx)) <= 1)
			throw new AccountError('last_admin');
		await trx
			.updateTable('user')
			.set({
				banned: disabled ? 1 : 0,
				banReason: disabled ? 'disabled by an admin' : null,
				updatedAt: new Date().toISOString()
			})
			.where('id', '=', before.id)
			.execute();
		if (disabled) await trx.deleteFrom('session').where('userId', '=', before.id).execute();
		await writeAudit(trx, {
			...by,
			action: disabled ? 'account.disable' : 'account.enable',
			target: before.username,
			branch: before.branch,
			detail: { before: { disabled: before.disabled }, after: { disabled } }
		});
		return (await mustFind(trx, username))!;
	});
}

/** An admin sets a new password: it must be changed at the next sign-in; sessions end. */
export async function resetPassword(
	db: Db,
	username: string,
	password: string,
	by: Actor
): Promise<Account> {
	const account = await mustFind(db, username);
	checkPassword(account.username, password);
	const passwordHash = await hash(db, password);
	return db.transaction().execute(async (trx) => {
		const now = new Date().toISOString();
		await trx
			.updateTable('account')
			.set({ password: passwordHash, updatedAt: now })
			.where('userId', '=', account.id)
			.where('providerId', '=', 'credential')
			.execute();
		await trx
			.updateTable('user')
			.set({ mustChangePassword: 1, updatedAt: now })
			.where('id', '=', account.id)
			.execute();
		await trx.deleteFrom('session').where('userId', '=', account.id).execute();
		await writeAudit(trx, {
			...by,
			action: 'account.password-reset',
			target: account.username,
			branch: account.branch
		});
		return (await mustFind(trx, username))!;
	});
}

/** One's own new password, after checking the current one; other sessions end. */
export async function changeOwnPassword(
	db: Db,
	userId: string,
	current: string,
	next: string,
	keepSessionToken: string | null,
	by: Actor
): Promise<void> {
	const row = await db
		.selectFrom('user')
		.innerJoin('account', 'account.userId', 'user.id')
		.select(['user.username', 'account.password'])
		.where('user.id', '=', userId)
		.where('account.providerId', '=', 'credential')
		.executeTakeFirst();
	if (!row?.password || !row.username) throw new AccountError('not_found', { username: '' });
	const ctx = await (await authFor(db)).$context;
	if (!(await ctx.password.verify({ hash: row.password, password: current })))
		throw new AccountError('wrong_password');
	checkPassword(row.username, next);
	const passwordHash = await ctx.password.hash(next);
	await db.transaction().execute(async (trx) => {
		const now = new Date().toISOString();
		await trx
			.updateTable('account')
			.set({ password: passwordHash, updatedAt: now })
			.where('userId', '=', userId)
			.where('providerId', '=', 'credential')
			.execute();
		await trx
			.updateTable('user')
			.set({ mustChangePassword: 0, updatedAt: now })
			.where('id', '=', userId)
			.execute();
		let q = trx.deleteFrom('session').where('userId', '=', userId);
		if (keepSessionToken) q = q.where('token', '!=', keepSessionToken);
		await q.execute();
		await writeAudit(trx, { ...by, action: 'account.password-change', target: row.username });
	});
}

/** Sign out everywhere: every session of the account ends. */
export async function endAllSessions(db: Db, userId: string, by: Actor): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('session').where('userId', '=', userId).execute();
		await writeAudit(trx, { ...by, action: 'sign-out', detail: { everywhere: true } });
	});
}
