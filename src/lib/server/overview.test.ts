import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METRIC_IDS, type MetricId } from '../domain/metrics';
import type { OpenedDb } from './db';
import { applyImport, revertImport } from './imports';
import { overviewView } from './overview';
import type { OverviewView } from '../views/overview-view';
import { appRouter } from './trpc/router';
import { memoryStore, parsedFile, signedInContext, type CellSpec } from './test-fixtures';

let store: OpenedDb;

const longFile = (name: string, specs: CellSpec[]) => parsedFile(name, specs, { format: 'long' });

const monthsOf = (branch: string, metric: MetricId, from: number, values: (number | null)[]) =>
	values.flatMap((v, i): CellSpec[] =>
		v === null ? [] : [[branch, `2020-0${from + i}`, metric, v]]
	);

beforeEach(async () => {
	store = await memoryStore(3);
	await applyImport(
		store.db,
		longFile('a.csv', [
			...monthsOf('a', 'party_days', 1, [1, 0, 2, 1, 1, 1]),
			...monthsOf('a', 'members', 1, [10, 10, 10, 10, 10, 10]),
			...monthsOf('a', 'cases_total', 1, [10, 10]),
			...monthsOf('a', 'cases_by_leaders', 1, [3, 0]),
			...monthsOf('a', 'general_meetings', 1, [1, null, null, null, 0, 0]),
			['a', '2019-12', 'party_days', 3],
			['a', '2019-03', 'measures_proposed', 10],
			['a', '2019-03', 'measures_completed', 2],
			['a', '2020-02', 'measures_proposed', 0],
			['a', '2020-02', 'measures_completed', 5]
		]),
		{ by: 'test', now: new Date('2021-03-04T05:06:07Z') }
	);
	await applyImport(
		store.db,
		longFile('b.csv', [
			...monthsOf('b', 'party_days', 1, [2, 2]),
			...monthsOf('b', 'members', 1, [20, 30]),
			...monthsOf('b', 'cases_total', 1, [5]),
			...monthsOf('b', 'cases_by_leaders', 1, [5, 2])
		]),
		{ by: 'test', now: new Date('2021-02-01T00:00:00Z') }
	);
});

afterEach(async () => {
	await store.close();
});

const H1 = { from: '2020-01', to: '2020-06' };

async function view(
	metrics: MetricId[],
	norm: 'raw' | 'per10' | 'norm' = 'raw',
	cmp: 'none' | 'prev' | 'yoy' = 'none'
): Promise<OverviewView> {
	return overviewView(store.db, ['a', 'b', 'c'], { ...H1, metrics, norm, cmp });
}

