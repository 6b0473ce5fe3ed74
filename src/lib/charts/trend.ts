/**
 * A branch's monthly trend on one metric: the branch line, the all-branch average, the same months
 * a year earlier (faint), an optional 3-month rolling line and the norm as a reference line.
 * Unreported months are gaps (null, never joined), never zeros.
 */
import { figureWithUnit, formatFigure, type FigureKind } from '../domain/format';
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
import { valueScale } from './axis';
import { CHART_FONT, TOKENS } from './theme';

export interface TrendSource {
	/** The input metric the cell supplied (a ratio has two). */
	label: string;
	importId: number;
	fileName: string;
	importedAt: string;
	row: number;
}

export interface TrendLine {
	name: string;
	values: (number | null)[];
}

export interface TrendData {
	months: string[];
	kind: FigureKind;
	unit: string;
	branch: TrendLine & { colour: string };
	/** Per month the cells behind the branch's value (provenance for the tooltip). */
	sources: TrendSource[][];
	average: TrendLine | null;
	previous: TrendLine | null;
	rolling: TrendLine | null;
	/** Reference line: the monthly norm, or a quarterly norm spread over its months. */
	norm: { value: number; label: string } | null;
	/**
	 * Said across the plot when the branch has no figure to draw although it reported: a ratio
	 * whose denominator is 0 all period (`不适用：本期部门办案总数为 0`).
	 */
	empty?: string;
	/** Per point: the branch's value sums only part of its months (a partly reported quarter). */
	partial?: boolean[];
	words: {
		month: string;
		notReported: string;
		source: string;
		/** `第 12 行` / `row 12`. */
		row: (row: number) => string;
		imported: string;
		/** What a partly reported point's note says (with `partial`). */
		partial?: (index: number) => string;
	};
}

export const TREND_COLOURS = {
	average: TOKENS.average,
	previous: '#a9b1bc',
	norm: TOKENS.norm,
	/** The norm beside a branch whose own colour is close to the norm's red. */
	normAlt: '#9a6200'
} as const;

/** Distance between two `#rrggbb` colours (0 … ~441). */
function colourDistance(a: string, b: string): number {
	const rgb = (h: string) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) || 0);
	const [x, y] = [rgb(a), rgb(b)];
	return Math.hypot(x[0] - y[0], x[1] - y[1], x[2] - y[2]);
}

/** The norm line's colour: the norm red, unless the branch's own line is a red close to it. */
export function normColour(branchColour: string): string {
	return colourDistance(branchColour, TREND_COLOURS.norm) < 120
		? TREND_COLOURS.normAlt
		: TREND_COLOURS.norm;
}

/** The rolling line drawn only where the branch reported: broken, like the branch's own line. */
function rollingValues(data: TrendData): (number | null)[] {
	return (data.rolling?.values ?? []).map((v, i) => (data.branch.values[i] === null ? null : v));
}

/** The lines of a trend in drawing order, with their colours (for legends). */
function lines(data: TrendData) {
	const out: { key: string; line: TrendLine; colour: string }[] = [
		{ key: 'branch', line: data.branch, colour: data.branch.colour }
	];
	if (data.rolling)
		out.push({
			key: 'rolling',
			line: { ...data.rolling, values: rollingValues(data) },
			colour: data.branch.colour
		});
	if (data.average) out.push({ key: 'average', line: data.average, colour: TREND_COLOURS.average });
	if (data.previous)
		out.push({ key: 'previous', line: data.previous, colour: TREND_COLOURS.previous });
	return out;
}

/** The tooltip of one month: every line's value, then the source cells of the branch's value. */
export function trendTooltip(data: TrendData, index: number, lang: Lang = 'zh'): string {
	const fmt = (v: number | null) =>
		v === null ? data.words.notReported : figureWithUnit(v, data.kind, data.unit);
	const rows = lines(data).map(
		({ line, colour }) =>
			`<span style="display:inline-block;width:8px;height:8px;border-radius:50%;background:${colour};margin-right:6px"></span>${escapeHtml(line.name)}${lang === 'zh' ? '：' : ': '}<b>${escapeHtml(fmt(line.values[index]))}</b>`
	);
	const sources = (data.sources[index] ?? []).map(
		(s) =>
			`${escapeHtml(s.label)} · ${escapeHtml(s.fileName)} · ${escapeHtml(data.words.row(s.row))} · ${escapeHtml(data.words.imported)} ${escapeHtml(s.importedAt.slice(0, 10))}`
	);
	const provenance = sources.length
		? `<div style="margin-top:6px;color:${TOKENS.muted};font-size:12px">${escapeHtml(data.words.source)}<br/>${sources.join('<br/>')}</div>`
		: '';
	const partial =
		data.partial?.[index] && data.words.partial
			? `<div style="margin-top:4px;color:${TOKENS.muted}">${escapeHtml(data.words.partial(index))}</div>`
			: '';
	return `<b>${escapeHtml(data.months[index])}</b><br/>${rows.join('<br/>')}${partial}${provenance}`;
}

