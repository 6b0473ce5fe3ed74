/**
 * Turns the branch page's server data into chart inputs (frames and builder data) in the UI
 * language. Kept apart from the builders so they stay free of messages and stores.
 */
import { figureKind } from '$lib/domain/aggregate';
import { tiedMark } from '$lib/domain/format';
import { metricById, type Metric } from '$lib/domain/metrics';
import { branchShort, inLang, metricLabel, unitLabel, type Lang } from '$lib/i18n';
import { safeFileStem, type ChartFrame } from '$lib/charts/frame';
import { rankTrendChart, type RankTrendData } from '$lib/charts/rank-trend';
import { trendChart, type TrendData } from '$lib/charts/trend';
import { m } from '$lib/paraglide/messages.js';
import type { BranchView, MetricTrend } from '$lib/views/branch-view';
import { periodText } from '$lib/views/period-text';
import type { ViewChart, ViewRegistry } from '$lib/views/view-chart';

/** The frame every chart of the page shares: `第一检察部 · 2019-06 至 2020-06`, source, as-of. */
export function chartFrame(
	view: BranchView,
	title: string,
	unit: string,
	stem: string,
	lang: Lang
): ChartFrame {
	const o = inLang(lang);
	const short = branchShort(view.branch, lang);
	return {
		title,
		subtitle: m.bp_subtitle(
			{ branch: short, period: periodText(view.period.from, view.period.to, lang) },
			o
		),
		unit,
		source: m.bp_chart_source({}, o),
		asOf: asOf(view, lang),
		legend: [],
		fileStem: safeFileStem(`${short}_${stem}_${view.period.from}_${view.period.to}`)
	};
}

/** `数据截至 2020-06（最近导入 2026-11-30）`: the latest month the branch reported in the view. */
function asOf(view: BranchView, lang: Lang): string {
	const o = inLang(lang);
	const imp = view.header.lastImport;
	const reported = view.months.filter((_, i) => view.trends.some((t) => t.values[i] !== null));
	const month = reported.at(-1);
	if (!month) return imp ? m.bp_as_of({ date: imp.importedAt.slice(0, 10) }, o) : '';
	return imp
		? m.bp_as_of_month({ month, date: imp.importedAt.slice(0, 10) }, o)
		: m.ov_as_of_month({ month }, o);
}

/** The norm as a per-month reference: a monthly norm as is, a quarterly one spread over 3 months. */
function normLine(metric: Metric, trend: MetricTrend, lang: Lang) {
	const o = inLang(lang);
	const norm = trend.norm;
	if (!norm || metric.kind !== 'sum') return null;
	const unit = unitLabel(metric, lang);
	if (norm.per === 'month')
		return { value: norm.min, label: m.bp_norm_month({ min: norm.min, unit }, o) };
	const perMonth = norm.min / 3;
	return {
		value: perMonth,
		label: m.bp_norm_quarter({ min: norm.min, unit, perMonth: perMonth.toFixed(2) }, o)
	};
}

/** `不适用：本期部门办案总数为 0`: a ratio reported all along over a denominator of 0. */
function notApplicable(metric: Metric, trend: MetricTrend, lang: Lang): string | undefined {
	const t = trend.total;
	if (!metric.ratio || t.value !== null || t.reported === 0 || t.denominator !== 0)
		return undefined;
	const denominator = metricLabel(metricById(metric.ratio.denominator), lang);
	return m.bp_not_applicable({ denominator }, inLang(lang));
}

/** A trend's axis: months, or quarters where the norm is quarterly (see `MetricTrend.quarterly`). */
export type TrendAxis = 'month' | 'quarter';

/** The axis a trend is drawn on: quarters when asked and the trend has them, else months. */
export function trendAxis(trend: MetricTrend, asked: TrendAxis): TrendAxis {
	return asked === 'quarter' && trend.quarterly ? 'quarter' : 'month';
}

/** The trend by quarter: each quarter's count against the quarterly norm itself. */
function quarterInput(view: BranchView, trend: MetricTrend, metric: Metric, lang: Lang): TrendData {
	const o = inLang(lang);
	const q = trend.quarterly!;
	const unit = unitLabel(metric, lang);
	return {
		months: q.quarters,
		kind: 'count',
		unit,
		branch: { name: branchShort(view.branch, lang), colour: view.branch.colour, values: q.values },
		sources: q.sources.map((list) =>
			list.map((s) => ({
				label: metricLabel(metricById(s.metric), lang),
				importId: s.importId,
				fileName: s.fileName,
				importedAt: s.importedAt,
				row: s.row
			}))
		),
		average: { name: m.bp_line_average_mean({}, o), values: q.average },
		previous: q.previous
			? {
					name: view.cmp === 'prev' ? m.bp_line_previous_period({}, o) : m.bp_line_previous({}, o),
					values: q.previous
				}
			: null,
		rolling: null,
		norm: trend.norm
			? { value: trend.norm.min, label: m.bp_norm_per_quarter({ min: trend.norm.min, unit }, o) }
			: null,
		partial: q.reported.map((n) => n > 0 && n < 3),
		words: {
			month: m.bp_quarter({}, o),
			notReported: m.bp_not_reported({}, o),
			source: m.bp_source({}, o),
			row: (row) => m.bp_row({ row }, o),
			imported: m.bp_imported({}, o),
			partial: (i) => m.bp_quarter_partial({ reported: q.reported[i], months: 3 }, o)
		}
	};
}