describe('overviewView', () => {
	it('sums, ranks and averages the reporting branches (never counting a silent one as 0)', async () => {
		const v = await view(['party_days']);
		const [pd] = v.metrics;
		expect(pd.branches.map((b) => [b.slug, b.value, b.reported, b.rank, b.partial])).toEqual([
			['a', 6, 6, 1, false],
			['b', 4, 2, 2, true],
			['c', null, 0, null, false]
		]);
		expect(pd.allBranch).toEqual({ value: 5, method: 'mean', branches: 2 });
		expect(pd.normLine).toBe(6);
		expect(v.months).toHaveLength(6);
		expect(v.monthly.party_days).toEqual({
			a: [1, 0, 2, 1, 1, 1],
			b: [2, 2, null, null, null, null],
			c: [null, null, null, null, null, null]
		});
		expect(v.asOf).toBe('2021-03-04T05:06:07.000Z');
		expect(v.hasData).toBe(true);
	});

	it('pools ratios over months where both terms were reported', async () => {
		const v = await view(['leader_case_share']);
		const [share] = v.metrics;
		// a: 3/20; b: 5/5 (February's 2 leader cases have no total and do not count).
		expect(share.branches.map((b) => b.value)).toEqual([0.15, 1, null]);
		// Pooled 8/25, not the mean of 0.15 and 1.
		expect(share.allBranch).toEqual({ value: 0.32, method: 'pooled', branches: 2 });
		expect(share.figure).toBe('ratio');
		expect(v.monthly.leader_case_share?.a.slice(0, 3)).toEqual([0.3, 0, null]);
	});

	it('reads a to-date ratio from before the period', async () => {
		const v = await view(['rectification_rate']);
		expect(v.metrics[0].branches[0].value).toBeCloseTo(0.7, 10);
	});

	it('normalises per 10 members and as % of norm, and falls back to raw where it does not apply', async () => {
		const per10 = await view(['party_days', 'leader_case_share'], 'per10');
		expect(per10.metrics[0].branches.map((b) => b.normalised)).toEqual([6, 1.6, null]);
		expect(per10.metrics[0].allBranch.value).toBeCloseTo(3.8, 10);
		expect(per10.metrics[0].normLine).toBeNull();
		expect(per10.metrics[1]).toMatchObject({ norm: 'raw', normApplies: false, figure: 'ratio' });
		expect(per10.metrics[1].branches[0].normalised).toBe(0.15);

		const pct = await view(['party_days'], 'norm');
		expect(pct.metrics[0].branches[0].normalised).toBe(1);
		expect(pct.metrics[0].branches[1].normalised).toBeCloseTo(4 / 6, 10);
		expect(pct.metrics[0]).toMatchObject({ figure: 'norm', normLine: 1 });
	});

	it('compares with the previous equal period', async () => {
		const v = await view(['party_days'], 'raw', 'prev');
		expect(v.previous).toEqual({ from: '2019-07', to: '2019-12' });
		expect(v.metrics[0].branches.map((b) => b.previous?.value)).toEqual([3, null, null]);
		expect(v.metrics[0].previousAllBranch).toEqual({ value: 3, method: 'mean', branches: 1 });
	});

	it('says "as of" the latest month with data in the view, not only the import date', async () => {
		expect((await view(['party_days'])).dataTo).toBe('2020-06');
		const early = await overviewView(store.db, ['a', 'b', 'c'], {
			from: '2019-01',
			to: '2019-12',
			metrics: ['party_days'],
			norm: 'raw',
			cmp: 'none'
		});
		expect(early.dataTo).toBe('2019-12');
		const none = await overviewView(store.db, ['a', 'b', 'c'], {
			from: '2030-01',
			to: '2030-12',
			metrics: ['party_days'],
			norm: 'raw',
			cmp: 'none'
		});
		expect(none.dataTo).toBeNull();
	});

	it('gives the to-date 整改完成率 only to branches that reported inside the period', async () => {
		const of = (v: OverviewView) => v.metrics[0];
		// 2030: nobody reported anything.
		const none = await overviewView(store.db, ['a', 'b', 'c'], {
			from: '2030-01',
			to: '2030-12',
			metrics: ['rectification_rate'],
			norm: 'raw',
			cmp: 'none'
		});
		expect(of(none).branches.map((b) => b.value)).toEqual([null, null, null]);
		expect(of(none).allBranch).toMatchObject({ value: null, branches: 0 });
		expect(of(none).branches.every((b) => b.rank === null)).toBe(true);
		// March–June 2020: a reported in 2019-03 and 2020-02 only, so nothing in the period.
		const later = await overviewView(store.db, ['a', 'b', 'c'], {
			from: '2020-03',
			to: '2020-06',
			metrics: ['rectification_rate'],
			norm: 'raw',
			cmp: 'none'
		});
		expect(of(later).branches[0]).toMatchObject({ value: null, reported: 0, rank: null });
		// H1 2020 holds February: a's to-date rate from 2019-03, (2 + 5) ÷ (10 + 0).
		expect((await view(['rectification_rate'])).metrics[0].branches[0].value).toBeCloseTo(0.7, 12);
	});

	it('compares with the same months a year earlier (yoy), not with the previous period', async () => {
		await applyImport(
			store.db,
			longFile('2019.csv', [
				['b', '2019-02', 'party_days', 4],
				['b', '2019-06', 'party_days', 1],
				['c', '2018-12', 'party_days', 9],
				['a', '2019-07', 'party_days', 8]
			]),
			{ by: 'test', now: new Date('2021-03-05T00:00:00Z') }
		);
		const v = await view(['party_days'], 'raw', 'yoy');
		expect(v.cmp).toBe('yoy');
		expect(v.previous).toEqual({ from: '2019-01', to: '2019-06' });
		// a reported only 2019-07 and 2019-12 (outside H1 2019); c only 2018-12: neither counts as 0.
		expect(v.metrics[0].branches.map((b) => b.previous?.value)).toEqual([null, 5, null]);
		expect(v.metrics[0].previousAllBranch).toEqual({ value: 5, method: 'mean', branches: 1 });
		const prev = await view(['party_days'], 'raw', 'prev');
		expect(prev.previous).toEqual({ from: '2019-07', to: '2019-12' });
		expect(prev.metrics[0].branches.map((b) => b.previous?.value)).toEqual([11, null, null]);
		const none = await view(['party_days']);
		expect(none).toMatchObject({ cmp: 'none', previous: null });
		expect(none.metrics[0].previousAllBranch).toBeNull();
	});

	it('reports norm coverage of 三会一课, theme days and study, with unreported units apart', async () => {
		const v = await view(['party_days']);
		const cell = (slug: string, metric: MetricId) =>
			v.normCoverage.branches.find((b) => b.slug === slug)!.cells.find((c) => c.metric === metric);
		expect(cell('a', 'party_days')).toMatchObject({
			coverage: 5 / 6,
			met: 5,
			notMet: 1,
			notReported: 0
		});
		expect(cell('b', 'party_days')).toMatchObject({
			coverage: 2 / 6,
			met: 2,
			notMet: 0,
			notReported: 4
		});
		// Quarterly: Q1 met (1 in January); Q2 0 in May and June but April unreported: partly
		// reported, counted with the unreported, never not met.
		expect(cell('a', 'general_meetings')).toMatchObject({
			units: 2,
			met: 1,
			notMet: 0,
			notReported: 1,
			coverage: 0.5
		});
		expect(cell('c', 'committee_meetings')).toMatchObject({
			units: 6,
			notReported: 6,
			coverage: 0
		});
		expect(v.normCoverage.metrics).toEqual([
			'general_meetings',
			'committee_meetings',
			'group_meetings',
			'secretary_lectures',
			'party_days',
			'study_sessions'
		]);
	});

	it('answers a repeated view from memory until an import or revert changes the data', async () => {
		const first = await view(['party_days']);
		expect(await view(['party_days'])).toBe(first);
		const { importId } = await applyImport(
			store.db,
			longFile('c.csv', [['c', '2020-01', 'party_days', 9]]),
			{ by: 'test', now: new Date('2021-04-01T00:00:00Z') }
		);
		const after = await view(['party_days']);
		expect(after).not.toBe(first);
		expect(after.metrics[0].branches[2].value).toBe(9);
		expect(after.asOf).toBe('2021-04-01T00:00:00.000Z');
		await revertImport(store.db, importId!, new Date('2021-04-02T00:00:00Z'));
		const reverted = await view(['party_days']);
		expect(reverted.metrics[0].branches[2].value).toBeNull();
		expect(reverted.asOf).toBe('2021-03-04T05:06:07.000Z');
	});

	it('says when a period holds no data', async () => {
		const v = await overviewView(store.db, ['a', 'b', 'c'], {
			from: '2018-01',
			to: '2018-12',
			metrics: ['party_days'],
			norm: 'raw',
			cmp: 'none'
		});
		expect(v.hasData).toBe(false);
		expect(v.metrics[0].allBranch.value).toBeNull();
	});
});

