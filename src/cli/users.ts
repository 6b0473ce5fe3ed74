/**
 * CLI account and audit commands: `user add|list|set-role|disable|enable|reset-password|unlock` and
 * `audit`. The actor in the audit trail is `cli:<os user>`. Exit codes as the other commands: 0
 * done, 1 refused (a password or branch that does not qualify), 2 usage error or unknown account.
 */
import { randomBytes } from 'node:crypto';
import { isRole } from '../lib/domain/roles';
import type { AppStore } from '../lib/server/app';
import { listAudit } from '../lib/server/audit';
import {
	AccountError,
	countAccounts,
	createAccount,
	listAccounts,
	resetPassword,
	setDisabled,
	setRole,
	type Account
} from '../lib/server/auth/accounts';
import { liftLock } from '../lib/server/auth/locks';
import { accountErrorMessage } from '../lib/server/auth/messages';

export interface UserFlags {
	lang: 'zh' | 'en';
	json: boolean;
	username?: string;
	role?: string;
	branch?: string;
	passwordStdin: boolean;
	from?: string;
	to?: string;
	user?: string;
	action?: string;
}

export class CliUsage extends Error {}

const out = (text: string) => process.stdout.write(text + '\n');

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	// One line: the password, without its line ending.
	return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
}

/** A password from stdin, or a generated one that is printed once. */
async function passwordFrom(flags: UserFlags): Promise<{ password: string; generated: boolean }> {
	if (flags.passwordStdin) return { password: await readStdin(), generated: false };
	return { password: randomBytes(12).toString('base64url'), generated: true };
}

function accountLine(a: Account): string {
	return [
		a.username,
		a.role,
		a.branch ?? '-',
		a.disabled ? 'disabled' : 'active',
		a.mustChangePassword ? 'must-change-password' : '-',
		a.lastSignInAt ?? 'never'
	].join('\t');
}

function need(value: string | undefined, flag: string): string {
	if (!value) throw new CliUsage(`this command needs ${flag}`);
	return value;
}

function role(flags: UserFlags) {
	const r = need(flags.role, '--role admin|committee|branch|viewer');
	if (!isRole(r)) throw new CliUsage(`--role must be admin, committee, branch or viewer, not ${r}`);
	return r;
}

export async function cmdUser(
	store: AppStore,
	args: string[],
	flags: UserFlags,
	actor: string
): Promise<number> {
	const [sub] = args;
	const by = { actor };
	const locale = flags.lang === 'en' ? 'en' : 'zh-cn';
	const show = (a: Account, extra: Record<string, unknown> = {}) =>
		out(flags.json ? JSON.stringify({ account: a, ...extra }, null, 2) : accountLine(a));
	try {
		switch (sub) {
			case 'add': {
				const username = need(flags.username, '--username U');
				const r = role(flags);
				const { password, generated } = await passwordFrom(flags);
				// The first account is the operator's own (like the setup page); any later one is
				// set for someone else and must be changed at first sign-in.
				const first = (await countAccounts(store.db)) === 0;
				const a = await createAccount(
					store.db,
					{ username, role: r, branch: flags.branch, password, mustChangePassword: !first },
					by
				);
				show(a, generated ? { password } : {});
				if (generated && !flags.json) out(`password: ${password}`);
				return 0;
			}
			case 'list': {
				const all = await listAccounts(store.db);
				if (flags.json) out(JSON.stringify({ accounts: all }, null, 2));
				else for (const a of all) out(accountLine(a));
				return 0;
			}
			case 'set-role': {
				show(
					await setRole(
						store.db,
						need(flags.username, '--username U'),
						role(flags),
						flags.branch,
						by
					)
				);
				return 0;
			}
			case 'disable':
			case 'enable': {
				show(
					await setDisabled(store.db, need(flags.username, '--username U'), sub === 'disable', by)
				);
				return 0;
			}
			case 'reset-password': {
				const username = need(flags.username, '--username U');
				const { password, generated } = await passwordFrom(flags);
				show(await resetPassword(store.db, username, password, by), generated ? { password } : {});
				if (generated && !flags.json) out(`password: ${password}`);
				return 0;
			}
			case 'unlock': {
				const username = need(flags.username, '--username U').toLowerCase();
				const lifted = await liftLock(store.db, `user:${username}`);
				out(flags.json ? JSON.stringify({ username, lifted }) : lifted ? 'unlocked' : 'not locked');
				return 0;
			}
			default:
				throw new CliUsage(
					`user needs a subcommand: add, list, set-role, disable, enable, reset-password, unlock`
				);
		}
	} catch (e) {
		if (!(e instanceof AccountError)) throw e;
		process.stderr.write(`error: ${accountErrorMessage(e, locale)}\n`);
		if (flags.json) out(JSON.stringify({ error: { code: e.code, ...e.params } }));
		return e.code === 'not_found' ? 2 : 1;
	}
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export async function cmdAudit(store: AppStore, flags: UserFlags): Promise<number> {
	for (const [flag, v] of [
		['--from', flags.from],
		['--to', flags.to]
	] as const)
		if (v !== undefined && !DAY.test(v)) throw new CliUsage(`${flag} must be a date YYYY-MM-DD`);
	const { entries } = await listAudit(store.db, {
		from: flags.from,
		to: flags.to,
		actor: flags.user,
		action: flags.action
	});
	if (flags.json) {
		out(JSON.stringify({ events: entries }, null, 2));
		return 0;
	}
	for (const e of entries)
		out(
			[
				e.at,
				e.actor,
				e.role ?? '-',
				e.address ?? '-',
				e.action,
				e.outcome,
				e.target ?? '-',
				e.branch ?? '-',
				JSON.stringify(e.detail)
			].join('\t')
		);
	return 0;
}
