/**
 * From one overview view to the ChartSpecs of its charts: frames (title, subtitle, unit, source,
 * as-of, branch legend, file stem) and builder data. Plain TypeScript; the cards only render.
 */
import type { Branch } from '$lib/domain/branches';
import { metricById } from '$lib/domain/metrics';
import type { Normalisation } from '$lib/domain/aggregate';
import type { MetricView, OverviewView } from '$lib/views/overview-view';
import type { ViewChart, ViewRegistry } from '$lib/views/view-chart';
import {
	safeFileStem,
	type ChartBuilder,
	type ChartFrame,
	type ChartSpec,
	type RenderContext
} from '$lib/charts/frame';
import { groupedBarsChart } from '$lib/charts/grouped-bars';
import { heatmapChart } from '$lib/charts/heatmap';
import { rankedBarChart } from '$lib/charts/ranked-bar';
import { smallMultiplesChart } from '$lib/charts/small-multiples';
import type { BranchMatrix } from '$lib/charts/branch-matrix';
import type { FigureWords } from '$lib/charts/words';
import { complianceData, complianceTable } from '$lib/views/compliance';
import { complianceChart } from '$lib/charts/compliance';
import { branchShort, inLang, metricLabel, unitLabel, type Lang } from '$lib/i18n';
import { m } from '$lib/paraglide/messages.js';
import { tiedMark } from '$lib/domain/format';
import { periodText } from '$lib/views/period-text';

/** The words of tooltips and tables; `previous` names what the period is compared with. */
export function figureWords(lang: Lang, cmp: OverviewView['cmp'] = 'prev'): FigureWords {
	const o = inLang(lang);
	return {
		branch: m.ov_w_branch({}, o),
		value: m.ov_w_value({}, o),
		reported: m.ov_w_reported({}, o),
		rank: m.ov_w_rank({}, o),
		notReported: m.ov_w_not_reported({}, o),
		notApplicable: m.ov_w_not_applicable({}, o),
		partial: m.ov_w_partial({}, o),
		previous: cmp === 'yoy' ? m.ov_w_year_earlier({}, o) : m.ov_w_previous({}, o),
		tied: tiedMark(lang)
	};
}

export function normName(n: Normalisation, lang: Lang): string {
	const o = inLang(lang);
	return n === 'per10'
		? m.ov_norm_label_per10({}, o)
		: n === 'norm'
			? m.ov_norm_label_norm({}, o)
			: m.ov_norm_label_raw({}, o);
}

/** The unit a metric's figures are shown in under its normalisation. */
export function figureUnit(v: Pick<MetricView, 'id' | 'figure'>, lang: Lang): string {
	const unit = unitLabel(metricById(v.id), lang);
	if (v.figure === 'norm') return lang === 'en' ? '% of norm' : '占标准 %';
	if (v.figure === 'per10') return lang === 'en' ? `${unit} per 10 members` : `${unit}/10 名党员`;
	return unit;
}

export interface SpecContext {
	view: OverviewView;
	branches: readonly Branch[];
	lang: Lang;
}

/** The subtitle: period and normalisation, and what it is compared with where the chart shows it. */
function subtitle(view: OverviewView, norm: Normalisation, lang: Lang, compared: boolean): string {
	const o = inLang(lang);
	const p = {
		period: periodText(view.period.from, view.period.to, lang),
		norm: normName(norm, lang)
	};
	if (!view.previous || !compared) return m.ov_subtitle(p, o);
	const prev = { ...p, previous: periodText(view.previous.from, view.previous.to, lang) };
	return view.cmp === 'yoy' ? m.ov_subtitle_yoy(prev, o) : m.ov_subtitle_compare(prev, o);
}

/** The `*` note of a chart with any figure built from part of the period's months. */
function partialNote(c: SpecContext, metrics: readonly MetricView[]): string | undefined {
	const partial = metrics.some((v) =>
		v.branches.some((b) => b.reported > 0 && b.reported < b.months)
	);
	return partial ? m.ov_partial_note({}, inLang(c.lang)) : undefined;
}

