import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	aggregateBranch,
	aggregateMetric,
	allBranchFigure,
	averageMembers,
	figureKind,
	monthlyFigures,
	normCoverage,
	normalise,
	percentOfNorm,
	rankValues,
	rollingMean,
	seriesFrom,
	type Series
} from './aggregate';
import { METRICS, metricById, type MetricId } from './metrics';

function series(data: Partial<Record<MetricId, Record<string, number>>>): Series {
	return seriesFrom(
		Object.entries(data).flatMap(([metric, months]) =>
			Object.entries(months!).map(([month, value]) => ({
				metric: metric as MetricId,
				month,
				value
			}))
		)
	);
}

const year2019 = { from: '2019-01', to: '2019-12' };

describe('sum metrics', () => {
	it('sums the reported months of the period and counts them', () => {
		const s = series({
			guidance_visits: { '2019-12': 4, '2020-01': 10, '2020-02': 0, '2020-07': 99 }
		});
		const a = aggregateMetric(s, metricById('guidance_visits'), { from: '2020-01', to: '2020-06' });
		expect(a).toEqual({ value: 10, reported: 2, months: 6 });
	});

	it('is null, not zero, when nothing was reported', () => {
		const a = aggregateMetric(series({}), metricById('honours'), year2019);
		expect(a).toEqual({ value: null, reported: 0, months: 12 });
	});
});

describe('members (latest)', () => {
	it('takes the latest reported month in the period', () => {
		const s = series({ members: { '2019-02': 20, '2019-11': 23, '2019-05': 21, '2020-01': 30 } });
		expect(aggregateMetric(s, metricById('members'), year2019)).toEqual({
			value: 23,
			reported: 3,
			months: 12
		});
	});
});

describe('ratios', () => {
	it('divides sums over months where both terms were reported', () => {
		// March has leaders' cases but no total: it is left out of both sums.
		const s = series({
			cases_total: { '2019-01': 100, '2019-02': 50 },
			cases_by_leaders: { '2019-01': 30, '2019-02': 10, '2019-03': 40 }
		});
		const a = aggregateMetric(s, metricById('leader_case_share'), year2019);
		expect(a.value).toBeCloseTo(40 / 150, 12);
		expect(a).toMatchObject({ reported: 2, numerator: 40, denominator: 150 });
	});

	it('is a ratio of sums, never the mean of monthly ratios', () => {
		const s = series({
			cases_total: { '2019-01': 10, '2019-02': 90 },
			cases_by_leaders: { '2019-01': 10, '2019-02': 9 }
		});
		// Mean of monthly ratios would be (1 + 0.1) / 2 = 0.55.
		expect(aggregateMetric(s, metricById('leader_case_share'), year2019).value).toBeCloseTo(
			0.19,
			12
		);
	});

	it('is null on a zero denominator', () => {
		const s = series({ dues_due: { '2019-01': 0 }, dues_paid: { '2019-01': 0 } });
		const a = aggregateMetric(s, metricById('dues_rate'), year2019);
		expect(a.value).toBeNull();
		expect(a.reported).toBe(1);
	});

	it('runs the rectification rate from the first reported month to the period end', () => {
		const s = series({
			measures_proposed: { '2019-06': 20, '2020-02': 4 },
			measures_completed: { '2019-06': 0, '2019-12': 5, '2020-02': 15, '2020-08': 4 }
		});
		const a = aggregateMetric(s, metricById('rectification_rate'), {
			from: '2020-01',
			to: '2020-06'
		});
		// Months where both are reported up to 2020-06: 2019-06 (0/20) and 2020-02 (15/4).
		expect(a.value).toBeCloseTo(15 / 24, 12);
		expect(a).toMatchObject({ reported: 2, months: 13, numerator: 15, denominator: 24 });
	});

	it('gives no rectification rate for a period the branch reported nothing in', () => {
		const s = series({
			measures_proposed: { '2019-06': 20 },
			measures_completed: { '2019-06': 10 }
		});
		const rate = metricById('rectification_rate');
		// 2030: the to-date rate would still be 50% from 2019; but nothing was reported in 2030.
		const a = aggregateMetric(s, rate, { from: '2030-01', to: '2030-12' });
		expect(a.value).toBeNull();
		expect(a.reported).toBe(0);
		// It does not count as a reporting branch in the all-branch figure either.
		const other = aggregateMetric(
			series({ measures_proposed: { '2030-02': 4 }, measures_completed: { '2030-02': 1 } }),
			rate,
			{ from: '2030-01', to: '2030-12' }
		);
		expect(allBranchFigure(rate, [a, other])).toMatchObject({ value: 0.25, branches: 1 });
		// Month by month: the to-date rate only in months the branch reported.
		expect(monthlyFigures(s, rate, ['2019-06', '2019-07'])).toEqual([0.5, null]);
	});

	it('aggregateBranch returns every metric, derived included', () => {
		const out = aggregateBranch(series({ members: { '2019-03': 12 } }), year2019);
		expect(Object.keys(out)).toHaveLength(25);
		expect(out.members.value).toBe(12);
		expect(out.leader_case_share.value).toBeNull();
	});
});

