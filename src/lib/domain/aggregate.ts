/**
 * The aggregation rules of the programme, one meaning everywhere (screen, CLI, exports).
 * Inputs are a branch's monthly values; outputs are unrounded. See docs/domain.md "Aggregation rules".
 */
import {
	METRICS,
	normOf,
	type Metric,
	type MetricId,
	type Norm,
	type NormOverrides
} from './metrics';
import type { FigureKind } from './format';
import { MonthValues } from './month-values';
import {
	addMonths,
	monthCount,
	monthFromIndex,
	monthIndex,
	monthsIn,
	periodIndexes,
	quartersWithin,
	type Month,
	type Period
} from './periods';

/** A branch's values: metric → its months' values. An absent month = not reported. */
export type Series = Map<MetricId, MonthValues>;

export interface Aggregate {
	/** The figure, unrounded; null when nothing was reported (or a ratio's denominator is 0). */
	value: number | null;
	/** Months with a value (for a ratio: months where both terms were reported). */
	reported: number;
	/** Months the figure spans (for a to-date ratio: first reported month to the period's end). */
	months: number;
	/** For ratios: the summed numerator and denominator behind the value. */
	numerator?: number;
	denominator?: number;
}

/** Collects a branch's values cell by cell (later wins), then makes them dense month values. */
export class SeriesBuilder {
	private readonly byMetric = new Map<MetricId, { months: number[]; values: number[] }>();

	add(metric: MetricId, monthIndex: number, value: number): void {
		let list = this.byMetric.get(metric);
		if (!list) this.byMetric.set(metric, (list = { months: [], values: [] }));
		list.months.push(monthIndex);
		list.values.push(value);
	}

	build(): Series {
		const s: Series = new Map();
		for (const [metric, { months, values }] of this.byMetric)
			s.set(metric, MonthValues.from(months, values));
		return s;
	}
}

/** Build a Series from flat observations (a later row for the same cell wins). */
export function seriesFrom(
	rows: Iterable<{ metric: MetricId; month: Month; value: number }>
): Series {
	const builder = new SeriesBuilder();
	for (const r of rows) builder.add(r.metric, monthIndex(r.month), r.value);
	return builder.build();
}

function sumOver(values: MonthValues | undefined, p: Period): Aggregate {
	const reported = values?.reportedIn(p) ?? 0;
	return { value: reported ? values!.sumIn(p) : null, reported, months: monthCount(p) };
}

function latestOver(values: MonthValues | undefined, p: Period): Aggregate {
	const reported = values?.reportedIn(p) ?? 0;
	return { value: reported ? values!.latestIn(p)! : null, reported, months: monthCount(p) };
}

function ratioOver(series: Series, metric: Metric, p: Period): Aggregate {
	const { numerator, denominator, toDate } = metric.ratio!;
	const num = series.get(numerator);
	const den = series.get(denominator);
	let range = p;
	if (toDate) {
		const firsts = [num?.firstIndex, den?.firstIndex].filter((i) => i != null);
		const first = firsts.length ? Math.min(...firsts) : null;
		range = {
			from: first !== null && first < monthIndex(p.from) ? monthFromIndex(first) : p.from,
			to: p.to
		};
	}
	let n = 0;
	let d = 0;
	let reported = 0;
	let reportedInPeriod = 0;
	if (num && den) {
		const { from, to } = periodIndexes(range);
		const periodFrom = monthIndex(p.from);
		for (let i = from; i <= to; i++) {
			const dv = den.at(i);
			const nv = num.at(i);
			if (dv === undefined || nv === undefined) continue;
			n += nv;
			d += dv;
			reported++;
			if (i >= periodFrom) reportedInPeriod++;
		}
	}
	// A branch that reported nothing inside the period has no figure for it, even a to-date one.
	if (!reportedInPeriod) return { value: null, reported: 0, months: monthCount(range) };
	return {
		value: reported && d !== 0 ? n / d : null,
		reported,
		months: monthCount(range),
		numerator: n,
		denominator: d
	};
}

