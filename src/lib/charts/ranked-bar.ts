/** Ranked bars: the branches on one metric, best first, with the all-branch line and the norm. */
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
import { figureTooltip, missingWord, reportedText, type FigureWords } from './words';

export interface RankedBarItem {
	slug: string;
	label: string;
	colour: string;
	value: number | null;
	reported: number;
	months: number;
	rank: number | null;
	/** The previous period's figure, when comparing (undefined: not comparing). */
	previous?: number | null;
}

export interface RankedBarData {
	kind: FigureKind;
	unit: string;
	items: RankedBarItem[];
	average: { value: number | null; label: string } | null;
	norm: { value: number; label: string } | null;
	/** Words for tooltips and the data table (`已填报`, `名次`, `未填报` …). */
	words: Pick<FigureWords, 'reported' | 'rank' | 'notReported' | 'partial'> & Partial<FigureWords>;
}

/** Build the ranked bar chart. Missing branches sort last and show as "not reported", never 0. */
export function rankedBarChart(
	data: RankedBarData,
	frame: ChartFrame,
	ctx: RenderContext
): ChartSpec {
	const words: FigureWords = {
		branch: 'branch',
		value: 'value',
		previous: 'previous',
		...data.words
	};
	const items = [...data.items].sort((a, b) => {
		if (a.value === null) return b.value === null ? 0 : 1;
		if (b.value === null) return -1;
		return b.value - a.value;
	});
	const comparing = items.some((i) => i.previous !== undefined);
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
	const series: Record<string, unknown>[] = [
		{
			type: 'bar',
			barMaxWidth: ctx.mode === 'slide' ? 90 : 56,
			cursor: 'pointer',
			data: items.map((i) => ({
				value: i.value ?? 0,
				slug: i.slug,
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
							? missingWord(i.reported, data.words)
							: `${fmt(i.value)}${i.reported < i.months ? '*' : ''}`
				}
			})),
			markLine: markLines.length ? { symbol: 'none', silent: true, data: markLines } : undefined
		}
	];
	if (comparing) {
		// The previous period as a dark tick across each bar; a gap where it was not reported.
		series.push({
			type: 'scatter',
			name: words.previous,
			symbol: 'rect',
			symbolSize: [ctx.mode === 'slide' ? 60 : 30, 3],
			itemStyle: { color: TOKENS.average },
			z: 3,
			data: items.map((i) => ({ value: i.previous ?? null, slug: i.slug }))
		});
	}
	const option = {
		grid: plotInsets(ctx, frame),
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p: { dataIndex: number }) => {
				const it = items[p.dataIndex];
				return figureTooltip(
					{
						label: it.label,
						value: it.value,
						kind: data.kind,
						unit: data.unit,
						reported: it.reported,
						months: it.months,
						rank: it.rank,
						of: items.length,
						previous: it.previous
					},
					words
				);
			}
		},
		xAxis: {
			type: 'category',
			data: items.map((i) => i.label),
			axisLabel: {
				fontSize: t.axis,
				interval: 0,
				hideOverlap: false,
				// On a slide a name may take its bar's slot, wrapping (long English names) inside it.
				width:
					ctx.mode === 'slide'
						? Math.max(60, Math.floor((ctx.width * 0.85) / Math.max(1, items.length)) - 12)
						: 90,
				overflow: 'break'
			}
		},
		yAxis: {
			type: 'value',
			axisLabel: { fontSize: t.axis, formatter: (v: number) => fmt(v) }
		},
		series
	};
	const columns = [words.rank, words.branch, words.value, words.reported, words.partial];
	if (comparing) columns.push(words.previous);
	const spec: ChartSpec = {
		frame,
		option,
		table: {
			columns,
			kinds: [null, null, data.kind, null, null, data.kind],
			rows: items.map((i) => {
				const row: (string | number | null)[] = [
					i.rank,
					i.label,
					i.value,
					reportedText(i.reported, i.months),
					i.reported > 0 && i.reported < i.months ? '*' : ''
				];
				if (comparing) row.push(i.previous ?? null);
				return row;
			})
		}
	};
	return { ...spec, option: framedOption(spec, ctx) };
}
