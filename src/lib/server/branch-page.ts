/**
 * Everything the branch page shows, in one round trip: header, monthly trends with provenance,
 * all-branch averages, the comparison period (previous or a year earlier), ranks, the 三会一课 calendar and a profile of all metrics.
 * Every figure comes from the aggregation rules in `domain/aggregate.ts`.
 */
import {
	aggregateMetric,
	allBranchFigure,
	averageMembers,
	normalise,
	normCoverage,
	rankValues,
	tiedRanks,
	rollingMean,
	type Aggregate,
	type Normalisation,
	type Series
} from '../domain/aggregate';
import {
	METRICS,
	ORGANISATIONAL_LIFE,
	metricById,
	normOf,
	type Metric,
	type MetricId
} from '../domain/metrics';
import {
	addMonths,
	monthCount,
	monthsIn,
	quartersWithin,
	type Month,
	type Period
} from '../domain/periods';
import { loadRegistry } from './branches';
import type { Db } from './db';
import { currentSnapshot } from './current-series';
import { EMPTY_VALUES } from '../domain/month-values';
import type {
	BranchView,
	CalendarRow,
	MetricTrend,
	Provenance,
	QuarterTrend
} from '../views/branch-view';
import type { Comparison } from '../views/view-params';

export class BranchNotFound extends Error {}

/** The metrics whose cells stand behind a metric's value. */
function inputsOf(m: Metric): MetricId[] {
	return m.ratio ? [m.ratio.numerator, m.ratio.denominator] : [m.id];
}

const single = (month: Month): Period => ({ from: month, to: month });

/** A metric's value in one month (for a to-date ratio: the rate to that month's end). */
function monthly(series: Series, metric: Metric, month: Month): Aggregate {
	return aggregateMetric(series, metric, single(month));
}

/** The 3-month rolling figure: mean of reported months for counts, pooled ratio for ratios. */
function rolling(series: Series, metric: Metric, months: Month[]): (number | null)[] {
	if (metric.kind === 'ratio')
		return months.map(
			(m) => aggregateMetric(series, metric, { from: addMonths(m, -2), to: m }).value
		);
	return rollingMean(series.get(metric.id) ?? EMPTY_VALUES, months);
}

/** Where each current value of a branch came from, keyed `metric|month`. */
export async function cellSources(
	db: Db,
	slug: string,
	period: Period,
	metrics: MetricId[]
): Promise<Map<string, Provenance>> {
	const rows = await db
		.selectFrom('current_values as cv')
		.innerJoin('import_cells as o', (j) =>
			j
				.onRef('o.import_id', '=', 'cv.import_id')
				.onRef('o.branch', '=', 'cv.branch')
				.onRef('o.month', '=', 'cv.month')
				.onRef('o.metric', '=', 'cv.metric')
		)
		.innerJoin('imports as i', 'i.id', 'cv.import_id')
		.select([
			'cv.month',
			'cv.metric',
			'i.id',
			'i.file_name',
			'i.imported_at',
			'o.source_row',
			'o.source_column'
		])
		.where('cv.branch', '=', slug)
		.where('cv.month', '>=', period.from)
		.where('cv.month', '<=', period.to)
		.where('cv.metric', 'in', metrics.length ? metrics : [''])
		.execute();
	return new Map(
		rows.map((r) => [
			`${r.metric}|${r.month}`,
			{
				metric: r.metric as MetricId,
				importId: r.id,
				fileName: r.file_name,
				importedAt: r.imported_at,
				row: r.source_row,
				column: r.source_column
			}
		])
	);
}

async function lastImport(db: Db, slug: string) {
	const r = await db
		.selectFrom('current_values as cv')
		.innerJoin('imports as i', 'i.id', 'cv.import_id')
		.select(['i.id', 'i.file_name', 'i.imported_at'])
		.where('cv.branch', '=', slug)
		.orderBy('i.imported_at', 'desc')
		.orderBy('i.id', 'desc')
		.limit(1)
		.executeTakeFirst();
	return r ? { id: r.id, fileName: r.file_name, importedAt: r.imported_at } : null;
}

/**
 * The branch page's data. Throws BranchNotFound for an unknown slug. `metrics` are the chosen
 * metrics (the first is primary); `norm` decides what the header ranks compare.
 */
