/** Lockout, disabling, password rules and the audit row in the same transaction (real SQLite file). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore, type AppStore } from '../app';
import { listAudit } from '../audit';
import { applyImport } from '../imports';
import { runPipeline } from '../../import/pipeline';
import { loadRegistry } from '../app';
import { AccountError, createAccount, resetPassword, setDisabled, setRole } from './accounts';
import { ACCOUNT_FAILURES, activeLocks, liftLock } from './locks';
import { authFor } from './index';
import { sessionOf, setComparisonsShared, signIn } from './session';
import { testDbLocation } from '../test-fixtures';

let dir: string;
let store: AppStore;
const client = { address: '10.0.0.7', agent: 'vitest' };
const by = { actor: 'cli:test' };

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-accounts-'));
	store = await openStore({ dbPath: testDbLocation(join(dir, 'a.db')) });
});
afterEach(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

async function login(username: string, password: string, address = client.address) {
	const jar = new Map<string, string>();
	const cookies = { set: (k: string, v: string) => jar.set(k, v) } as never;
	const result = await signIn(
		store.db,
		new Request('http://localhost/login', { method: 'POST' }),
		cookies,
		{ ...client, address },
		username,
		password
	);
	const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
	return { result, cookie };
}

const session = (cookie: string) =>
	sessionOf(store.db, new Request('http://localhost/', { headers: { cookie } }), client);

describe('accounts', () => {
	it('refuses short passwords and the username as password; no email is ever asked for', async () => {
		const add = (password: string) =>
			createAccount(
				store.db,
				{ username: 'zhang.san', role: 'viewer', password, mustChangePassword: true },
				by
			);
		await expect(add('short')).rejects.toMatchObject({ code: 'password_too_short' });
		await expect(add('Zhang.San')).rejects.toBeInstanceOf(AccountError);
		await expect(add('zhang.san ')).rejects.toMatchObject({ code: 'password_is_username' });
		const a = await add('a-long-enough-one');
		expect(a).toMatchObject({ username: 'zhang.san', role: 'viewer', mustChangePassword: true });
	});

	it('a branch account needs exactly one existing branch', async () => {
		const add = (branch?: string) =>
			createAccount(
				store.db,
				{
					username: 'org1',
					role: 'branch',
					branch,
					password: 'org1-password',
					mustChangePassword: true
				},
				by
			);
		await expect(add()).rejects.toMatchObject({ code: 'branch_required' });
		await expect(add('nowhere')).rejects.toMatchObject({ code: 'unknown_branch' });
		expect((await add('first-procuratorial')).branch).toBe('first-procuratorial');
	});

	it('an unknown name and a wrong password get the same answer', async () => {
		await createAccount(
			store.db,
			{ username: 'li.si', role: 'viewer', password: 'li-si-password', mustChangePassword: false },
			by
		);
		expect((await login('li.si', 'wrong-password')).result).toEqual({
			ok: false,
			reason: 'invalid'
		});
		expect((await login('nobody', 'wrong-password')).result).toEqual({
			ok: false,
			reason: 'invalid'
		});
		const ok = await login('LI.SI', 'li-si-password');
		expect(ok.result).toEqual({ ok: true });
		expect((await session(ok.cookie))?.username).toBe('li.si');
	});

	it(`locks an account after ${ACCOUNT_FAILURES} failures, even with the right password, until an admin lifts it`, async () => {
		await createAccount(
			store.db,
			{ username: 'wang', role: 'viewer', password: 'wang-password', mustChangePassword: false },
			by
		);
		for (let i = 0; i < ACCOUNT_FAILURES; i++)
			expect((await login('wang', `wrong-${i}-password`, `10.0.1.${i}`)).result.ok).toBe(false);
		expect((await login('wang', 'wang-password', '10.0.2.1')).result).toEqual({
			ok: false,
			reason: 'locked'
		});
		expect((await activeLocks(store.db)).map((l) => l.key)).toContain('user:wang');
		expect(await liftLock(store.db, 'user:wang')).toBe(true);
		expect((await login('wang', 'wang-password', '10.0.2.1')).result).toEqual({ ok: true });
		const { entries } = await listAudit(store.db, { actor: 'wang', action: 'sign-in' });
		expect(entries.map((e) => e.outcome)).toEqual([
			'ok',
			'denied',
			...Array(ACCOUNT_FAILURES).fill('failed')
		]);
	}, 120_000);

	it('a disabled account loses its sessions at once and cannot sign in', async () => {
		await createAccount(
			store.db,
			{ username: 'zhao', role: 'committee', password: 'zhao-password', mustChangePassword: false },
			by
		);
		const { cookie } = await login('zhao', 'zhao-password');
		expect(await session(cookie)).not.toBeNull();
		await setDisabled(store.db, 'zhao', true, by);
		expect(await session(cookie)).toBeNull();
		expect((await login('zhao', 'zhao-password')).result).toEqual({
			ok: false,
			reason: 'disabled'
		});
		const { entries } = await listAudit(store.db, { action: 'account.disable' });
		expect(entries[0]).toMatchObject({
			actor: 'cli:test',
			target: 'zhao',
			detail: { before: { disabled: false }, after: { disabled: true } }
		});
	});

	it('a reset password ends the sessions and must be changed at the next sign-in', async () => {
		await createAccount(
			store.db,
			{ username: 'qian', role: 'viewer', password: 'qian-password', mustChangePassword: false },
			by
		);
		const { cookie } = await login('qian', 'qian-password');
		await resetPassword(store.db, 'qian', 'temporary-pass', by);
		expect(await session(cookie)).toBeNull();
		const again = await login('qian', 'temporary-pass');
		expect((await session(again.cookie))?.mustChangePassword).toBe(true);
	});

	it('the last active admin cannot be demoted or disabled', async () => {
		await createAccount(
			store.db,
			{ username: 'root1', role: 'admin', password: 'root1-password', mustChangePassword: false },
			by
		);
		await expect(setRole(store.db, 'root1', 'viewer', null, by)).rejects.toMatchObject({
			code: 'last_admin'
		});
		await expect(setDisabled(store.db, 'root1', true, by)).rejects.toMatchObject({
			code: 'last_admin'
		});
	});
});

describe('audit rows share the transaction of what they record', () => {
	it('an import whose audit write fails is not applied', async () => {
		const registry = await loadRegistry(store.db);
		const parsed = runPipeline(
			new TextEncoder().encode(`党支部,月份,主题党日\r\n第一检察部党支部,2020-02,3\r\n`),
			registry,
			{ fileName: 'a.csv' }
		);
		await expect(
			applyImport(store.db, parsed, {
				by: 'x',
				audit: async (trx) => {
					await trx
						.insertInto('audit_log')
						.values({
							at: 'x',
							actor: 'x',
							action: 'import',
							outcome: 'ok',
							role: null,
							address: null,
							agent: null,
							target: null,
							branch: null
						})
						.execute();
					throw new Error('disk full');
				}
			})
		).rejects.toThrow('disk full');
		expect(await store.db.selectFrom('imports').selectAll().execute()).toEqual([]);
		expect((await listAudit(store.db, { action: 'import' })).total).toBe(0);
	});

	it('an account change and its audit row are written together', async () => {
		await createAccount(
			store.db,
			{ username: 'sun', role: 'viewer', password: 'sun-password', mustChangePassword: false },
			by
		);
		await setRole(store.db, 'sun', 'committee', null, by);
		const { entries } = await listAudit(store.db, { action: 'account.role' });
		expect(entries[0].detail).toEqual({
			before: { role: 'viewer', branch: null },
			after: { role: 'committee', branch: null }
		});
	});

	it('reuses a session looked up by one instance until another changes the account or ends the session', async () => {
		await createAccount(
			store.db,
			{ username: 'qian', role: 'viewer', password: 'qian-password', mustChangePassword: false },
			by
		);
		const first = (await login('qian', 'qian-password')).cookie;
		const second = (await login('qian', 'qian-password')).cookie;
		// Another app instance (or the CLI) on the same store: its own connections and caches.
		const other = await openStore({ dbPath: store.path });
		const auth = await authFor(store.db);
		const lookups = vi.spyOn(auth.api, 'getSession');
		try {
			expect((await session(first))?.role).toBe('viewer');
			expect((await session(first))?.role).toBe('viewer');
			expect(lookups).toHaveBeenCalledTimes(1);
			await setRole(other.db, 'qian', 'committee', null, by);
			expect((await session(first))?.role).toBe('committee');
			await setComparisonsShared(other.db, true, by);
			await setRole(other.db, 'qian', 'branch', 'first-procuratorial', by);
			expect(await session(first)).toMatchObject({ role: 'branch', shared: true });
			// Signed out on the other instance: that session ends here too, the other one stays.
			expect((await session(second))?.role).toBe('branch');
			await other.db
				.deleteFrom('session')
				.where('token', '=', (await session(first))!.sessionToken)
				.execute();
			expect(await session(first)).toBeNull();
			expect((await session(second))?.role).toBe('branch');
			await setDisabled(other.db, 'qian', true, by);
			expect(await session(second)).toBeNull();
		} finally {
			lookups.mockRestore();
			await other.close();
		}
	});

	it('reuses a looked-up session only until something is written: a role change or disabling counts at once', async () => {
		await createAccount(
			store.db,
			{ username: 'zhou', role: 'viewer', password: 'zhou-password', mustChangePassword: false },
			by
		);
		const { cookie } = await login('zhou', 'zhou-password');
		const auth = await authFor(store.db);
		const lookups = vi.spyOn(auth.api, 'getSession');
		try {
			expect((await session(cookie))?.role).toBe('viewer');
			expect((await session(cookie))?.role).toBe('viewer');
			expect(lookups).toHaveBeenCalledTimes(1);
			// Another cookie (forged or of another session) is never answered from the first one's.
			expect(await session(cookie.replace(/=([^;]{4})/, '=XXXX'))).toBeNull();
			await setRole(store.db, 'zhou', 'committee', null, by);
			expect((await session(cookie))?.role).toBe('committee');
			await setDisabled(store.db, 'zhou', true, by);
			expect(await session(cookie)).toBeNull();
		} finally {
			lookups.mockRestore();
		}
	});
});