describe('norm coverage', () => {
	it('never calls a quarter with unreported months not met (第五检察部 2020 Q1)', () => {
		// January reported 0 meetings, February and March never reported; Q2 fully reported, 0.
		const s = series({
			general_meetings: { '2020-01': 0, '2020-04': 0, '2020-05': 0, '2020-06': 0 }
		});
		const c = normCoverage(s, metricById('general_meetings'), { from: '2020-01', to: '2020-06' })!;
		expect(c.units.map((u) => [u.unit, u.status, u.value])).toEqual([
			['2020-Q1', 'partly_reported', 0],
			['2020-Q2', 'not_met', 0]
		]);
		expect(c).toMatchObject({ met: 0, notMet: 1, notReported: 1 });
		// A partly reported quarter that already meets the norm is met.
		const met = series({ general_meetings: { '2020-01': 1 } });
		const q1 = { from: '2020-01', to: '2020-03' };
		expect(normCoverage(met, metricById('general_meetings'), q1)!.units[0].status).toBe('met');
	});

	it('counts months meeting a monthly norm; unreported months are not met and marked so', () => {
		const s = series({ study_sessions: { '2019-01': 4, '2019-02': 3, '2019-04': 5 } });
		const c = normCoverage(s, metricById('study_sessions'), { from: '2019-01', to: '2019-04' })!;
		expect(c.units.map((u) => u.status)).toEqual(['met', 'not_met', 'not_reported', 'met']);
		expect(c).toMatchObject({ met: 2, notMet: 1, notReported: 1, coverage: 0.5 });
	});

	it('uses the calendar quarters wholly inside the period for a quarterly norm', () => {
		const s = series({ general_meetings: { '2019-02': 1, '2019-05': 0, '2019-08': 2 } });
		// 2019-02..2019-09 holds Q2 and Q3 wholly; Q1 and Q4 only in part.
		const c = normCoverage(s, metricById('general_meetings'), { from: '2019-02', to: '2019-09' })!;
		// Q2: only May reported (0), so partly reported, not "not met".
		expect(c.units.map((u) => [u.unit, u.status])).toEqual([
			['2019-Q2', 'partly_reported'],
			['2019-Q3', 'met']
		]);
		expect(c.coverage).toBe(0.5);
	});

	it('is not applicable when no quarter lies inside the period', () => {
		const c = normCoverage(series({}), metricById('secretary_lectures'), {
			from: '2019-02',
			to: '2019-04'
		})!;
		expect(c.units).toEqual([]);
		expect(c.coverage).toBeNull();
	});

	it('honours a configured norm and has none for metrics without one', () => {
		const s = series({ study_sessions: { '2019-01': 2 } });
		const p = { from: '2019-01', to: '2019-01' };
		expect(
			normCoverage(s, metricById('study_sessions'), p, {
				study_sessions: { min: 2, per: 'month' }
			})!.met
		).toBe(1);
		expect(normCoverage(s, metricById('heart_talks'), p)).toBeNull();
	});
});

