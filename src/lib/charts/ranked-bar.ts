/** Ranked bars: the branches on one metric, best first, with the all-branch line and the norm. */
import { formatFigure, type FigureKind } from '../domain/format';
import {
	escapeHtml,
	framedOption,
	plotInsets,
	textSizes,
	type ChartFrame,
	type ChartSpec,
	type RenderContext
} from './frame';
import { TOKENS } from './theme';

export interface RankedBarItem {
	slug: string;
	label: string;
	colour: string;
	value: number | null;
	reported: number;
	months: number;
	rank: number | null;
}

export interface RankedBarData {
	kind: FigureKind;
	unit: string;
	items: RankedBarItem[];
	average: { value: number | null; label: string } | null;
	norm: { value: number; label: string } | null;
	/** Words for the tooltip: `已填报`, `名次`, `未填报`. */
	words: { reported: string; rank: string; notReported: string; partial: string };
}

/** Build the ranked bar chart. Missing branches sort last and show as "not reported", never 0. */
export function rankedBarChart(
	data: RankedBarData,
	frame: ChartFrame,
	ctx: RenderContext
): ChartSpec {
	const items = [...data.items].sort((a, b) => {
		if (a.value === null) return b.value === null ? 0 : 1;
		if (b.value === null) return -1;
		return b.value - a.value;
	});
	const t = textSizes(ctx);
	const fmt = (v: number | null) => formatFigure(v, data.kind);
	const markLines: Record<string, unknown>[] = [];
	if (data.average?.value !== null && data.average) {
		markLines.push({
			yAxis: data.average.value,
			name: data.average.label,
			lineStyle: { color: TOKENS.average, type: 'dashed', width: 1.5 },
			label: {
				formatter: `${data.average.label} ${fmt(data.average.value)}`,
				position: 'insideEndTop',
				color: TOKENS.average,
				fontSize: t.small
			}
		});
	}
	if (data.norm) {
		markLines.push({
			yAxis: data.norm.value,
			name: data.norm.label,
			lineStyle: { color: TOKENS.norm, type: 'solid', width: 1.5 },
			label: {
				formatter: `${data.norm.label} ${fmt(data.norm.value)}`,
				position: 'insideStartTop',
				color: TOKENS.norm,
				fontSize: t.small
			}
		});
	}
	const option = {
		grid: plotInsets(ctx, frame),
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p: { dataIndex: number }) => {
				const it = items[p.dataIndex];
				const value = it.value === null ? data.words.notReported : `${fmt(it.value)} ${data.unit}`;
				const rank = it.rank ? `${data.words.rank} ${it.rank}/${items.length}` : '';
				return `<b>${escapeHtml(it.label)}</b><br/>${escapeHtml(value)}<br/>${data.words.reported} ${it.reported}/${it.months}${rank ? `<br/>${rank}` : ''}`;
			}
		},
		xAxis: {
			type: 'category',
			data: items.map((i) => i.label),
			axisLabel: {
				fontSize: t.axis,
				interval: 0,
				hideOverlap: false,
				width: ctx.mode === 'slide' ? undefined : 90,
				overflow: 'break'
			}
		},
		yAxis: {
			type: 'value',
			axisLabel: { fontSize: t.axis, formatter: (v: number) => fmt(v) }
		},
		series: [
			{
				type: 'bar',
				barMaxWidth: ctx.mode === 'slide' ? 90 : 56,
				data: items.map((i) => ({
					value: i.value ?? 0,
					itemStyle:
						i.value === null
							? { color: TOKENS.missing, borderColor: TOKENS.border, borderType: 'dashed' }
							: { color: i.colour, opacity: i.reported < i.months ? 0.72 : 1 },
					label: {
						show: true,
						position: 'top',
						fontSize: t.label,
						color: i.value === null ? TOKENS.faint : TOKENS.text,
						formatter:
							i.value === null
								? data.words.notReported
								: `${fmt(i.value)}${i.reported < i.months ? '*' : ''}`
					}
				})),
				markLine: markLines.length ? { symbol: 'none', silent: true, data: markLines } : undefined
			}
		]
	};
	const spec: ChartSpec = {
		frame,
		option,
		table: {
			columns: ['rank', 'branch', 'value', 'reported', 'months'],
			rows: items.map((i) => [i.rank, i.label, i.value, i.reported, i.months])
		}
	};
	return { ...spec, option: framedOption(spec, ctx) };
}