/** Build the monthly trend chart. */
export function trendChart(data: TrendData, frame: ChartFrame, ctx: RenderContext): ChartSpec {
	const t = textSizes(ctx);
	const fmt = (v: number) => formatFigure(v, data.kind);
	// The slide's legend row (the lines and the norm) needs its room above the plot.
	const insets = plotInsets(ctx, { legend: frame.legend.length ? frame.legend : legendOf(data) });
	const screen = ctx.mode === 'screen';
	const all = lines(data);
	const series: Record<string, unknown>[] = all.map(({ key, line, colour }) => {
		const base = {
			type: 'line',
			name: line.name,
			data: line.values,
			connectNulls: false,
			color: colour
		};
		if (key === 'branch')
			return {
				...base,
				// A partly reported point is drawn hollow: its figure sums only the months reported.
				data: data.partial
					? line.values.map((v, i) =>
							data.partial![i]
								? { value: v, itemStyle: { color: '#fff', borderColor: colour, borderWidth: 2 } }
								: v
						)
					: line.values,
				symbol: 'circle',
				symbolSize: strokeWidth(7, ctx),
				z: 4,
				lineStyle: { width: strokeWidth(2.5, ctx) }
			};
		if (key === 'rolling')
			// Thinner, dashed and see-through: a smoothing of the branch line, never taken for it.
			return {
				...base,
				symbol: 'none',
				z: 3,
				lineStyle: { width: strokeWidth(1.5, ctx), type: [6, 4], opacity: 0.75 }
			};
		if (key === 'average')
			return {
				...base,
				symbol: 'none',
				z: 3,
				lineStyle: { width: strokeWidth(1.5, ctx), type: 'dashed' }
			};
		return {
			...base,
			symbol: 'none',
			z: 1,
			lineStyle: { width: strokeWidth(1.5, ctx), opacity: 0.8 }
		};
	});
	// The norm is a flat line of its own (not a markLine), so it sits in the legend instead of
	// labelling over the data; a quarterly norm is drawn spread over its three months.
	if (data.norm)
		series.push({
			type: 'line',
			name: data.norm.label,
			data: data.months.map(() => data.norm!.value),
			connectNulls: false,
			color: normColour(data.branch.colour),
			symbol: 'none',
			silent: true,
			z: 2,
			lineStyle: { width: strokeWidth(1.5, ctx) }
		});
	const option = {
		grid: { ...insets, top: screen ? 48 : insets.top },
		graphic: data.empty
			? [
					{
						type: 'text',
						left: 'center',
						top: 'middle',
						silent: true,
						style: {
							text: data.empty,
							fill: TOKENS.muted,
							fontSize: t.subtitle,
							fontFamily: CHART_FONT,
							backgroundColor: '#fff',
							padding: [6, 10]
						}
					}
				]
			: undefined,
		legend: screen
			? {
					top: 0,
					left: 0,
					icon: 'roundRect',
					itemWidth: 14,
					itemHeight: 4,
					textStyle: { fontSize: t.small }
				}
			: undefined,
		tooltip: {
			trigger: 'axis',
			confine: true,
			className: 'chart-tooltip',
			axisPointer: { type: 'line' },
			formatter: (p: { dataIndex: number }[] | { dataIndex: number }) =>
				trendTooltip(data, (Array.isArray(p) ? p[0] : p).dataIndex, ctx.lang)
		},
		xAxis: {
			type: 'category',
			data: data.months,
			boundaryGap: false,
			axisLabel: { fontSize: t.axis, hideOverlap: true }
		},
		yAxis: {
			type: 'value',
			...valueScale(
				Math.max(
					0,
					...all.flatMap((l) => l.line.values.filter((v): v is number => v !== null)),
					data.norm?.value ?? 0
				),
				data.kind,
				{ ticks: 5, headroom: 1.05 }
			),
			axisLabel: { fontSize: t.axis, formatter: fmt }
		},
		series
	};
	const spec: ChartSpec = {
		frame: { ...frame, legend: frame.legend.length ? frame.legend : legendOf(data) },
		option,
		table: {
			columns: [data.words.month, ...all.map((l) => l.line.name), data.words.source],
			rows: data.months.map((month, i) => [
				month,
				...all.map((l) => l.line.values[i]),
				[
					data.partial?.[i] && data.words.partial ? data.words.partial(i) : '',
					...(data.sources[i] ?? []).map((s) => `${s.fileName} ${data.words.row(s.row)}`)
				]
					.filter(Boolean)
					.join('; ') || null
			])
		}
	};
	return { ...spec, option: framedOption(spec, ctx) };
}

/** The frame legend of a trend: its lines and the norm. */
export function legendOf(data: TrendData) {
	const entries = lines(data).map(({ line, colour }) => ({ name: line.name, colour }));
	if (data.norm) entries.push({ name: data.norm.label, colour: normColour(data.branch.colour) });
	return entries;
}
