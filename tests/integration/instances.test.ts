/**
 * Two app instances (the built server, started as `npm start` starts it, on two ports) on one
 * store: PostgreSQL under `tests/pg.sh` (PACESETTER_DATABASE_URL), else one SQLite file. A session
 * made on one is valid on the other, an import through one shows on the other's next request (its
 * per-data-version caches follow), and sign-in failures and rate limits count across both.
 * Needs `npm run build`.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type AppStore } from '../../src/lib/server/app';
import { isPostgresUrl } from '../../src/lib/server/db';
import { createAccount } from '../../src/lib/server/auth/accounts';
import { testDbLocation } from '../../src/lib/server/test-fixtures';
import {
	multipart,
	MULTIPART,
	request,
	ROOT as root,
	startBuiltServer,
	type BuiltServer
} from './server';

let dir: string;
let location: string;
let store: AppStore;
const servers: BuiltServer[] = [];
let a: number;
let b: number;
const PASSWORD = 'two-instances-password';

/** An instance on the shared store. */
async function start(): Promise<number> {
	const server = await startBuiltServer(
		isPostgresUrl(location)
			? { PACESETTER_DATABASE_URL: location, PACESETTER_DB: undefined }
			: { PACESETTER_DB: location, PACESETTER_DATABASE_URL: '' }
	);
	servers.push(server);
	return server.port;
}

/** POST /login as a user does; the session cookie, or null when refused. */
async function signIn(port: number, username: string, password: string): Promise<string | null> {
	const res = await request(port, '/login', {
		method: 'POST',
		headers: {
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			origin: `http://127.0.0.1:${port}`
		},
		body: Buffer.from(`username=${username}&password=${encodeURIComponent(password)}`)
	});
	const set = res.headers['set-cookie'] ?? [];
	if (res.status !== 303 || !set.some((c) => c.includes('session_token'))) return null;
	return set.map((c) => c.split(';')[0]).join('; ');
}

beforeAll(async () => {
	if (!existsSync(join(root, 'build/index.js'))) throw new Error('run `npm run build` first');
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-instances-'));
	location = testDbLocation(join(dir, 'shared.db'));
	store = await openStore({ dbPath: location });
	for (const username of ['one.committee', 'two.committee'])
		await createAccount(
			store.db,
			{ username, role: 'committee', password: PASSWORD, mustChangePassword: false },
			{ actor: 'test-setup' }
		);
	[a, b] = await Promise.all([start(), start()]);
}, 180_000);

afterAll(async () => {
	await Promise.all(servers.map((s) => s.stop()));
	await store?.close();
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('two app instances on one store', () => {
	it('accept on one a session made on the other', async () => {
		const cookie = await signIn(a, 'one.committee', PASSWORD);
		expect(cookie).not.toBeNull();
		const list = (port: number, c = cookie!) =>
			request(port, '/api/trpc/imports.list', { headers: { cookie: c } });
		expect((await list(b)).status).toBe(200);
		expect((await list(b, 'better-auth.session_token=forged')).status).toBe(401);
	});

	it('show an import made through one on the other’s next request', async () => {
		const cookie = (await signIn(b, 'one.committee', PASSWORD))!;
		// The overview's answer, which instance b keeps in its per-data-version cache.
		const view = {
			from: '2021-03',
			to: '2021-03',
			metrics: ['party_days'],
			norm: 'raw',
			cmp: 'none'
		};
		const partyDays = async () => {
			const res = await request(
				b,
				`/api/trpc/overview.view?input=${encodeURIComponent(JSON.stringify(view))}`,
				{ headers: { cookie } }
			);
			expect(res.status, res.body).toBe(200);
			return res.body;
		};
		const commit = (days: number) =>
			request(a, '/api/trpc/imports.commit', {
				method: 'POST',
				headers: {
					cookie,
					origin: `http://127.0.0.1:${a}`,
					'content-type': MULTIPART
				},
				body: multipart(
					`days-${days}.csv`,
					`党支部,月份,主题党日\r\n第一检察部党支部,2021-03,${days}\r\n`
				)
			});
		expect((await commit(4)).status).toBe(200);
		const four = await partyDays();
		expect(await partyDays()).toBe(four); // answered from b's cache
		const committed = await commit(7);
		expect(committed.status, committed.body).toBe(200);
		const seven = await partyDays();
		expect(seven).not.toBe(four);
		expect(await partyDays()).toBe(seven);
	});

	it('count sign-in failures and rate limits across both', async () => {
		// Five failures for one account, alternating instances, lock it on both.
		for (let i = 0; i < 5; i++)
			expect(await signIn(i % 2 ? a : b, 'two.committee', 'wrong-password!')).toBeNull();
		expect(await signIn(a, 'two.committee', PASSWORD)).toBeNull();
		expect(await signIn(b, 'two.committee', PASSWORD)).toBeNull();
		// better-auth's rate-limit counter lives in the store: every sign-in on either instance counts.
		const { rows } = await sql<{ key: string; count: number }>`
			select ${sql.ref('key')}, ${sql.ref('count')} from ${sql.table('rateLimit')}`.execute(store.db);
		const signIns = rows.filter((r) => r.key.includes('/sign-in/username'));
		expect(signIns.reduce((sum, r) => sum + Number(r.count), 0)).toBeGreaterThanOrEqual(9);
	}, 60_000);
});
