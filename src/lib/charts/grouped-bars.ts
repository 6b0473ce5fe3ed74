/**
 * Grouped bars: several metrics side by side, one group of bars per metric with a bar per branch
 * in the branch's colour. Each group has its own value axis: metrics differ in unit and size
 * (4 lectures beside 167 guidance visits), and one shared axis would flatten the small ones.
 */
import { formatFigure } from '../domain/format';
import {
	framedOption,
	plotInsets,
	textSizes,
	type ChartFrame,
	type ChartSpec,
	type RenderContext
} from './frame';
import { niceCeil } from './small-multiples';
import { TOKENS } from './theme';
import { figureTooltip, reportedText, type FigureWords } from './words';
import type { BranchMatrix } from './branch-matrix';

export interface GroupedBarsData extends BranchMatrix {
	words: FigureWords;
}

/** Build the grouped bars. A branch that did not report leaves a gap, never a 0 bar. */
export function groupedBarsChart(
	data: GroupedBarsData,
	frame: ChartFrame,
	ctx: RenderContext
): ChartSpec {
	const t = textSizes(ctx);
	const n = Math.max(1, data.metrics.length);
	const perRow = Math.min(n, Math.max(1, Math.floor(ctx.width / 200)));
	const rows = Math.ceil(n / perRow);
	const inset = plotInsets(ctx, frame);
	// On screen the chart draws its own branch legend; long (English) names can wrap to more rows.
	const legendWidth = data.branches.reduce(
		(w, b) => w + 30 + b.label.length * t.small * (/[\u4e00-\u9fff]/.test(b.label) ? 1 : 0.56),
		0
	);
	const legendRows = Math.max(1, Math.ceil(legendWidth / Math.max(1, ctx.width - 24)));
	const legendH = ctx.mode === 'screen' ? 8 + legendRows * 22 : 0;
	const top0 = (ctx.mode === 'screen' ? 0 : inset.top) + legendH;
	const width = ctx.width - inset.left - inset.right;
	const height = ctx.height - top0 - inset.bottom;
	const cellW = width / perRow;
	const cellH = height / rows;
	const head = Math.round(t.label * 2.6);
	// Room for the value axis labels (`200.0%`), growing with the slide's text.
	const axisW = ctx.mode === 'screen' ? 44 : Math.round(t.small * 3.8);
	const foot = 8;
	const barSlot = (cellW - axisW - 12) / Math.max(1, data.branches.length);
	// Value labels stand upright above bars while they fit; otherwise they turn sideways.
	const rotate = barSlot < t.label * 3 ? 90 : 0;
	const grids: Record<string, unknown>[] = [];
	const xAxes: Record<string, unknown>[] = [];
	const yAxes: Record<string, unknown>[] = [];
	const graphics: Record<string, unknown>[] = [];
	const series: Record<string, unknown>[] = [];
	data.metrics.forEach((metric, j) => {
		const left = inset.left + (j % perRow) * cellW + axisW;
		const top = top0 + Math.floor(j / perRow) * cellH + head;
		const fmt = (v: number | null) => formatFigure(v, metric.kind);
		const max = Math.max(0, ...data.branches.map((b) => b.cells[j].value ?? 0));
		grids.push({ left, top, width: cellW - axisW - 12, height: cellH - head - foot });
		graphics.push({
			type: 'text',
			left: left - axisW + 6,
			top: top - head + 4,
			style: {
				text:
					metric.unit && metric.kind !== 'ratio'
						? `${metric.label}（${metric.unit}）`
						: metric.label,
				fill: TOKENS.text,
				fontSize: t.label,
				fontWeight: 600,
				width: cellW - 16,
				overflow: 'truncate'
			}
		});
		xAxes.push({
			gridIndex: j,
			type: 'category',
			data: data.branches.map((b) => b.label),
			axisLabel: { show: false },
			axisTick: { show: false }
		});
		yAxes.push({
			gridIndex: j,
			type: 'value',
			min: 0,
			max: max > 0 ? niceCeil(max * (rotate ? 1.35 : 1.15)) : 1,
			splitNumber: 3,
			axisLabel: { fontSize: t.small, formatter: (v: number) => fmt(v) }
		});
		series.push({
			type: 'bar',
			xAxisIndex: j,
			yAxisIndex: j,
			cursor: 'pointer',
			barCategoryGap: '18%',
			data: data.branches.map((b) => {
				const c = b.cells[j];
				return {
					value: c.value,
					slug: b.slug,
					itemStyle: { color: b.colour, opacity: c.reported < c.months ? 0.72 : 1 }
				};
			}),
			label: {
				show: true,
				position: 'top',
				rotate,
				align: rotate ? 'left' : 'center',
				verticalAlign: 'middle',
				distance: rotate ? 4 : 8,
				fontSize: t.small,
				color: TOKENS.text,
				formatter: (p: { value: number | null }) => fmt(p.value)
			}
		});
	});
	// Legend entries come from an empty scatter series per branch (the bars carry per-item
	// colours); an empty bar series would still take a slot and thin the first panel's bars.
	for (const b of data.branches)
		series.push({
			type: 'scatter',
			name: b.label,
			itemStyle: { color: b.colour },
			data: [],
			xAxisIndex: 0,
			yAxisIndex: 0
		});
	const option = {
		grid: grids,
		xAxis: xAxes,
		yAxis: yAxes,
		graphic: graphics,
		legend:
			ctx.mode === 'screen'
				? {
						top: 0,
						left: 0,
						icon: 'roundRect',
						itemWidth: 12,
						itemHeight: 12,
						selectedMode: false,
						textStyle: { fontSize: t.small },
						data: data.branches.map((b) => b.label)
					}
				: undefined,
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p: { seriesIndex: number; dataIndex: number }) => {
				const metric = data.metrics[p.seriesIndex];
				const b = data.branches[p.dataIndex];
				const c = b.cells[p.seriesIndex];
				return figureTooltip(
					{
						label: b.label,
						sub: metric.label,
						value: c.value,
						kind: metric.kind,
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
		series
	};
	const spec: ChartSpec = {
		frame,
		option,
		table: {
			columns: [data.words.branch, ...data.metrics.flatMap((m) => [m.label, data.words.reported])],
			kinds: [null, ...data.metrics.flatMap((m) => [m.kind, null])],
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
