/**
 * Small multiples: one small monthly trend per branch on shared axes, so shapes compare at a
 * glance. Unreported months are gaps (null), never zeros.
 */
import { formatFigure, type FigureKind } from '../domain/format';
import {
	framedOption,
	plotInsets,
	textSizes,
	type ChartFrame,
	type ChartSpec,
	type RenderContext
} from './frame';
import { valueScale } from './axis';
import { TOKENS } from './theme';
import { figureTooltip, reportedText, type FigureWords } from './words';

export interface SmallMultiplesData {
	kind: FigureKind;
	unit: string;
	months: string[];
	branches: {
		slug: string;
		label: string;
		colour: string;
		/** One value per month of `months`; null = not reported. */
		values: (number | null)[];
		/** The period's figure, shown beside the name. */
		total: number | null;
		totalKind: FigureKind;
	}[];
	/** A monthly norm to draw in every panel, if any. */
	norm: { value: number; label: string } | null;
	words: FigureWords;
}

/** Panels per row for the space available. */
function columnsFor(n: number, ctx: RenderContext): number {
	const byWidth = Math.max(1, Math.floor(ctx.width / 260));
	return Math.min(n, byWidth, 4);
}

/** Build the small multiples (one ECharts option with a grid per branch). */
export function smallMultiplesChart(
	data: SmallMultiplesData,
	frame: ChartFrame,
	ctx: RenderContext
): ChartSpec {
	const t = textSizes(ctx);
	const fmt = (v: number | null) => formatFigure(v, data.kind);
	const n = data.branches.length;
	const cols = columnsFor(Math.max(1, n), ctx);
	const rows = Math.max(1, Math.ceil(n / cols));
	const inset = plotInsets(ctx, frame);
	const area = {
		left: inset.left + 8,
		top: ctx.mode === 'screen' ? 4 : inset.top,
		width: ctx.width - inset.left - inset.right - 8,
		height: ctx.height - (ctx.mode === 'screen' ? 4 : inset.top) - inset.bottom
	};
	const gapX = 44;
	const head = Math.round(t.label * 1.9);
	// The month labels under a panel and a gap, so they never reach the next row's titles.
	const foot = Math.round(t.small * 2.8);
	const cellW = area.width / cols;
	const cellH = area.height / rows;
	const max = Math.max(
		data.norm?.value ?? 0,
		...data.branches.flatMap((b) => b.values.filter((v): v is number => v !== null))
	);
	const grids: Record<string, unknown>[] = [];
	const xAxes: Record<string, unknown>[] = [];
	const yAxes: Record<string, unknown>[] = [];
	const series: Record<string, unknown>[] = [];
	const graphics: Record<string, unknown>[] = [];
	data.branches.forEach((b, i) => {
		const col = i % cols;
		const row = Math.floor(i / cols);
		const left = area.left + col * cellW + gapX;
		const top = area.top + row * cellH + head;
		grids.push({ left, top, width: cellW - gapX - 12, height: cellH - head - foot });
		graphics.push({
			type: 'text',
			left: left - gapX + 4,
			top: top - head + 2,
			style: {
				text: `${b.label}  ${formatFigure(b.total, b.totalKind)}`,
				fill: TOKENS.text,
				fontSize: t.label,
				fontWeight: 600
			}
		});
		xAxes.push({
			gridIndex: i,
			type: 'category',
			data: data.months,
			boundaryGap: false,
			axisLabel: {
				fontSize: t.small,
				interval: (idx: number) => idx === 0 || idx === data.months.length - 1,
				showMinLabel: true,
				showMaxLabel: true,
				// The end labels stay inside their panel instead of running into the next one.
				alignMinLabel: 'left',
				alignMaxLabel: 'right',
				hideOverlap: true
			}
		});
		yAxes.push({
			gridIndex: i,
			type: 'value',
			min: 0,
			axisLabel: { fontSize: t.small, formatter: (v: number) => fmt(v) }
		});
		series.push({
			type: 'line',
			name: b.label,
			xAxisIndex: i,
			yAxisIndex: i,
			connectNulls: false,
			triggerEvent: true,
			cursor: 'pointer',
			symbol: 'circle',
			symbolSize: 5,
			showAllSymbol: true,
			lineStyle: { color: b.colour, width: 2 },
			itemStyle: { color: b.colour },
			areaStyle: { color: b.colour, opacity: 0.08 },
			data: b.values.map((v) => ({ value: v, slug: b.slug })),
			markLine: data.norm
				? {
						symbol: 'none',
						silent: true,
						label: { show: false },
						lineStyle: { color: TOKENS.norm, type: 'dashed', width: 1 },
						data: [{ yAxis: data.norm.value }]
					}
				: undefined
		});
	});
	// Every panel shares the y scale: the largest value anywhere (ECharts would scale each alone),
	// with whole-number ticks for counts and a round top (never 2.5 for counts).
	const scale = valueScale(max, data.kind, { ticks: 2, headroom: 1.1 });
	for (const y of yAxes) Object.assign(y, scale);
	const option = {
		grid: grids,
		xAxis: xAxes,
		yAxis: yAxes,
		series,
		graphic: graphics,
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p: { seriesIndex: number; dataIndex: number }) => {
				const b = data.branches[p.seriesIndex];
				return figureTooltip(
					{
						label: b.label,
						sub: data.months[p.dataIndex],
						value: b.values[p.dataIndex] ?? null,
						kind: data.kind,
						unit: data.unit
					},
					data.words
				);
			}
		}
	};
	const spec: ChartSpec = {
		frame,
		option,
		table: {
			columns: [data.words.branch, ...data.months, data.words.reported],
			kinds: [null, ...data.months.map(() => data.kind), null],
			rows: data.branches.map((b) => [
				b.label,
				...b.values,
				reportedText(b.values.filter((v) => v !== null).length, data.months.length)
			])
		}
	};
	return { ...spec, option: framedOption(spec, ctx) };
}

/** A round axis maximum at or above `v`: 1, 2, 2.5, 5 × 10ⁿ. */
export function niceCeil(v: number): number {
	const p = 10 ** Math.floor(Math.log10(v));
	for (const k of [1, 2, 2.5, 5, 10]) if (k * p >= v) return k * p;
	return 10 * p;
}