/** One metric's figure for a branch over a period. */
export function aggregateMetric(series: Series, metric: Metric, p: Period): Aggregate {
	if (metric.kind === 'ratio') return ratioOver(series, metric, p);
	const values = series.get(metric.id);
	return metric.kind === 'latest' ? latestOver(values, p) : sumOver(values, p);
}

/**
 * A metric's figure in each of `months`: what `aggregateMetric` gives for that single month (for a
 * to-date ratio, the rate from the first report to that month's end, null in a month not reported),
 * in one pass.
 */
export function monthlyFigures(series: Series, metric: Metric, months: Month[]): (number | null)[] {
	if (metric.kind !== 'ratio') {
		const values = series.get(metric.id);
		return months.map((m) => values?.get(m) ?? null);
	}
	const { numerator, denominator, toDate } = metric.ratio!;
	const num = series.get(numerator);
	const den = series.get(denominator);
	if (!num || !den) return months.map(() => null);
	const both = (i: number): [number, number] | null => {
		const n = num.at(i);
		const d = den.at(i);
		return n === undefined || d === undefined ? null : [n, d];
	};
	if (!toDate) {
		return months.map((m) => {
			const nd = both(monthIndex(m));
			return nd && nd[1] !== 0 ? nd[0] / nd[1] : null;
		});
	}
	// To date: running sums from the first reported month, read off at each month.
	const first = Math.min(num.firstIndex ?? Infinity, den.firstIndex ?? Infinity);
	const wanted = months.map(monthIndex);
	const last = Math.max(...wanted);
	const at = new Map<number, number | null>();
	let n = 0;
	let d = 0;
	let reported = 0;
	for (let i = first; i <= last; i++) {
		const nd = both(i);
		if (nd) {
			n += nd[0];
			d += nd[1];
			reported++;
		}
		at.set(i, reported && d !== 0 ? n / d : null);
	}
	return wanted.map((i) => (both(i) ? (at.get(i) ?? null) : null));
}

/** Every metric's figure (derived included) for a branch over a period. */
export function aggregateBranch(
	series: Series,
	p: Period,
	metrics: readonly Metric[] = METRICS
): Record<string, Aggregate> {
	const out: Record<string, Aggregate> = {};
	for (const m of metrics) out[m.id] = aggregateMetric(series, m, p);
	return out;
}

/**
 * `partly_reported`: some of a quarter's months were not reported and the reported ones fall short
 * (the quarter may still have met the norm in the unreported months: neither met nor not met).
 */
export type NormStatus = 'met' | 'not_met' | 'partly_reported' | 'not_reported';

export interface NormUnit {
	/** `2020-03` for a monthly norm, `2020-Q1` for a quarterly one. */
	unit: string;
	months: Month[];
	status: NormStatus;
	/** The month's value or the quarter's sum over its reported months; null when none reported. */
	value: number | null;
}

export interface NormCoverage {
	norm: Norm;
	units: NormUnit[];
	met: number;
	notMet: number;
	/** Units not reported, or only partly reported and short of the norm (never counted not met). */
	notReported: number;
	/** Share of units that meet the norm; null when no unit lies in the period (not applicable). */
	coverage: number | null;
}

/**
 * Norm coverage over a period: months (or calendar quarters wholly inside the period) that meet
 * the norm. A unit with no report counts as not met and is marked `not_reported`, never zero.
 */
export function normCoverage(
	series: Series,
	metric: Metric,
	p: Period,
	overrides?: NormOverrides
): NormCoverage | null {
	const counts = normCoverageCounts(series, metric, p, overrides);
	if (!counts) return null;
	const values = series.get(metric.id);
	const units = normUnits(counts.norm.per, p).map(({ unit, months, indexes }): NormUnit => {
		const sum = unitSum(values, indexes);
		return { unit, months, status: unitStatus(sum, counts.norm), value: sum.value };
	});
	return { ...counts, units };
}