function frame(
	c: SpecContext,
	title: string,
	norm: Normalisation,
	unit: string,
	legend: boolean,
	opts: { compared?: boolean; footnote?: string } = {}
): ChartFrame {
	return {
		title,
		subtitle: subtitle(c.view, norm, c.lang, opts.compared ?? false),
		footnote: opts.footnote,
		unit,
		source: m.ov_source({}, inLang(c.lang)),
		// The committee reads "as of" as the data month; the import date follows in brackets.
		asOf: c.view.dataTo
			? c.view.asOf
				? m.ov_as_of({ month: c.view.dataTo, date: c.view.asOf.slice(0, 10) }, inLang(c.lang))
				: m.ov_as_of_month({ month: c.view.dataTo }, inLang(c.lang))
			: '',
		legend: legend
			? c.branches.map((b) => ({ name: branchShort(b, c.lang), colour: b.colour }))
			: [],
		fileStem: safeFileStem(`${title}_${c.view.period.from}_${c.view.period.to}`)
	};
}

/** The overview's frame, for slides that are not charts (the deck's KPI summary). */
export { frame as overviewFrame };

function branchOf(c: SpecContext, slug: string): Branch | undefined {
	return c.branches.find((b) => b.slug === slug);
}

function label(c: SpecContext, slug: string): string {
	const b = branchOf(c, slug);
	return b ? branchShort(b, c.lang) : slug;
}

function colour(c: SpecContext, slug: string): string {
	return branchOf(c, slug)?.colour ?? '#8a94a3';
}

/** Ranked bars of the primary metric with the all-branch and norm lines. */
export function rankedSpec(c: SpecContext, mv: MetricView, ctx: RenderContext): ChartSpec {
	const title = metricLabel(metricById(mv.id), c.lang);
	return rankedBarChart(
		{
			kind: mv.figure,
			unit: figureUnit(mv, c.lang),
			items: mv.branches.map((b) => ({
				slug: b.slug,
				label: label(c, b.slug),
				colour: colour(c, b.slug),
				value: b.normalised,
				reported: b.reported,
				months: b.months,
				rank: b.rank,
				previous: b.previous ? b.previous.normalised : undefined
			})),
			average: {
				value: mv.allBranch.value,
				label:
					mv.allBranch.method === 'pooled'
						? m.ov_all_pooled({}, inLang(c.lang))
						: m.ov_all_mean({}, inLang(c.lang))
			},
			norm:
				mv.normLine === null
					? null
					: { value: mv.normLine, label: m.ov_norm_line({}, inLang(c.lang)) },
			words: figureWords(c.lang, c.view.cmp)
		},
		// The ranked bars are the one chart that draws the comparison (ticks of the previous period).
		frame(c, title, mv.norm, figureUnit(mv, c.lang), true, {
			compared: true,
			footnote: partialNote(c, [mv])
		}),
		ctx
	);
}

/** The chosen metrics × branches with each cell's figure: what grouped bars and heatmap show. */
function branchMetricMatrix(c: SpecContext): BranchMatrix {
	const metrics = c.view.metrics;
	return {
		metrics: metrics.map((v) => ({
			id: v.id,
			label: metricLabel(metricById(v.id), c.lang),
			unit: figureUnit(v, c.lang),
			kind: v.figure
		})),
		branches: c.view.branches.map((slug, i) => ({
			slug,
			label: label(c, slug),
			colour: colour(c, slug),
			cells: metrics.map((v) => ({
				value: v.branches[i].normalised,
				reported: v.branches[i].reported,
				months: v.branches[i].months,
				rank: v.branches[i].rank
			}))
		}))
	};
}

/** Every chosen metric, each on its own axis, one bar per branch. */
export function groupedSpec(c: SpecContext, ctx: RenderContext): ChartSpec {
	return groupedBarsChart(
		{
			...branchMetricMatrix(c),
			words: figureWords(c.lang, c.view.cmp)
		},
		frame(c, m.ov_grouped_title({}, inLang(c.lang)), c.view.norm, '', true, {
			footnote: partialNote(c, c.view.metrics)
		}),
		ctx
	);
}

