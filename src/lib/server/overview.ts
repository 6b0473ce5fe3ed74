/**
 * The committee overview: every chart of `/` from the data version's in-memory snapshot of current
 * values (current-series.ts; read once per import or revert), by the domain's aggregation rules.
 * A view costs a check of the data version (the store's change token; see data-version.ts) plus
 * array reads; answers are cached per data version.
 */
import {
	aggregateMetric,
	allBranchFigure,
	figureKind,
	averageMembers,
	monthlyFigures,
	normalisationApplies,
	normalise,
	normCoverageCounts,
	normExpectation,
	rankValues,
	type Aggregate,
	type Normalisation,
	type Series
} from '../domain/aggregate';
import { metricById, normOf, ORGANISATIONAL_LIFE, type Metric } from '../domain/metrics';
import { monthsIn, previousPeriod, yearEarlier, type Month, type Period } from '../domain/periods';
import { currentSnapshot, type Snapshot } from './current-series';
import type { Db } from './db';
import type { CoverageCell, MetricView, OverviewInput, OverviewView } from '../views/overview-view';

interface PeriodFigures {
	aggs: Aggregate[];
	normalised: (number | null)[];
}

function figuresFor(
	metric: Metric,
	norm: Normalisation,
	period: Period,
	series: Series[]
): PeriodFigures {
	const aggs = series.map((s) => aggregateMetric(s, metric, period));
	const normalised = aggs.map((agg, i) =>
		norm === 'raw'
			? agg.value
			: normalise(agg, metric, norm, {
					period,
					avgMembers: norm === 'per10' ? averageMembers(series[i], period) : null
				})
	);
	return { aggs, normalised };
}

/**
 * Answers per snapshot (one per data version) and view: a repeated view (Back, reload, every
 * committee member opening the default view) costs the version check only.
 */
const answers = new WeakMap<Snapshot, Map<string, OverviewView>>();
/** Views kept per data version: 64 at the programme's 8 branches, 8 at 1,000 (~5 MB a view). */
const cachedViews = (branches: number) => Math.max(4, Math.min(64, Math.floor(8000 / branches)));

/** The latest month in the period with any value of any branch, or null. */
function latestMonth(series: Series[], period: Period): Month | null {
	let latest: Month | null = null;
	for (const s of series)
		for (const values of s.values()) {
			const m = values.latestMonthIn(period);
			if (m !== null && (latest === null || m > latest)) latest = m;
		}
	return latest;
}

/** Everything the overview's charts need for one view. */
export async function overviewView(
	db: Db,
	branchSlugs: readonly string[],
	input: OverviewInput
): Promise<OverviewView> {
	const snapshot = await currentSnapshot(db);
	let views = answers.get(snapshot);
	if (!views) answers.set(snapshot, (views = new Map()));
	const key = JSON.stringify([
		branchSlugs,
		input.from,
		input.to,
		input.metrics,
		input.norm,
		input.cmp
	]);
	const hit = views.get(key);
	if (hit) return hit;
	const view = computeOverview(snapshot, branchSlugs, input);
	if (views.size >= cachedViews(branchSlugs.length)) views.delete(views.keys().next().value!);
	views.set(key, view);
	return view;
}

/** The same answer computed afresh from the data version's snapshot (for measuring). */
export async function overviewViewUncached(
	db: Db,
	branchSlugs: readonly string[],
	input: OverviewInput
): Promise<OverviewView> {
	return computeOverview(await currentSnapshot(db), branchSlugs, input);
}

function computeOverview(
	{ series: bySlug, asOf }: Snapshot,
	branchSlugs: readonly string[],
	input: OverviewInput
): OverviewView {
	const period: Period = { from: input.from, to: input.to };
	const previous =
		input.cmp === 'prev'
			? previousPeriod(period)
			: input.cmp === 'yoy'
				? yearEarlier(period)
				: null;
	const metrics = [...new Set(input.metrics)].map(metricById);
	const empty: Series = new Map();
	const series = branchSlugs.map((slug) => bySlug.get(slug) ?? empty);
	const months = monthsIn(period);

	const views: MetricView[] = metrics.map((metric) => {
		const applies = normalisationApplies(metric, input.norm);
		const norm: Normalisation = applies ? input.norm : 'raw';
		const cur = figuresFor(metric, norm, period, series);
		const prev = previous ? figuresFor(metric, norm, previous, series) : null;
		const ranks = rankValues(cur.normalised);
		const rule = normOf(metric);
		const normLine =
			rule && metric.kind === 'sum'
				? norm === 'raw'
					? normExpectation(rule, period)
					: norm === 'norm'
						? 1
						: null
				: null;
		return {
			id: metric.id,
			norm,
			normApplies: applies,
			applies: {
				raw: true,
				per10: normalisationApplies(metric, 'per10'),
				norm: normalisationApplies(metric, 'norm')
			},
			figure: figureKind(metric, norm),
			rule,
			normLine,
			branches: branchSlugs.map((slug, i) => ({
				slug,
				value: cur.aggs[i].value,
				normalised: cur.normalised[i],
				reported: cur.aggs[i].reported,
				months: cur.aggs[i].months,
				rank: ranks[i],
				partial: cur.aggs[i].reported > 0 && cur.aggs[i].reported < cur.aggs[i].months,
				previous: prev ? { value: prev.aggs[i].value, normalised: prev.normalised[i] } : null
			})),
			allBranch: allBranchFigure(metric, cur.aggs, cur.normalised),
			previousAllBranch: prev ? allBranchFigure(metric, prev.aggs, prev.normalised) : null
		};
	});

	// Only the primary metric is drawn month by month (small multiples).
	const monthly: OverviewView['monthly'] = {};
	if (metrics.length) {
		const perBranch: Record<string, (number | null)[]> = {};
		branchSlugs.forEach(
			(slug, i) => (perBranch[slug] = monthlyFigures(series[i], metrics[0], months))
		);
		monthly[metrics[0].id] = perBranch;
	}

	const coverage = branchSlugs.map((slug, i) => ({
		slug,
		cells: ORGANISATIONAL_LIFE.flatMap((id): CoverageCell[] => {
			const c = normCoverageCounts(series[i], metricById(id), period);
			if (!c) return [];
			return [
				{
					metric: id,
					rule: c.norm,
					coverage: c.coverage,
					units: c.unitCount,
					met: c.met,
					notMet: c.notMet,
					notReported: c.notReported
				}
			];
		})
	}));

	return {
		period,
		previous,
		cmp: input.cmp,
		months,
		norm: input.norm,
		branches: [...branchSlugs],
		metrics: views,
		monthly,
		normCoverage: { metrics: [...ORGANISATIONAL_LIFE], branches: coverage },
		asOf,
		dataTo: latestMonth(series, period),
		hasData:
			views.some((v) => v.branches.some((b) => b.reported > 0)) ||
			coverage.some((b) => b.cells.some((c) => c.notReported < c.units))
	};
}