export function trendInput(
	view: BranchView,
	trend: MetricTrend,
	rolling: boolean,
	lang: Lang,
	axis: TrendAxis = 'month'
): { data: TrendData; frame: ChartFrame } {
	const o = inLang(lang);
	const metric = metricById(trend.metric);
	const label = metricLabel(metric, lang);
	if (trendAxis(trend, axis) === 'quarter') {
		const byQuarter = m.bp_by_quarter({}, o);
		const frame = chartFrame(view, label, unitLabel(metric, lang), `${label}_${byQuarter}`, lang);
		frame.subtitle = `${frame.subtitle} · ${byQuarter}`;
		return { data: quarterInput(view, trend, metric, lang), frame };
	}
	const data: TrendData = {
		months: view.months,
		kind: figureKind(metric),
		unit: unitLabel(metric, lang),
		branch: {
			name: branchShort(view.branch, lang),
			colour: view.branch.colour,
			values: trend.values
		},
		sources: trend.sources.map((list) =>
			list.map((s) => ({
				label: metricLabel(metricById(s.metric), lang),
				importId: s.importId,
				fileName: s.fileName,
				importedAt: s.importedAt,
				row: s.row
			}))
		),
		average: {
			name:
				metric.kind === 'ratio' ? m.bp_line_average_pooled({}, o) : m.bp_line_average_mean({}, o),
			values: trend.average
		},
		previous: trend.previous
			? {
					name: view.cmp === 'prev' ? m.bp_line_previous_period({}, o) : m.bp_line_previous({}, o),
					values: trend.previous
				}
			: null,
		rolling: rolling ? { name: m.bp_line_rolling({}, o), values: trend.rolling } : null,
		norm: normLine(metric, trend, lang),
		empty: notApplicable(metric, trend, lang),
		words: {
			month: m.bp_month({}, o),
			notReported: m.bp_not_reported({}, o),
			source: m.bp_source({}, o),
			row: (row) => m.bp_row({ row }, o),
			imported: m.bp_imported({}, o)
		}
	};
	return { data, frame: chartFrame(view, label, unitLabel(metric, lang), label, lang) };
}

export function rankInput(
	view: BranchView,
	lang: Lang
): { data: RankTrendData; frame: ChartFrame } {
	const o = inLang(lang);
	const metric = metricById(view.rankTrend.metric);
	const label = metricLabel(metric, lang);
	const title = m.bp_rank_title({ metric: label }, o);
	return {
		data: {
			months: view.months,
			ranks: view.rankTrend.ranks,
			ranked: view.rankTrend.ranked,
			tied: view.rankTrend.tied,
			branchCount: view.header.branchCount,
			name: branchShort(view.branch, lang),
			colour: view.branch.colour,
			words: {
				month: m.bp_month({}, o),
				rank: m.bp_rank_col({}, o),
				notReported: m.bp_not_reported({}, o),
				tied: tiedMark(lang),
				rankOf: (rank, of) => m.bp_rank_of({ rank, of }, o)
			}
		},
		frame: chartFrame(view, title, '', `${label}_${m.bp_rank_col({}, o)}`, lang)
	};
}

/**
 * A branch page's charts, one signature with the overview's: `(data, registry, lang)`. One trend
 * per chosen metric, then the rank over time; every word in `lang`.
 */
export function branchCharts(
	view: BranchView,
	_registry: ViewRegistry,
	lang: Lang,
	opts: { rolling?: boolean; axis?: TrendAxis } = {}
): ViewChart[] {
	const charts: ViewChart[] = view.trends.map((trend) => {
		const input = trendInput(view, trend, opts.rolling ?? false, lang, opts.axis);
		return {
			id: `trend:${trend.metric}`,
			build: (ctx) => trendChart(input.data, input.frame, ctx)
		};
	});
	const rank = rankInput(view, lang);
	charts.push({ id: 'rank-trend', build: (ctx) => rankTrendChart(rank.data, rank.frame, ctx) });
	return charts;
}
