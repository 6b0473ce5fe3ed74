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
import { valueScale } from './axis';
import { labelWidth, textWidth, wrapLabel } from './text';
import { TOKENS } from './theme';
import { bracketed, figureTooltip, reportedText, type FigureWords } from './words';
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
	const legendWidth = data.branches.reduce((w, b) => w + 30 + textWidth(b.label, t.small), 0);
	const legendRows = Math.max(1, Math.ceil(legendWidth / Math.max(1, ctx.width - 24)));
	const legendH = ctx.mode === 'screen' ? 8 + legendRows * 22 : 0;
	const top0 = (ctx.mode === 'screen' ? 0 : inset.top) + legendH;
	const width = ctx.width - inset.left - inset.right;
	const height = ctx.height - top0 - inset.bottom;
	const cellW = width / perRow;
	const cellH = height / rows;
	// Each panel's title wraps on word boundaries into at most two lines (long English names).
	const titleText = (metric: GroupedBarsData['metrics'][number]) =>
		metric.unit && metric.kind !== 'ratio'
			? bracketed(metric.label, metric.unit, ctx.lang)
			: metric.label;
	const titleOf = (metric: GroupedBarsData['metrics'][number]) =>
		wrapLabel(
			titleText(metric),
			// A little under the room: the estimate must not promise one line the font overruns.
			(cellW - 16) * 0.88,
			t.label
		);
	const titleLines = Math.min(2, Math.max(1, ...data.metrics.map((mt) => titleOf(mt).length)));
	const head = Math.round(t.label * (1.35 * titleLines + 1.2));
	// Room for the value axis labels (`200.0%`), growing with the slide's text.
	const axisW = ctx.mode === 'screen' ? 44 : Math.round(t.small * 3.8);
	const foot = 8;
	const barSlot = (cellW - axisW - 12) / Math.max(1, data.branches.length);
	// Value labels stand upright above bars while they fit; otherwise they turn sideways.
	const rotate = barSlot < t.label * 3 ? 90 : 0;
	// The value labels' room above the tallest bar, from the widest label (sideways) or one line.
	const labelRoom = (texts: string[]) =>
		rotate ? Math.max(0, ...texts.map((x) => labelWidth(x, t.small))) + 6 : t.small * 1.6;
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
		// Whole-number ticks for counts, ratios up to 100% unless one exceeds it, a round top; the
		// value labels get their own room above the plot instead of stretching the axis.
		const scale = valueScale(max, metric.kind, { ticks: 3 });
		const room = Math.round(
			labelRoom(data.branches.map((b) => fmt(b.cells[j].value)).filter((x) => x !== '—'))
		);
		grids.push({
			left,
			top: top + room,
			width: cellW - axisW - 12,
			height: cellH - head - foot - room
		});
		graphics.push({
			type: 'text',
			left: left - axisW + 6,
			top: top - head + 4,
			style: {
				// ECharts breaks the title between words in its width; the room above allows two lines.
				text: titleText(metric),
				lineHeight: Math.round(t.label * 1.35),
				fill: TOKENS.text,
				fontSize: t.label,
				fontWeight: 600,
				width: cellW - 16,
				overflow: 'break'
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
			...scale,
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