describe('normalisations', () => {
	const s = series({
		members: { '2019-01': 10, '2019-02': 30 },
		party_days: { '2019-01': 1, '2019-02': 2 },
		secretary_lectures: { '2019-01': 1, '2019-05': 2 }
	});

	it('per 10 members divides by the average members over the reported months', () => {
		const p = { from: '2019-01', to: '2019-03' };
		const agg = aggregateMetric(s, metricById('party_days'), p);
		expect(averageMembers(s, p)).toBe(20);
		expect(
			normalise(agg, metricById('party_days'), 'per10', { period: p, avgMembers: 20 })
		).toBeCloseTo(1.5, 12);
		const members = aggregateMetric(s, metricById('members'), p);
		expect(
			normalise(members, metricById('members'), 'per10', { period: p, avgMembers: 20 })
		).toBeNull();
	});

	it('% of norm divides by the norm times months or quarters', () => {
		const half = { from: '2019-01', to: '2019-06' };
		const lectures = aggregateMetric(s, metricById('secretary_lectures'), half);
		expect(percentOfNorm(lectures, metricById('secretary_lectures'), half)).toBeCloseTo(3 / 2, 12);
		const days = aggregateMetric(s, metricById('party_days'), half);
		expect(percentOfNorm(days, metricById('party_days'), half)).toBeCloseTo(3 / 6, 12);
		const talks = aggregateMetric(s, metricById('heart_talks'), half);
		expect(percentOfNorm(talks, metricById('heart_talks'), half)).toBeNull();
	});

	it('a figure is shown as its normalisation makes it, a ratio always as a ratio', () => {
		const days = metricById('party_days');
		expect(figureKind(days)).toBe('count');
		expect(figureKind(days, 'per10')).toBe('per10');
		expect(figureKind(days, 'norm')).toBe('norm');
		const ratio = METRICS.find((x) => x.kind === 'ratio')!;
		expect(figureKind(ratio)).toBe('ratio');
		expect(figureKind(ratio, 'per10')).toBe('ratio');
	});
});

describe('all-branch figure and ranks', () => {
	it('means the reporting branches for sums and says how many', () => {
		const m = metricById('guidance_visits');
		const aggs = [
			{ value: 10, reported: 1, months: 1 },
			{ value: null, reported: 0, months: 1 },
			{ value: 20, reported: 1, months: 1 }
		];
		expect(allBranchFigure(m, aggs)).toEqual({ value: 15, method: 'mean', branches: 2 });
	});

	it('pools ratios: Σ numerators ÷ Σ denominators', () => {
		const m = metricById('leader_case_share');
		const aggs = [
			{ value: 1, reported: 1, months: 1, numerator: 10, denominator: 10 },
			{ value: 0.1, reported: 1, months: 1, numerator: 9, denominator: 90 }
		];
		expect(allBranchFigure(m, aggs).value).toBeCloseTo(0.19, 12);
	});

	it('ranks high to low with ties sharing a rank and nulls unranked', () => {
		expect(rankValues([5, null, 9, 5, 1])).toEqual([2, null, 1, 2, 4]);
	});

	it('rolls a 3-month mean over reported months only', () => {
		const v = series({ guidance_visits: { '2019-01': 3, '2019-03': 6 } }).get('guidance_visits')!;
		expect(rollingMean(v, ['2019-01', '2019-02', '2019-03', '2019-04'])).toEqual([3, 3, 4.5, 6]);
	});
});

describe('monthly figures and ranks at scale', () => {
	const value = fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined });
	const months = ['2019-11', '2019-12', '2020-01', '2020-02', '2020-03', '2020-04'];

	it('gives each month what aggregateMetric gives for that month alone', () => {
		fc.assert(
			fc.property(
				fc.array(fc.tuple(value, value, value, value), { minLength: 6, maxLength: 6 }),
				fc.constantFrom(...METRICS.map((m) => m.id)),
				(rows, id) => {
					const metric = metricById(id);
					const ids: MetricId[] = metric.ratio
						? [metric.ratio.numerator, metric.ratio.denominator, metric.id, 'members']
						: [metric.id, 'members', 'lectures_given', 'honours'];
					const data: Partial<Record<MetricId, Record<string, number>>> = {};
					rows.forEach((row, i) =>
						row.forEach((x, k) => {
							if (x !== undefined) (data[ids[k]] ??= {})[months[i]] = x;
						})
					);
					const s = series(data);
					const asked = months.slice(2);
					expect(monthlyFigures(s, metric, asked)).toEqual(
						asked.map((m) => aggregateMetric(s, metric, { from: m, to: m }).value)
					);
				}
			)
		);
	});

	it('ranks like counting the strictly higher figures', () => {
		fc.assert(
			fc.property(fc.array(fc.option(fc.integer({ min: 0, max: 9 }), { nil: null })), (xs) => {
				expect(rankValues(xs)).toEqual(
					xs.map((x) => (x === null ? null : xs.filter((y) => y !== null && y > x).length + 1))
				);
			})
		);
	});
});
