/** Grouped bars: several metrics side by side, one bar per branch in the branch's colour. */
import { formatFigure, type FigureKind } from '../domain/format';
import {
	framedOption,
	plotInsets,
	textSizes,
	type ChartFrame,
	type ChartSpec,
	type RenderContext
} from './frame';
import { TOKENS } from './theme';
import { figureTooltip, reportedText, type FigureWords } from './words';

export interface GroupedBarCell {
	value: number | null;
	reported: number;
	months: number;
	rank: number | null;
}

export interface GroupedBarsData {
	/** One kind for the whole axis (the caller groups metrics that share it). */
	kind: FigureKind;
	metrics: { id: string; label: string; unit: string }[];
	/** Each branch's cells, in the order of `metrics`. */
	branches: { slug: string; label: string; colour: string; cells: GroupedBarCell[] }[];
	words: FigureWords;
}

/** Build the grouped bar chart. A branch that did not report leaves a gap, never a 0 bar. */
export function groupedBarsChart(
	data: GroupedBarsData,
	frame: ChartFrame,
	ctx: RenderContext
): ChartSpec {
	const t = textSizes(ctx);
	const fmt = (v: number | null) => formatFigure(v, data.kind);
	const bars = data.metrics.length * data.branches.length;
	// Value labels only while each bar has room for one (rotated).
	const showLabels = bars <= (ctx.width / 1000) * 60;
	const insets = plotInsets(ctx, frame);
	const option = {
		grid: { ...insets, top: insets.top + (ctx.mode === 'screen' ? 24 : 0) },
		legend:
			ctx.mode === 'screen'
				? {
						top: 0,
						left: 0,
						icon: 'roundRect',
						itemWidth: 12,
						itemHeight: 12,
						textStyle: { fontSize: t.small }
					}
				: undefined,
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p: { seriesIndex: number; dataIndex: number }) => {
				const b = data.branches[p.seriesIndex];
				const c = b.cells[p.dataIndex];
				const metric = data.metrics[p.dataIndex];
				return figureTooltip(
					{
						label: b.label,
						sub: metric.label,
						value: c.value,
						kind: data.kind,
						unit: metric.unit,
						reported: c.reported,
						months: c.months,
						rank: c.rank,
						of: data.branches.length
					},
					data.words
				);
			}
		},
		xAxis: {
			type: 'category',
			data: data.metrics.map((m) => m.label),
			axisLabel: { fontSize: t.axis, interval: 0, width: 120, overflow: 'break' }
		},
		yAxis: { type: 'value', axisLabel: { fontSize: t.axis, formatter: (v: number) => fmt(v) } },
		series: data.branches.map((b) => ({
			type: 'bar',
			name: b.label,
			cursor: 'pointer',
			itemStyle: { color: b.colour },
			barGap: '8%',
			data: b.cells.map((c) => ({
				value: c.value,
				slug: b.slug,
				itemStyle: c.reported < c.months ? { opacity: 0.72 } : undefined
			})),
			label: {
				show: showLabels,
				position: 'insideBottom',
				rotate: 90,
				align: 'left',
				verticalAlign: 'middle',
				distance: 4,
				fontSize: t.small,
				color: TOKENS.text,
				formatter: (p: { value: number | null }) => fmt(p.value)
			}
		}))
	};
	const spec: ChartSpec = {
		frame,
		option,
		table: {
			columns: [data.words.branch, ...data.metrics.flatMap((m) => [m.label, data.words.reported])],
			kinds: [null, ...data.metrics.flatMap(() => [data.kind, null])],
			rows: data.branches.map((b) => [
				b.label,
				...b.cells.flatMap((c) => [
					c.value,
					`${reportedText(c.reported, c.months)}${c.reported > 0 && c.reported < c.months ? '*' : ''}`
				])
			])
		}
	};
	return { ...spec, option: framedOption(spec, ctx) };
}