export function multiplesSpec(c: SpecContext, mv: MetricView, ctx: RenderContext): ChartSpec {
	const metric = metricById(mv.id);
	const title = m.ov_multiples_title({ metric: metricLabel(metric, c.lang) }, inLang(c.lang));
	const monthly = c.view.monthly[mv.id] ?? {};
	const rule = mv.rule;
	const f = frame(c, title, 'raw', unitLabel(metric, c.lang), true);
	// Monthly values cannot be normalised (no monthly membership here): every part of the card is
	// raw, headings included, and under a normalised view its subtitle says so.
	const period = periodText(c.view.period.from, c.view.period.to, c.lang);
	f.subtitle =
		mv.norm === 'raw'
			? m.ov_multiples_sub({ period }, inLang(c.lang))
			: m.ov_multiples_sub_raw({ period, norm: normName(mv.norm, c.lang) }, inLang(c.lang));
	return smallMultiplesChart(
		{
			kind: metric.kind === 'ratio' ? 'ratio' : 'count',
			unit: unitLabel(metric, c.lang),
			months: c.view.months,
			branches: mv.branches.map((b) => ({
				slug: b.slug,
				label: label(c, b.slug),
				colour: colour(c, b.slug),
				values: monthly[b.slug] ?? c.view.months.map(() => null),
				total: b.value,
				totalKind: metric.kind === 'ratio' ? 'ratio' : 'count'
			})),
			norm:
				rule && rule.per === 'month'
					? { value: rule.min, label: m.ov_norm_line({}, inLang(c.lang)) }
					: null,
			words: figureWords(c.lang, c.view.cmp)
		},
		f,
		ctx
	);
}

export function heatmapSpec(c: SpecContext, ctx: RenderContext): ChartSpec {
	return heatmapChart(
		{
			...branchMetricMatrix(c),
			colourBy: c.view.norm === 'norm' ? 'norm' : 'rank',
			words: figureWords(c.lang, c.view.cmp),
			shade: {
				title:
					c.view.norm === 'norm'
						? m.ov_heat_by_norm({}, inLang(c.lang))
						: m.ov_heat_by_rank({}, inLang(c.lang)),
				low: m.ov_heat_low({}, inLang(c.lang)),
				high: m.ov_heat_high({}, inLang(c.lang))
			}
		},
		frame(c, m.ov_heatmap_title({}, inLang(c.lang)), c.view.norm, '', false, {
			footnote: partialNote(c, c.view.metrics)
		}),
		ctx
	);
}

/** The 三会一课 compliance table as a picture: the rows the screen's table shows (one definition). */
export function complianceBuilder(c: SpecContext): ChartBuilder {
	const table = complianceTable(c.view.normCoverage, c, c.lang);
	const f = frame(c, table.title, 'raw', '', false);
	f.subtitle = m.ov_compliance_sub(
		{ from: c.view.period.from, to: c.view.period.to },
		inLang(c.lang)
	);
	return (ctx) =>
		complianceChart(
			{ columns: table.columns, rows: table.rows, table: complianceData(table, c.lang) },
			f,
			ctx
		);
}

/**
 * The overview's charts, one signature for the page and exports: `(data, registry, lang)`. Ranked
 * bars of the primary metric, heatmap, grouped bars, small multiples; every word in `lang`.
 */
export function overviewCharts(
	view: OverviewView,
	registry: ViewRegistry,
	lang: Lang
): ViewChart[] {
	const c: SpecContext = { view, branches: registry.branches, lang };
	const primary = view.metrics[0];
	return [
		{ id: 'ranked', build: (ctx) => rankedSpec(c, primary, ctx) },
		{ id: 'heatmap', build: (ctx) => heatmapSpec(c, ctx) },
		{ id: 'grouped', build: (ctx) => groupedSpec(c, ctx) },
		{ id: 'multiples', build: (ctx) => multiplesSpec(c, primary, ctx) },
		...(view.normCoverage.branches.length
			? [{ id: 'compliance', build: complianceBuilder(c) }]
			: [])
	];
}

/** The slug a chart click refers to: a data item's slug, or a branch name on an axis. */
export function clickedSlug(c: SpecContext, p: { data?: unknown; value?: unknown }): string | null {
	const slug = (p.data as { slug?: string } | undefined)?.slug;
	if (slug) return slug;
	if (typeof p.value === 'string') {
		const b = c.branches.find((x) => branchShort(x, c.lang) === p.value);
		if (b) return b.slug;
	}
	return null;
}
