/** Ranked bars: the branches on one metric, best first, with the all-branch line and the norm. */
import { tiedRanks } from '../domain/aggregate';
import { formatFigure, formatRank, type FigureKind } from '../domain/format';
import { valueScale } from './axis';
import {
	framedOption,
	plotInsets,
	textSizes,
	type ChartFrame,
	type ChartSpec,
	type RenderContext
} from './frame';
import { fittingFontSize, labelWidth, longestUnitWidth, textWidth, wrapLabel } from './text';
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
	// Both reference lines label at the right end, where the bars (sorted high to low) are lowest:
	// the upper line's label above it, the lower one's below, so they never sit on the first bar
	// nor on each other.
	const avg = data.average && data.average.value !== null ? data.average.value : null;
	const normAbove = data.norm !== null && (avg === null || data.norm.value >= avg);
	if (data.average && avg !== null) {
		markLines.push({
			yAxis: avg,
			name: data.average.label,
			lineStyle: { color: TOKENS.average, type: 'dashed', width: 1.5 },
			label: {
				formatter: `${data.average.label} ${fmt(avg)}`,
				position: normAbove ? 'insideEndBottom' : 'insideEndTop',
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
				position: normAbove ? 'insideEndTop' : 'insideEndBottom',
				color: TOKENS.norm,
				fontSize: t.small
			}
		});
	}
	// A bar's value (or why it has none) above it; where the previous period's tick stands above
	// the bar it would cut through that text, so the text goes above the tick instead.
	const valueLabel = (i: RankedBarItem, show: boolean) => ({
		show,
		position: 'top',
		fontSize: t.label,
		color: i.value === null ? TOKENS.faint : TOKENS.text,
		formatter:
			i.value === null
				? missingWord(i.reported, data.words)
				: `${fmt(i.value)}${i.reported < i.months ? '*' : ''}`
	});
	const tickAbove = (i: RankedBarItem) =>
		i.previous !== undefined && i.previous !== null && i.previous > (i.value ?? 0);
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
				label: valueLabel(i, !tickAbove(i))
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
			data: items.map((i) => ({
				value: i.previous ?? null,
				slug: i.slug,
				label: valueLabel(i, tickAbove(i))
			}))
		});
	}
	const tied = tiedRanks(items.map((i) => i.rank));
	const insets = plotInsets(ctx, frame);
	const names = xLabels(
		items.map((i) => i.label),
		ctx.width - insets.left - insets.right - 48,
		t.axis
	);
	const top = Math.max(
		0,
		...items.map((i) => Math.max(i.value ?? 0, i.previous ?? 0)),
		avg ?? 0,
		data.norm?.value ?? 0
	);
	const option = {
		grid: insets,
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
						tied: tied[p.dataIndex],
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
				fontSize: names.fontSize,
				interval: 0,
				hideOverlap: false,
				rotate: names.rotate,
				// Names pre-wrapped on word boundaries into their bar's slot (data keeps the plain name
				// for clicks and tooltips).
				formatter: (v: string) => names.text.get(v) ?? v
			}
		},
		yAxis: {
			type: 'value',
			...valueScale(top, data.kind, { ticks: 5, headroom: 1.12 }),
			axisLabel: { fontSize: t.axis, formatter: (v: number) => fmt(v) }
		},
		// The previous period's ticks say what they are.
		legend: comparing
			? {
					top: ctx.mode === 'screen' ? 0 : Math.round(insets.top * 0.8),
					right: ctx.mode === 'screen' ? 0 : insets.right,
					data: [words.previous],
					icon: 'rect',
					itemWidth: 16,
					itemHeight: 3,
					selectedMode: false,
					textStyle: { fontSize: t.small }
				}
			: undefined,
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
					tied[items.indexOf(i)] ? formatRank(i.rank, true, ctx.lang) : i.rank,
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

/**
 * Category names under bars, each slot `width / n` wide: wrapped on word boundaries to the slot,
 * the font shrunk a little for a long word, and turned 30° when even then a word does not fit.
 */
export function xLabels(labels: string[], width: number, fontSize: number) {
	const slot = Math.max(24, width / Math.max(1, labels.length) - 8);
	const size = fittingFontSize(labels, slot, fontSize, Math.round(fontSize * 0.85));
	const fits = labels.every((l) => longestUnitWidth(l, size) <= slot);
	const text = new Map(
		labels.map((l) => [l, fits ? wrapLabel(l, slot, size).join('\n') : l] as const)
	);
	return {
		fontSize: size,
		rotate: fits ? 0 : 30,
		text,
		/** Height the labels take below the axis. */
		height: fits
			? Math.max(...labels.map((l) => wrapLabel(l, slot, size).length)) * size * 1.3
			: Math.max(...labels.map((l) => textWidth(l, size))) * 0.5 + size,
		width: Math.max(...[...text.values()].map((l) => labelWidth(l, size)))
	};
}
