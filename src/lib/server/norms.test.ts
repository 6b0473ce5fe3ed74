import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normCoverage, seriesFrom } from '../domain/aggregate';
import { configureNorms, metricById, normOf } from '../domain/metrics';
import { openStore, type AppStore } from './app';
import { listAudit } from './audit';
import { applyNorms, loadNorms, setNorm, storedNorms } from './norms';
import { signedInContext, testDbLocation } from './test-fixtures';
import { appRouter } from './trpc/router';

const dir = mkdtempSync(join(tmpdir(), 'norms-'));

afterEach(() => configureNorms({}));

describe('configured norms', () => {
	it('override the catalogue defaults everywhere normOf is used', () => {
		const path = join(dir, 'norms.json');
		writeFileSync(
			path,
			JSON.stringify({ study_sessions: { min: 2, per: 'month' }, party_days: null })
		);
		loadNorms(path);
		expect(normOf(metricById('study_sessions'))).toEqual({ min: 2, per: 'month' });
		expect(normOf(metricById('party_days'))).toBeNull();
		expect(normOf(metricById('committee_meetings'))).toEqual({ min: 1, per: 'month' });
		const s = seriesFrom([{ metric: 'study_sessions', month: '2020-01', value: 3 }]);
		const p = { from: '2020-01', to: '2020-01' };
		expect(normCoverage(s, metricById('study_sessions'), p)!.met).toBe(1);
	});

	it('are the defaults when there is no file', () => {
		loadNorms(join(dir, 'absent.json'));
		expect(normOf(metricById('study_sessions'))).toEqual({ min: 4, per: 'month' });
	});

	it('refuse a malformed file, naming it and the problem', () => {
		const path = join(dir, 'bad.json');
		writeFileSync(path, JSON.stringify({ study_session: { min: 4, per: 'week' } }));
		expect(() => loadNorms(path)).toThrow(/bad\.json: .*study_session/);
	});
});

describe('norms set in the app', () => {
	let stores: AppStore[] = [];
	const fresh = async (
		path = testDbLocation(join(mkdtempSync(join(tmpdir(), 'norms-db-')), 'n.db'))
	) => {
		const store = await openStore({ dbPath: path, normsPath: join(dir, 'absent.json') });
		stores.push(store);
		return store;
	};
	afterEach(async () => {
		for (const s of stores) await s.close();
		stores = [];
	});
	const view = {
		from: '2020-01',
		to: '2020-12',
		metrics: ['general_meetings' as const],
		norm: 'raw' as const,
		cmp: 'none' as const
	};

	it('an admin sets, removes and resets a norm; the views follow and each change is audited', async () => {
		const store = await fresh();
		const admin = appRouter.createCaller(await signedInContext(store, 'admin'));
		const rule = async () =>
			(await admin.overview.view(view)).metrics.find((x) => x.id === 'general_meetings')!.rule;
		expect(await rule()).toEqual({ min: 1, per: 'quarter' });

		await admin.settings.setNorm({ metric: 'general_meetings', norm: { min: 2, per: 'month' } });
		expect(await rule()).toEqual({ min: 2, per: 'month' });
		await admin.settings.setNorm({ metric: 'general_meetings', norm: null });
		expect(await rule()).toBeNull();
		const settings = await admin.settings.norms();
		expect(settings.find((s) => s.metric === 'general_meetings')).toMatchObject({
			catalogue: { min: 1, per: 'quarter' },
			stored: null,
			inForce: null
		});
		await admin.settings.setNorm({ metric: 'general_meetings', norm: 'default' });
		expect(await rule()).toEqual({ min: 1, per: 'quarter' });

		const { entries } = await listAudit(store.db, { action: 'settings.norm' });
		expect(entries.map((e) => [e.actor, e.target, e.detail])).toEqual([
			[
				'admin.all',
				'general_meetings',
				{ before: { norm: null }, after: { norm: { min: 1, per: 'quarter' } } }
			],
			[
				'admin.all',
				'general_meetings',
				{ before: { norm: { min: 2, per: 'month' } }, after: { norm: null } }
			],
			[
				'admin.all',
				'general_meetings',
				{ before: { norm: { min: 1, per: 'quarter' } }, after: { norm: { min: 2, per: 'month' } } }
			]
		]);
	});

	it('refuses other roles, ratios and impossible minimums, changing nothing', async () => {
		const store = await fresh();
		const committee = appRouter.createCaller(await signedInContext(store, 'committee'));
		await expect(
			committee.settings.setNorm({ metric: 'general_meetings', norm: null })
		).rejects.toMatchObject({ code: 'FORBIDDEN' });
		await expect(committee.settings.norms()).rejects.toMatchObject({ code: 'FORBIDDEN' });
		const admin = appRouter.createCaller(await signedInContext(store, 'admin'));
		for (const bad of [
			{ metric: 'dues_rate', norm: null },
			{ metric: 'general_meetings', norm: { min: 0, per: 'month' } },
			{ metric: 'general_meetings', norm: { min: 40, per: 'month' } },
			{ metric: 'general_meetings', norm: { min: 1, per: 'week' } }
		])
			await expect(admin.settings.setNorm(bad as never)).rejects.toMatchObject({
				code: 'BAD_REQUEST'
			});
		expect(await storedNorms(store.db)).toEqual({});
		expect((await listAudit(store.db, { action: 'settings.norm' })).total).toBe(0);
	});

	it('a norm set by another process (the CLI, a second server) counts from the next request', async () => {
		const path = testDbLocation(join(mkdtempSync(join(tmpdir(), 'norms-db-')), 'shared.db'));
		const server = await fresh(path);
		const other = await fresh(path);
		await setNorm(other.db, 'party_days', { min: 3, per: 'quarter' }, { actor: 'cli:test' });
		configureNorms({}); // what the server process had installed before
		await applyNorms(server.db);
		expect(normOf(metricById('party_days'))).toEqual({ min: 3, per: 'quarter' });
	});
});