/** Norm coverage without the units (what a table of many branches needs): no allocation per unit. */
export function normCoverageCounts(
	series: Series,
	metric: Metric,
	p: Period,
	overrides?: NormOverrides
): (Omit<NormCoverage, 'units'> & { unitCount: number }) | null {
	const norm = normOf(metric, overrides);
	if (!norm || metric.kind !== 'sum') return null;
	const values = series.get(metric.id);
	const units = normUnits(norm.per, p);
	let met = 0;
	let notReported = 0;
	for (const { indexes } of units) {
		const status = unitStatus(unitSum(values, indexes), norm);
		if (status === 'met') met++;
		else if (status !== 'not_met') notReported++;
	}
	return {
		norm,
		unitCount: units.length,
		met,
		notMet: units.length - met - notReported,
		notReported,
		coverage: units.length ? met / units.length : null
	};
}

interface UnitSum {
	/** The sum over the unit's reported months; null when none was reported (never 0). */
	value: number | null;
	/** Whether every month of the unit was reported. */
	complete: boolean;
}

function unitSum(values: MonthValues | undefined, indexes: number[]): UnitSum {
	let sum = 0;
	let reported = 0;
	for (const i of indexes) {
		const v = values?.at(i);
		if (v !== undefined) {
			sum += v;
			reported++;
		}
	}
	return { value: reported ? sum : null, complete: reported === indexes.length };
}

function unitStatus({ value, complete }: UnitSum, norm: Norm): NormStatus {
	if (value === null) return 'not_reported';
	if (value >= norm.min) return 'met';
	return complete ? 'not_met' : 'partly_reported';
}

interface UnitMonths {
	unit: string;
	months: Month[];
	indexes: number[];
}

/** A period's norm units (months, or quarters wholly inside), shared by every branch's coverage. */
const unitCache = new Map<string, UnitMonths[]>();

function normUnits(per: Norm['per'], p: Period): UnitMonths[] {
	const key = `${per} ${p.from} ${p.to}`;
	let units = unitCache.get(key);
	if (!units) {
		const groups =
			per === 'month'
				? monthsIn(p).map((m) => ({ unit: m, months: [m] }))
				: quartersWithin(p).map((q) => ({ unit: q.quarter, months: q.months }));
		units = groups.map((g) => ({ ...g, indexes: g.months.map(monthIndex) }));
		if (unitCache.size >= 256) unitCache.clear();
		unitCache.set(key, units);
	}
	return units;
}

/** The norm's expectation over a period: min × months, or × quarters (months ÷ 3). */
export function normExpectation(norm: Norm, p: Period): number {
	const months = monthCount(p);
	return norm.min * (norm.per === 'month' ? months : months / 3);
}

/** % of norm (as a fraction): a sum ÷ the norm's expectation over the period. */
export function percentOfNorm(
	agg: Aggregate,
	metric: Metric,
	p: Period,
	overrides?: NormOverrides
): number | null {
	const norm = normOf(metric, overrides);
	if (!norm || metric.kind !== 'sum' || agg.value === null) return null;
	const expected = normExpectation(norm, p);
	return expected > 0 ? agg.value / expected : null;
}

/** Average members over the months in the period where members were reported. */
export function averageMembers(series: Series, p: Period): number | null {
	const members = series.get('members');
	const reported = members?.reportedIn(p) ?? 0;
	return reported ? members!.sumIn(p) / reported : null;
}

/** Per 10 members: a sum ÷ average members × 10. Only for sums (never ratios or members). */
export function per10Members(
	agg: Aggregate,
	metric: Metric,
	avgMembers: number | null
): number | null {
	if (metric.kind !== 'sum' || agg.value === null || !avgMembers) return null;
	return (agg.value / avgMembers) * 10;
}