describe('overview.view (tRPC)', () => {
	let ctx: Awaited<ReturnType<typeof signedInContext>>;
	beforeEach(async () => {
		ctx = await signedInContext(store, 'viewer');
	});
	const caller = () => appRouter.createCaller(ctx);

	it('answers with the registry branches in order', async () => {
		const v = await caller().overview.view({
			...H1,
			metrics: ['party_days'],
			norm: 'raw',
			cmp: 'none'
		});
		expect(v.branches).toEqual(['a', 'b', 'c']);
	});

	it('rejects an inverted period and unknown metrics', async () => {
		await expect(
			caller().overview.view({
				from: '2020-06',
				to: '2020-01',
				metrics: ['party_days'],
				norm: 'raw',
				cmp: 'none'
			})
		).rejects.toThrow(/from must not be after to/);
		await expect(
			caller().overview.view({
				...H1,
				metrics: ['bogus' as MetricId],
				norm: 'raw',
				cmp: 'none'
			})
		).rejects.toThrow();
	});

	it('rejects, as BAD_REQUEST, the views the pages clamp: year 0000, 13 metrics, 121 months', async () => {
		const bad = [
			{ from: '0000-01', to: '0000-12', metrics: ['party_days'], cmp: 'prev' },
			{ ...H1, metrics: METRIC_IDS.slice(0, 13) },
			{ from: '2010-01', to: '2020-01', metrics: ['party_days'] }
		] as const;
		for (const input of bad)
			await expect(
				caller().overview.view({ ...input, metrics: [...input.metrics] })
			).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			caller().branch.view({ slug: 'a', from: '0000-01', to: '0000-12', metrics: ['party_days'] })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
	});

	it('compares with the same months a year earlier (cmp yoy)', async () => {
		const v = await caller().overview.view({ ...H1, metrics: ['party_days'], cmp: 'yoy' });
		expect(v.previous).toEqual({ from: '2019-01', to: '2019-06' });
	});
});
