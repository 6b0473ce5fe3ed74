/**
 * Turns the branch page's server data into chart inputs (frames and builder data) in the UI
 * language. Kept apart from the builders so they stay free of messages and stores.
 */
import type { FigureKind } from '$lib/domain/format';
import { metricById, type Metric } from '$lib/domain/metrics';
import { branchShort, metricLabel, unitLabel } from '$lib/i18n';
import { safeFileStem, type ChartFrame } from '$lib/charts/frame';
import type { RankTrendData } from '$lib/charts/rank-trend';
import type { TrendData } from '$lib/charts/trend';
import { m } from '$lib/paraglide/messages.js';
import type { BranchView, MetricTrend } from '$lib/views/branch-view';

export function figureKind(metric: Metric): FigureKind {
	return metric.kind === 'ratio' ? 'ratio' : 'count';
}

/** The frame every chart of the page shares: `第一检察部 · 2019-06 至 2020-06`, source, as-of. */
export function chartFrame(
	view: BranchView,
	title: string,
	unit: string,
	stem: string
): ChartFrame {
	const short = branchShort(view.branch);
	const imp = view.header.lastImport;
	return {
		title,
		subtitle: m.bp_subtitle({ branch: short, from: view.period.from, to: view.period.to }),
		unit,
		source: m.bp_chart_source(),
		asOf: imp ? m.bp_as_of({ date: imp.importedAt.slice(0, 10) }) : '',
		legend: [],
		fileStem: safeFileStem(`${short}_${stem}_${view.period.from}_${view.period.to}`)
	};
}

/** The norm as a per-month reference: a monthly norm as is, a quarterly one spread over 3 months. */
function normLine(metric: Metric, trend: MetricTrend) {
	const norm = trend.norm;
	if (!norm || metric.kind !== 'sum') return null;
	const unit = unitLabel(metric);
	if (norm.per === 'month')
		return { value: norm.min, label: m.bp_norm_month({ min: norm.min, unit }) };
	const perMonth = norm.min / 3;
	return {
		value: perMonth,
		label: m.bp_norm_quarter({ min: norm.min, unit, perMonth: perMonth.toFixed(2) })
	};
}

/** A trend's axis: months, or quarters where the norm is quarterly (see `MetricTrend.quarterly`). */
export type TrendAxis = 'month' | 'quarter';

/** The axis a trend is drawn on: quarters when asked and the trend has them, else months. */
export function trendAxis(trend: MetricTrend, asked: TrendAxis): TrendAxis {
	return asked === 'quarter' && trend.quarterly ? 'quarter' : 'month';
}

/** The trend by quarter: each quarter's count against the quarterly norm itself. */
function quarterInput(view: BranchView, trend: MetricTrend, metric: Metric): TrendData {
	const q = trend.quarterly!;
	const unit = unitLabel(metric);
	return {
		months: q.quarters,
		kind: 'count',
		unit,
		branch: { name: branchShort(view.branch), colour: view.branch.colour, values: q.values },
		sources: q.sources.map((list) =>
			list.map((s) => ({
				label: metricLabel(metricById(s.metric)),
				importId: s.importId,
				fileName: s.fileName,
				importedAt: s.importedAt,
				row: s.row
			}))
		),
		average: { name: m.bp_line_average_mean(), values: q.average },
		previous: q.previous
			? {
					name: view.cmp === 'prev' ? m.bp_line_previous_period() : m.bp_line_previous(),
					values: q.previous
				}
			: null,
		rolling: null,
		norm: trend.norm
			? { value: trend.norm.min, label: m.bp_norm_per_quarter({ min: trend.norm.min, unit }) }
			: null,
		partial: q.reported.map((n) => n > 0 && n < 3),
		words: {
			month: m.bp_quarter(),
			notReported: m.bp_not_reported(),
			source: m.bp_source(),
			row: (row) => m.bp_row({ row }),
			imported: m.bp_imported(),
			partial: (i) => m.bp_quarter_partial({ reported: q.reported[i], months: 3 })
		}
	};
}

export function trendInput(
	view: BranchView,
	trend: MetricTrend,
	rolling: boolean,
	axis: TrendAxis = 'month'
): { data: TrendData; frame: ChartFrame } {
	const metric = metricById(trend.metric);
	const label = metricLabel(metric);
	if (trendAxis(trend, axis) === 'quarter') {
		const frame = chartFrame(view, label, unitLabel(metric), `${label}_${m.bp_by_quarter()}`);
		frame.subtitle = `${frame.subtitle} · ${m.bp_by_quarter()}`;
		return { data: quarterInput(view, trend, metric), frame };
	}
	const data: TrendData = {
		months: view.months,
		kind: figureKind(metric),
		unit: unitLabel(metric),
		branch: { name: branchShort(view.branch), colour: view.branch.colour, values: trend.values },
		sources: trend.sources.map((list) =>
			list.map((s) => ({
				label: metricLabel(metricById(s.metric)),
				importId: s.importId,
				fileName: s.fileName,
				importedAt: s.importedAt,
				row: s.row
			}))
		),
		average: {
			name: metric.kind === 'ratio' ? m.bp_line_average_pooled() : m.bp_line_average_mean(),
			values: trend.average
		},
		previous: trend.previous
			? {
					name: view.cmp === 'prev' ? m.bp_line_previous_period() : m.bp_line_previous(),
					values: trend.previous
				}
			: null,
		rolling: rolling ? { name: m.bp_line_rolling(), values: trend.rolling } : null,
		norm: normLine(metric, trend),
		words: {
			month: m.bp_month(),
			notReported: m.bp_not_reported(),
			source: m.bp_source(),
			row: (row) => m.bp_row({ row }),
			imported: m.bp_imported()
		}
	};
	return { data, frame: chartFrame(view, label, unitLabel(metric), label) };
}

export function rankInput(view: BranchView): { data: RankTrendData; frame: ChartFrame } {
	const metric = metricById(view.rankTrend.metric);
	const label = metricLabel(metric);
	const title = m.bp_rank_title({ metric: label });
	return {
		data: {
			months: view.months,
			ranks: view.rankTrend.ranks,
			ranked: view.rankTrend.ranked,
			branchCount: view.header.branchCount,
			name: branchShort(view.branch),
			colour: view.branch.colour,
			words: {
				month: m.bp_month(),
				rank: m.bp_rank_col(),
				notReported: m.bp_not_reported(),
				rankOf: (rank, of) => m.bp_rank_of({ rank, of })
			}
		},
		frame: chartFrame(view, title, '', `${label}_${m.bp_rank_col()}`)
	};
}