export type Normalisation = 'raw' | 'per10' | 'norm';

/** Whether a normalisation applies to a metric (per 10 members: sums; % of norm: sums with a norm). */
export function normalisationApplies(
	metric: Metric,
	n: Normalisation,
	overrides?: NormOverrides
): boolean {
	if (n === 'raw') return true;
	if (metric.kind !== 'sum') return false;
	return n === 'per10' || normOf(metric, overrides) !== null;
}

/** A branch figure under a normalisation; null where it does not apply or nothing was reported. */
export function normalise(
	agg: Aggregate,
	metric: Metric,
	n: Normalisation,
	ctx: { period: Period; avgMembers: number | null; norms?: NormOverrides }
): number | null {
	if (n === 'raw') return agg.value;
	if (n === 'per10') return per10Members(agg, metric, ctx.avgMembers);
	return percentOfNorm(agg, metric, ctx.period, ctx.norms);
}

/** How a metric's figure under a normalisation is shown: a ratio stays a ratio whatever the view. */
export function figureKind(metric: Metric, n: Normalisation = 'raw'): FigureKind {
	if (metric.kind === 'ratio') return 'ratio';
	return n === 'per10' ? 'per10' : n === 'norm' ? 'norm' : 'count';
}

export interface AllBranchFigure {
	value: number | null;
	/** `mean`: mean of the branches that reported (sums, latest); `pooled`: Σnum ÷ Σden (ratios). */
	method: 'mean' | 'pooled';
	/** Branches that contributed. */
	branches: number;
}

/**
 * The all-branch figure: for sums (and members) the mean of the branches that reported; for ratios
 * the pooled ratio over all branches. `values` are the (possibly normalised) branch figures.
 */
export function allBranchFigure(
	metric: Metric,
	aggs: Aggregate[],
	values: (number | null)[] = aggs.map((a) => a.value)
): AllBranchFigure {
	if (metric.kind === 'ratio') {
		let n = 0;
		let d = 0;
		let branches = 0;
		for (const a of aggs) {
			if (!a.reported) continue;
			n += a.numerator ?? 0;
			d += a.denominator ?? 0;
			branches++;
		}
		return { value: branches && d !== 0 ? n / d : null, method: 'pooled', branches };
	}
	const reported = values.filter((v): v is number => v !== null);
	return {
		value: reported.length ? reported.reduce((a, b) => a + b, 0) / reported.length : null,
		method: 'mean',
		branches: reported.length
	};
}

/**
 * Ranks (1 = highest) of figures; equal values share a rank; nulls get no rank.
 * Returned in the input's order.
 */
export function rankValues(values: (number | null)[]): (number | null)[] {
	const sorted = values.filter((v): v is number => v !== null).sort((a, b) => b - a);
	const rankOf = new Map<number, number>();
	sorted.forEach((v, i) => {
		if (!rankOf.has(v)) rankOf.set(v, i + 1);
	});
	return values.map((v) => (v === null ? null : rankOf.get(v)!));
}

/** Per rank of `rankValues`: whether another figure shares it (a tie, shown 并列 / tied). */
export function tiedRanks(ranks: (number | null)[]): boolean[] {
	const count = new Map<number, number>();
	for (const r of ranks) if (r !== null) count.set(r, (count.get(r) ?? 0) + 1);
	return ranks.map((r) => r !== null && (count.get(r) ?? 0) > 1);
}

/** The months of a 3-month rolling mean ending at each month (null where none reported). */
export function rollingMean(values: MonthValues, months: Month[], window = 3): (number | null)[] {
	return months.map((m) => {
		let sum = 0;
		let n = 0;
		for (let k = 0; k < window; k++) {
			const v = values.get(addMonths(m, -k));
			if (v !== undefined) {
				sum += v;
				n++;
			}
		}
		return n ? sum / n : null;
	});
}
