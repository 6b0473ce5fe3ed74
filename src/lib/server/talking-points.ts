/**
 * The talking points of a view (overview, a branch page, decks, the bulletin): the figures the
 * rules of `domain/talking-points.ts` need, taken from the data version's snapshot by the same
 * aggregation rules as every chart, then each value to check linked to its source file and row.
 */
import {
	aggregateMetric,
	allBranchFigure,
	averageMembers,
	figureKind,
	monthlyFigures,
	normalise,
	normCoverage,
	type Normalisation,
	type Series
} from '../domain/aggregate';
import type { BranchRegistry } from '../domain/branches';
import {
	metricById,
	normOf,
	ORGANISATIONAL_LIFE,
	type Metric,
	type MetricId
} from '../domain/metrics';
import {
	addMonths,
	monthCount,
	monthsIn,
	previousPeriod,
	yearEarlier,
	type Period
} from '../domain/periods';
import {
	talkingPoints,
	FINDING_RULES,
	type Finding,
	type FindingsInput,
	type MetricFigures
} from '../domain/talking-points';
import { cellSources } from './branch-page';
import { currentSnapshot } from './current-series';
import type { Db } from './db';

export interface FindingsRequest {
	period: Period;
	/** The view's metrics (the first is the primary one). */
	metrics: MetricId[];
	norm: Normalisation;
	/** One branch's findings (its page or report) instead of the committee's comparison. */
	focus?: string;
}

const NO_VALUES: Series = new Map();

/** A branch's figure under the view's normalisation, with the months behind it. */
function figure(series: Series, metric: Metric, norm: Normalisation, period: Period) {
	const agg = aggregateMetric(series, metric, period);
	const applies = norm === 'raw' || metric.kind === 'sum';
	const value =
		!applies || norm === 'raw'
			? agg.value
			: normalise(agg, metric, norm, {
					period,
					avgMembers: norm === 'per10' ? averageMembers(series, period) : null
				});
	return { agg, value, reported: agg.reported, months: monthCount(period) };
}

/** The figures the talking-point rules read, for every registered branch. */
export async function findingsInput(
	db: Db,
	registry: BranchRegistry,
	req: FindingsRequest
): Promise<FindingsInput> {
	const { series: bySlug } = await currentSnapshot(db);
	const branches = registry.branches;
	const seriesOf = (slug: string) => bySlug.get(slug) ?? NO_VALUES;
	const months = monthsIn(req.period);
	const previous = previousPeriod(req.period);
	const yearAgo = yearEarlier(req.period);
	const sameMonths = previous.from === yearAgo.from && previous.to === yearAgo.to;

	const reporting = branches.map((b) => {
		const s = seriesOf(b.slug);
		const missing = months.filter((m) => ![...s.values()].some((v) => v.get(m) !== undefined));
		return {
			slug: b.slug,
			reported: months.length - missing.length,
			months: months.length,
			missing
		};
	});

	const metrics: MetricFigures[] = req.metrics.map((id) => {
		const metric = metricById(id);
		const norm = metric.kind === 'sum' ? req.norm : 'raw';
		const now = branches.map((b) => figure(seriesOf(b.slug), metric, norm, req.period));
		const all = allBranchFigure(
			metric,
			now.map((f) => f.agg),
			now.map((f) => f.value)
		);
		const base = (slug: string, p: Period) => {
			const f = figure(seriesOf(slug), metric, norm, p);
			return { value: f.value, reported: f.reported, months: f.months };
		};
		return {
			metric: id,
			figure: figureKind(metric, norm),
			allBranch: all.value,
			branches: branches.map((b, i) => ({
				slug: b.slug,
				value: now[i].value,
				reported: now[i].reported,
				months: now[i].months,
				previous: base(b.slug, previous),
				// A year's previous period is the year before: said once.
				yearAgo: sameMonths ? null : base(b.slug, yearAgo)
			}))
		};
	});

	const norms = ORGANISATIONAL_LIFE.flatMap((id) => {
		const metric = metricById(id);
		const perBranch = branches.flatMap((b) => {
			const c = normCoverage(seriesOf(b.slug), metric, req.period);
			if (!c) return [];
			return [
				{
					slug: b.slug,
					missed: c.units.filter((u) => u.status === 'not_met').map((u) => u.unit),
					unreported: c.units.filter((u) => u.status === 'not_reported').map((u) => u.unit),
					units: c.units.length
				}
			];
		});
		const rule = normOf(metric);
		return rule && perBranch.length ? [{ metric: id, rule, branches: perBranch }] : [];
	});

	const historyMonths = monthsIn({
		from: addMonths(req.period.from, -FINDING_RULES.outlier.historyMonths),
		to: req.period.to
	});
	const history = req.metrics
		.map(metricById)
		.filter((m) => m.kind !== 'ratio' || !m.ratio!.toDate) // a to-date rate moves by design
		.flatMap((metric) =>
			branches.map((b) => ({
				slug: b.slug,
				metric: metric.id,
				months: historyMonths,
				values: monthlyFigures(seriesOf(b.slug), metric, historyMonths)
			}))
		);

	return {
		period: req.period,
		branches: branches.map((b) => ({ slug: b.slug, zh: b.short, en: b.shortEn })),
		reporting,
		metrics,
		norms,
		history,
		focus: req.focus
	};
}

/**
 * The talking points of a view, each value to check linked to the file and row it came from
 * (a few small queries: one per flagged value).
 */
export async function findingsFor(
	db: Db,
	registry: BranchRegistry,
	req: FindingsRequest
): Promise<Finding[]> {
	const findings = talkingPoints(await findingsInput(db, registry, req));
	for (const f of findings) {
		const { slug, metric, month } = f.about;
		if (f.rule !== 'outlier' || !slug || !metric || !month) continue;
		const sources = await cellSources(db, slug, { from: month, to: month }, [metric]);
		const source = sources.get(`${metric}|${month}`);
		if (source)
			f.link = { to: 'import', importId: source.importId, row: source.row, column: source.column };
	}
	return findings;
}
