import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BranchNotFound, branchView } from './branch-page';
import type { OpenedDb } from './db';
import { applyImport } from './imports';
import { memoryStore, parsedFile, type CellSpec } from './test-fixtures';

let store: OpenedDb;

/** Long format, columns named `col_<metric>`. */
const longFile = (name: string, specs: CellSpec[]) =>
	parsedFile(name, specs, { format: 'long', column: (m) => `col_${m}` });

let fixId: number;

beforeEach(async () => {
	store = await memoryStore(3);
	await applyImport(
		store.db,
		longFile('甲.csv', [
			['a', '2020-01', 'secretary_lectures', 1], // row 2
			['a', '2019-02', 'secretary_lectures', 1],
			['a', '2020-01', 'cases_total', 10], // row 4
			['a', '2020-01', 'cases_by_leaders', 3], // row 5
			['a', '2020-02', 'cases_total', 4],
			['a', '2020-02', 'cases_by_leaders', 1],
			['a', '2020-03', 'cases_total', 5],
			['a', '2020-01', 'members', 20],
			['a', '2020-03', 'members', 22],
			['a', '2020-01', 'committee_meetings', 1],
			['a', '2020-02', 'committee_meetings', 0]
		]),
		{ by: 't', now: new Date('2021-01-01T00:00:00Z') }
	);
	await applyImport(
		store.db,
		longFile('乙丙.csv', [
			['b', '2020-01', 'secretary_lectures', 3],
			['b', '2020-02', 'secretary_lectures', 1],
			['b', '2020-01', 'cases_total', 10],
			['b', '2020-01', 'cases_by_leaders', 1],
			['c', '2020-03', 'secretary_lectures', 0]
		]),
		{ by: 't', now: new Date('2021-01-02T00:00:00Z') }
	);
	const fix = await applyImport(
		store.db,
		longFile('甲-补报.csv', [['a', '2020-03', 'secretary_lectures', 2]]),
		{ by: 't', now: new Date('2021-01-03T00:00:00Z') }
	);
	fixId = fix.importId!;
});

afterEach(async () => {
	await store.close();
});

const period = { from: '2020-01', to: '2020-03' };

