/** A branch's rank among the branches month by month (1 at the top); unreported months are gaps. */
import {
	escapeHtml,
	framedOption,
	plotInsets,
	strokeWidth,
	textSizes,
	type ChartFrame,
	type ChartSpec,
	type Lang,
	type RenderContext
} from './frame';

export interface RankTrendData {
	months: string[];
	/** Rank per month; null when the branch did not report. */
	ranks: (number | null)[];
	/** Branches ranked each month (those that reported). */
	ranked: number[];
	/** Per month: the rank is shared with another branch (并列 / tied). */
	tied?: boolean[];
	/** How many branches there are: the bottom of the axis. */
	branchCount: number;
	name: string;
	colour: string;
	words: {
		month: string;
		rank: string;
		notReported: string;
		/** After a shared rank: `（并列）` / ` (tied)`. */
		tied?: string;
		/** `第 2 名（共 7 个支部填报）` / `#2 of 7 reporting`. */
		rankOf: (rank: number, of: number) => string;
	};
}

/** A month's rank with its tie mark: `2（并列）` / `2 (tied)`. */
function rankLabel(data: RankTrendData, i: number): string {
	const r = data.ranks[i];
	if (r === null) return '';
	return data.tied?.[i] && data.words.tied ? `${r}${data.words.tied}` : String(r);
}

export function rankTrendTooltip(data: RankTrendData, i: number, lang: Lang = 'zh'): string {
	const r = data.ranks[i];
	const text =
		r === null
			? data.words.notReported
			: `${data.words.rankOf(r, data.ranked[i])}${data.tied?.[i] && data.words.tied ? data.words.tied : ''}`;
	const colon = lang === 'zh' ? '：' : ': ';
	return `<b>${escapeHtml(data.months[i])}</b><br/>${escapeHtml(data.name)}${colon}${escapeHtml(text)}`;
}

export function rankTrendChart(
	data: RankTrendData,
	frame: ChartFrame,
	ctx: RenderContext
): ChartSpec {
	const t = textSizes(ctx);
	const insets = plotInsets(ctx, frame);
	const option = {
		grid: { ...insets, left: insets.left + 8 },
		tooltip: {
			trigger: 'axis',
			confine: true,
			formatter: (p: { dataIndex: number }[] | { dataIndex: number }) =>
				rankTrendTooltip(data, (Array.isArray(p) ? p[0] : p).dataIndex, ctx.lang)
		},
		xAxis: {
			type: 'category',
			data: data.months,
			// Points off the y axis, so rank labels never sit on the axis labels.
			boundaryGap: true,
			axisLabel: { fontSize: t.axis, hideOverlap: true }
		},
		yAxis: {
			type: 'value',
			// Rank 1 at the top.
			inverse: true,
			min: 1,
			max: Math.max(1, data.branchCount),
			interval: 1,
			axisLabel: { fontSize: t.axis }
		},
		series: [
			{
				type: 'line',
				name: data.name,
				data: data.ranks,
				connectNulls: false,
				color: data.colour,
				symbol: 'circle',
				symbolSize: strokeWidth(8, ctx),
				lineStyle: { width: strokeWidth(2.5, ctx) },
				label: {
					show: true,
					position: 'top',
					fontSize: t.small,
					formatter: (p: { dataIndex: number }) => rankLabel(data, p.dataIndex)
				}
			}
		]
	};
	const spec: ChartSpec = {
		frame,
		option,
		table: {
			columns: [data.words.month, data.words.rank],
			rows: data.months.map((m, i) => [m, data.tied?.[i] ? rankLabel(data, i) : data.ranks[i]])
		}
	};
	return { ...spec, option: framedOption(spec, ctx) };
}