export async function branchView(
	db: Db,
	input: {
		slug: string;
		period: Period;
		metrics: MetricId[];
		norm?: Normalisation;
		/** The trends' comparison line: the previous equal period or the same months a year earlier. */
		cmp?: Comparison;
	}
): Promise<BranchView> {
	const registry = await loadRegistry(db);
	const branch = registry.bySlug(input.slug);
	if (!branch) throw new BranchNotFound(input.slug);
	const { period } = input;
	const norm = input.norm ?? 'raw';
	const cmp = input.cmp ?? 'none';
	// The comparison's months align with the period's: shifted by a year, or by the period's length.
	const shift = cmp === 'yoy' ? -12 : cmp === 'prev' ? -monthCount(period) : 0;
	const months = monthsIn(period);
	const { series: all } = await currentSnapshot(db);
	const empty: Series = new Map();
	const slugs = registry.branches.map((b) => b.slug);
	const seriesOf = (slug: string) => all.get(slug) ?? empty;
	const own = seriesOf(branch.slug);
	const chosen = input.metrics.map(metricById);

	const sourceMetrics = new Set<MetricId>([...chosen.flatMap(inputsOf), ...ORGANISATIONAL_LIFE]);
	const sources = await cellSources(db, branch.slug, period, [...sourceMetrics]);
	const sourcesOf = (ids: MetricId[], ms: Month[]) =>
		ms.flatMap((month) => ids.flatMap((id) => sources.get(`${id}|${month}`) ?? []));

	/** A count with a quarterly norm, by the whole quarters of the period (null otherwise). */
	const byQuarter = (metric: Metric): QuarterTrend | null => {
		if (metric.kind !== 'sum' || normOf(metric)?.per !== 'quarter') return null;
		const quarters = quartersWithin(period);
		if (!quarters.length) return null;
		const span = (q: { months: Month[] }, by = 0): Period => ({
			from: addMonths(q.months[0], by),
			to: addMonths(q.months[2], by)
		});
		const own = quarters.map((q) => aggregateMetric(seriesOf(branch.slug), metric, span(q)));
		const average = quarters.map((q) =>
			allBranchFigure(
				metric,
				slugs.map((slug) => aggregateMetric(seriesOf(slug), metric, span(q)))
			)
		);
		return {
			quarters: quarters.map((q) => q.quarter),
			months: quarters.map((q) => q.months),
			values: own.map((a) => a.value),
			reported: own.map((a) => a.reported),
			average: average.map((a) => a.value),
			averageBranches: average.map((a) => a.branches),
			// The previous period's quarters: whole quarters back (exact for a period of whole quarters).
			previous: shift
				? quarters.map(
						(q) =>
							aggregateMetric(seriesOf(branch.slug), metric, span(q, -Math.ceil(-shift / 3) * 3))
								.value
					)
				: null,
			sources: quarters.map((q) => sourcesOf(inputsOf(metric), q.months))
		};
	};

	const trends = chosen.map((metric): MetricTrend => {
		const figures = slugs.map((slug) => {
			const s = seriesOf(slug);
			const agg = aggregateMetric(s, metric, period);
			return normalise(agg, metric, norm, {
				period,
				avgMembers: averageMembers(s, period)
			});
		});
		const ranks = rankValues(figures);
		const i = slugs.indexOf(branch.slug);
		const average = months.map((month) =>
			allBranchFigure(
				metric,
				slugs.map((slug) => monthly(seriesOf(slug), metric, month))
			)
		);
		return {
			metric: metric.id,
			total: aggregateMetric(own, metric, period),
			figure: figures[i],
			rank: ranks[i],
			tied: tiedRanks(ranks)[i],
			ranked: figures.filter((f) => f !== null).length,
			values: months.map((month) => monthly(own, metric, month).value),
			sources: months.map((month) => sourcesOf(inputsOf(metric), [month])),
			average: average.map((a) => a.value),
			averageBranches: average.map((a) => a.branches),
			previous: shift
				? months.map((month) => monthly(own, metric, addMonths(month, shift)).value)
				: null,
			rolling: rolling(own, metric, months),
			norm: normOf(metric),
			quarterly: byQuarter(metric)
		};
	});

	const primary = chosen[0];
	const monthlyRanks = months.map((month) =>
		rankValues(slugs.map((slug) => monthly(seriesOf(slug), primary, month).value))
	);
	const rankTrend = {
		metric: primary.id,
		ranks: monthlyRanks.map((r) => r[slugs.indexOf(branch.slug)]),
		tied: monthlyRanks.map((r) => tiedRanks(r)[slugs.indexOf(branch.slug)]),
		ranked: monthlyRanks.map((r) => r.filter((x) => x !== null).length)
	};

	const calendar = ORGANISATIONAL_LIFE.flatMap((id): CalendarRow[] => {
		const coverage = normCoverage(own, metricById(id), period);
		if (!coverage) return [];
		return [
			{
				metric: id,
				norm: coverage.norm,
				met: coverage.met,
				units: coverage.units.length,
				cells: coverage.units.map((u) => ({ ...u, sources: sourcesOf([id], u.months) }))
			}
		];
	});

	const profile = METRICS.map((metric) => {
		const total = aggregateMetric(own, metric, period);
		return {
			metric: metric.id,
			values: months.map((month) => monthly(own, metric, month).value),
			total: total.value,
			reported: total.reported
		};
	});

	const reportedMonths = new Set<Month>();
	for (const values of own.values())
		for (const month of values.keys())
			if (month >= period.from && month <= period.to) reportedMonths.add(month);

	return {
		branch: {
			slug: branch.slug,
			name: branch.name,
			short: branch.short,
			nameEn: branch.nameEn,
			shortEn: branch.shortEn,
			colour: branch.colour
		},
		period,
		months,
		norm,
		cmp,
		header: {
			members: aggregateMetric(own, metricById('members'), period).value,
			monthsReported: reportedMonths.size,
			lastImport: await lastImport(db, branch.slug),
			branchCount: slugs.length
		},
		trends,
		rankTrend,
		calendar,
		profile
	};
}