describe('branchView', () => {
	it('gives the monthly series with gaps, the all-branch mean, the previous year and ranks', async () => {
		const v = await branchView(store.db, {
			slug: 'a',
			period,
			metrics: ['secretary_lectures', 'leader_case_share'],
			cmp: 'yoy'
		});
		expect(v.months).toEqual(['2020-01', '2020-02', '2020-03']);
		const t = v.trends[0];
		expect(t.values).toEqual([1, null, 2]);
		expect(t.total).toMatchObject({ value: 3, reported: 2 });
		// Mean of the branches that reported that month: Jan (1+3)/2, Feb b alone, Mar (2+0)/2.
		expect(t.average).toEqual([2, 1, 1]);
		expect(t.averageBranches).toEqual([2, 1, 2]);
		expect(t.previous).toEqual([null, 1, null]);
		// Rolling 3 months: mean of the reported months in the window.
		expect(t.rolling).toEqual([1, 1, 1.5]);
		// Period totals a 3, b 4, c 0.
		expect(t).toMatchObject({ figure: 3, rank: 2, ranked: 3 });
		expect(t.norm).toEqual({ min: 1, per: 'quarter' });
		expect(v.rankTrend).toEqual({
			metric: 'secretary_lectures',
			ranks: [2, null, 1],
			ranked: [2, 1, 2],
			tied: [false, false, false]
		});
	});

	it('marks ranks shared with another branch as tied, in the period and month by month', async () => {
		// Committee meetings: a and c both 1 in 2020-01 (rank 1, tied); a alone in 2020-02.
		await applyImport(store.db, longFile('丙.csv', [['c', '2020-01', 'committee_meetings', 1]]), {
			by: 't',
			now: new Date('2021-01-04T00:00:00Z')
		});
		const v = await branchView(store.db, {
			slug: 'a',
			period: { from: '2020-01', to: '2020-01' },
			metrics: ['committee_meetings']
		});
		expect(v.trends[0]).toMatchObject({ rank: 1, tied: true, ranked: 2 });
		expect(v.rankTrend).toMatchObject({ ranks: [1], tied: [true] });
	});

	it('compares the trends with the previous equal period, a year earlier, or nothing', async () => {
		const lectures = async (cmp: 'none' | 'prev' | 'yoy', p = period) =>
			(await branchView(store.db, { slug: 'a', period: p, metrics: ['secretary_lectures'], cmp }))
				.trends[0].previous;
		expect(await lectures('none')).toBeNull();
		expect(await lectures('yoy')).toEqual([null, 1, null]);
		// Feb–Apr 2020 against Nov 2019–Jan 2020: January's 1 lands on April.
		expect(await lectures('prev', { from: '2020-02', to: '2020-04' })).toEqual([null, null, 1]);
		expect(await lectures('prev')).toEqual([null, null, null]);
	});

	it('sums a quarterly-norm count by whole quarters: partly reported is not 0, none is null', async () => {
		const v = await branchView(store.db, {
			slug: 'a',
			period: { from: '2019-11', to: '2020-06' },
			metrics: ['secretary_lectures', 'party_days', 'leader_case_share'],
			cmp: 'yoy'
		});
		const q = v.trends[0].quarterly!;
		// 2019-11/12 make no whole quarter; Q2 2020 has no report at all.
		expect(q.quarters).toEqual(['2020-Q1', '2020-Q2']);
		expect(q.months[0]).toEqual(['2020-01', '2020-02', '2020-03']);
		// Jan 1 + Mar 2, February not reported: 3 from 2 of 3 months.
		expect(q.values).toEqual([3, null]);
		expect(q.reported).toEqual([2, 0]);
		// Branch totals for Q1: a 3, b 4, c 0 → mean 7/3 over 3 reporting branches.
		expect(q.average[0]).toBeCloseTo(7 / 3);
		expect(q.averageBranches).toEqual([3, 0]);
		// A year earlier: 2019-Q1 held one lecture (2019-02).
		expect(q.previous).toEqual([1, null]);
		expect(q.sources[0].map((s) => s.fileName).sort()).toEqual(['甲-补报.csv', '甲.csv']);
		// Monthly norms and ratios keep the monthly axis only.
		expect(v.trends[1].quarterly).toBeNull();
		expect(v.trends[2].quarterly).toBeNull();
		const none = await branchView(store.db, {
			slug: 'a',
			period: { from: '2020-01', to: '2020-03' },
			metrics: ['secretary_lectures']
		});
		expect(none.trends[0].quarterly?.previous).toBeNull();
		const prev = await branchView(store.db, {
			slug: 'a',
			period: { from: '2020-04', to: '2020-06' },
			metrics: ['secretary_lectures'],
			cmp: 'prev'
		});
		expect(prev.trends[0].quarterly?.previous).toEqual([3]);
		// A period without a whole quarter has no quarterly view.
		const month = await branchView(store.db, {
			slug: 'a',
			period: { from: '2020-01', to: '2020-02' },
			metrics: ['secretary_lectures']
		});
		expect(month.trends[0].quarterly).toBeNull();
	});

	it('computes a monthly ratio from that month’s terms and pools the all-branch ratio', async () => {
		const v = await branchView(store.db, { slug: 'a', period, metrics: ['leader_case_share'] });
		const t = v.trends[0];
		// March has cases_total but no cases_by_leaders: not reported, not 0.
		expect(t.values).toEqual([0.3, 0.25, null]);
		expect(t.total.value).toBeCloseTo(4 / 14);
		// Jan pooled (3+1)/(10+10); Feb a alone; Mar nobody reported both terms.
		expect(t.average).toEqual([0.2, 0.25, null]);
		expect(t.rolling[1]).toBeCloseTo(4 / 14);
		expect(t.sources[0].map((s) => [s.metric, s.row])).toEqual(
			expect.arrayContaining([
				['cases_total', 4],
				['cases_by_leaders', 5]
			])
		);
		expect(t.rank).toBe(1); // a 4/14 ≈ 0.286 vs b 0.1; c has no ratio
		expect(t.ranked).toBe(2);
	});

	it('carries each point’s provenance and the header’s facts', async () => {
		const v = await branchView(store.db, { slug: 'a', period, metrics: ['secretary_lectures'] });
		const [jan, feb, mar] = v.trends[0].sources;
		expect(jan).toEqual([
			expect.objectContaining({
				fileName: '甲.csv',
				row: 2,
				column: 'col_secretary_lectures',
				importedAt: '2021-01-01T00:00:00.000Z'
			})
		]);
		expect(feb).toEqual([]);
		expect(mar[0]).toMatchObject({ fileName: '甲-补报.csv', importId: fixId, row: 2 });
		expect(v.header).toMatchObject({
			members: 22,
			monthsReported: 3,
			branchCount: 3,
			lastImport: { id: fixId, fileName: '甲-补报.csv' }
		});
	});

	it('builds the 三会一课 calendar: quarters for quarterly norms, not reported apart from not met', async () => {
		const v = await branchView(store.db, { slug: 'a', period, metrics: ['secretary_lectures'] });
		const row = (id: string) => v.calendar.find((r) => r.metric === id)!;
		expect(row('secretary_lectures').cells).toEqual([
			expect.objectContaining({ unit: '2020-Q1', status: 'met', value: 3 })
		]);
		expect(row('committee_meetings').cells.map((c) => c.status)).toEqual([
			'met',
			'not_met',
			'not_reported'
		]);
		expect(row('committee_meetings')).toMatchObject({ met: 1, units: 3 });
		expect(row('committee_meetings').cells[1].sources[0]).toMatchObject({ row: 12 });
		expect(v.calendar.map((r) => r.metric)).toEqual([
			'general_meetings',
			'committee_meetings',
			'group_meetings',
			'secretary_lectures',
			'party_days',
			'study_sessions'
		]);
	});

	it('profiles every metric and ranks under a normalisation', async () => {
		const v = await branchView(store.db, {
			slug: 'b',
			period,
			metrics: ['secretary_lectures'],
			norm: 'norm'
		});
		expect(v.profile).toHaveLength(25);
		const members = v.profile.find((p) => p.metric === 'members')!;
		expect(members).toMatchObject({ values: [null, null, null], total: null, reported: 0 });
		// % of norm: 4 lectures ÷ (1 per quarter × 1 quarter).
		expect(v.trends[0]).toMatchObject({ figure: 4, rank: 1 });
		expect(v.header.monthsReported).toBe(2);
	});

	it('refuses an unknown branch', async () => {
		await expect(
			branchView(store.db, { slug: 'nope', period, metrics: ['secretary_lectures'] })
		).rejects.toBeInstanceOf(BranchNotFound);
	});
});
