/**
 * Heatmap branch × metric: each cell coloured by how the branch stands within that metric (its
 * rank, or its % of norm where norms are shown) and labelled with the value. Missing stays grey.
 */
import { tiedRanks } from '../domain/aggregate';
import { formatFigure, formatRank, type FigureKind } from '../domain/format';
import {
	framedOption,
	plotInsets,
	textSizes,
	type ChartFrame,
	type ChartSpec,
	type RenderContext
} from './frame';
import { fittingFontSize, labelWidth, textWidth, wrapLabel } from './text';
import { CHART_FONT, TOKENS } from './theme';
import { figureTooltip, missingWord, reportedText, type FigureWords } from './words';
import type { BranchMatrix, MatrixCell } from './branch-matrix';

export interface HeatmapData extends BranchMatrix {
	/** `rank`: by rank within each metric; `norm`: by the value as a share of the norm (kind `norm`). */
	colourBy: 'rank' | 'norm';
	words: FigureWords;
	/** The shade legend under the chart: what the shade means and its light and deep ends. */
	shade: { title: string; low: string; high: string };
}

/** The sequential scale from weak (light) to strong (deep red), t in [0, 1]. */
const LOW = [253, 240, 236];
const HIGH = [179, 21, 31];

export function heatColour(t: number): string {
	const k = Math.max(0, Math.min(1, t));
	const c = LOW.map((lo, i) => Math.round(lo + (HIGH[i] - lo) * k));
	return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** Where a cell sits on the scale: 1 = best rank (or ≥ 100% of norm); null when missing. */
export function heatPosition(
	cell: MatrixCell,
	kind: FigureKind,
	ranked: number,
	colourBy: HeatmapData['colourBy']
): number | null {
	if (cell.value === null) return null;
	if (colourBy === 'norm' && kind === 'norm') return Math.min(1, cell.value);
	if (cell.rank === null) return null;
	return ranked > 1 ? (ranked - cell.rank) / (ranked - 1) : 1;
}

export function heatmapChart(data: HeatmapData, frame: ChartFrame, ctx: RenderContext): ChartSpec {
	const t = textSizes(ctx);
	const ranked = data.metrics.map(
		(_, j) => data.branches.filter((b) => b.cells[j].rank !== null).length
	);
	const cells = data.branches.flatMap((b, i) =>
		b.cells.map((c, j) => {
			const pos = heatPosition(c, data.metrics[j].kind, ranked[j], data.colourBy);
			return {
				// A missing cell still needs a number to be drawn; it is grey and labelled "not reported".
				value: [j, i, c.value ?? 0, pos ?? -1],
				slug: b.slug,
				itemStyle: {
					color: pos === null ? TOKENS.missing : heatColour(pos),
					borderColor: '#fff',
					borderWidth: 2
				},
				label: {
					show: true,
					fontSize: t.label,
					color:
						pos !== null && pos > 0.55 ? '#fff' : c.value === null ? TOKENS.faint : TOKENS.text,
					formatter:
						c.value === null
							? missingWord(c.reported, data.words)
							: `${formatFigure(c.value, data.metrics[j].kind)}${c.reported < c.months ? '*' : ''}`
				}
			};
		})
	);
	const insets = plotInsets(ctx, frame);
	const tied = data.metrics.map((_, j) => tiedRanks(data.branches.map((b) => b.cells[j].rank)));
	// Room for branch names sized from the names themselves (at most a third of the width; a
	// longer name wraps on a word boundary), so nothing is cut beside an empty margin.
	const rowMax = Math.round(ctx.width * 0.3);
	const rowText = new Map(
		data.branches.map((b) => [b.label, wrapLabel(b.label, rowMax, t.axis).join('\n')] as const)
	);
	const rowWidth = Math.min(
		rowMax,
		Math.max(24, ...[...rowText.values()].map((l) => labelWidth(l, t.axis)))
	);
	const left = insets.left + rowWidth + 10;
	// Metric names under their columns, wrapped on word boundaries to the column's width; a word
	// too long for it makes the font a little smaller rather than being split.
	const colWidth =
		(ctx.width - left - insets.right) / Math.max(1, data.metrics.length) -
		(ctx.mode === 'slide' ? 12 : 6);
	const colLabels = data.metrics.map((m) => m.label);
	const colSize = fittingFontSize(colLabels, colWidth, t.axis, Math.round(t.axis * 0.8));
	const colText = new Map(
		colLabels.map((l) => [l, wrapLabel(l, colWidth, colSize).join('\n')] as const)
	);
	const colLines = Math.max(1, ...[...colText.values()].map((l) => l.split('\n').length));
	const shade = shadeLegend(data.shade, ctx, left, insets, t.small);
	const option = {
		grid: {
			...insets,
			// The label room is sized here, so ECharts must not add its own again (on slides the
			// insets ask it to contain the labels, which left an empty margin beside cut names).
			outerBoundsMode: 'none',
			left,
			bottom: insets.bottom + Math.ceil(colLines * colSize * 1.35) + 12 + shade.height,
			top: insets.top - (ctx.mode === 'screen' ? 20 : 0)
		},
		graphic: shade.graphics,
		tooltip: {
			trigger: 'item',
			confine: true,
			formatter: (p: { dataIndex: number }) => {
				const i = Math.floor(p.dataIndex / data.metrics.length);
				const j = p.dataIndex % data.metrics.length;
				const b = data.branches[i];
				const c = b.cells[j];
				const m = data.metrics[j];
				return figureTooltip(
					{
						label: b.label,
						sub: m.label,
						value: c.value,
						kind: m.kind,
						unit: m.unit,
						reported: c.reported,
						months: c.months,
						rank: c.rank,
						tied: tied[j][i],
						of: ranked[j]
					},
					data.words
				);
			}
		},
		xAxis: {
			type: 'category',
			position: 'bottom',
			data: data.metrics.map((m) => m.label),
			splitArea: { show: false },
			axisLabel: {
				fontSize: colSize,
				interval: 0,
				hideOverlap: false,
				formatter: (v: string) => colText.get(v) ?? v
			}
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: data.branches.map((b) => b.label),
			triggerEvent: true,
			axisLabel: { fontSize: t.axis, formatter: (v: string) => rowText.get(v) ?? v }
		},
		// ECharts' development checks require a visualMap for heatmaps; this one maps nothing (cells
		// carry their colour), so missing cells keep their grey and the scale stays ours. Piecewise:
		// the lighter kind (the only one echarts.ts registers, and production pages do without it).
		visualMap: {
			type: 'piecewise',
			show: false,
			dimension: 3,
			min: 0,
			max: 1,
			inRange: { opacity: 1 },
			outOfRange: { opacity: 1 }
		},
		series: [{ type: 'heatmap', cursor: 'pointer', data: cells }]
	};
	const spec: ChartSpec = {
		frame,
		option,
		table: {
			columns: [
				data.words.branch,
				...data.metrics.flatMap((m) => [m.label, data.words.rank, data.words.reported])
			],
			kinds: [null, ...data.metrics.flatMap((m) => [m.kind, null, null])],
			rows: data.branches.map((b, i) => [
				b.label,
				...b.cells.flatMap((c, j) => [
					c.value,
					tied[j][i] ? formatRank(c.rank, true, ctx.lang) : c.rank,
					`${reportedText(c.reported, c.months)}${c.reported > 0 && c.reported < c.months ? '*' : ''}`
				])
			])
		}
	};
	return { ...spec, option: framedOption(spec, ctx) };
}

/**
 * The shade legend: what the shade means, a light-to-deep scale with its two ends named, and the
 * grey of a missing figure; under the plot, aligned with the cells, on screen and in images.
 */
function shadeLegend(
	shade: HeatmapData['shade'],
	ctx: RenderContext,
	left: number,
	insets: { bottom: number; right: number },
	fontSize: number
) {
	const h = Math.round(fontSize * 1.6);
	const barW = Math.round(fontSize * 8);
	const gap = Math.round(fontSize * 0.6);
	const top = ctx.height - insets.bottom - h;
	const style = { fill: TOKENS.muted, fontSize, fontFamily: CHART_FONT };
	const textY = top + Math.round((h - fontSize) / 2);
	const text = (t: string, at: { left?: number; right?: number }) => ({
		type: 'text',
		...at,
		top: textY,
		silent: true,
		style: { ...style, text: t }
	});
	// What the shade means on the left under the cells; the scale anchored at the right edge.
	const highRight = insets.right;
	const barRight = highRight + Math.round(textWidth(shade.high, fontSize) * 1.15) + gap;
	const lowRight = barRight + barW + gap;
	const graphics: Record<string, unknown>[] = [
		text(shade.title, { left }),
		text(shade.low, { right: lowRight }),
		{
			type: 'rect',
			right: barRight,
			top: top + Math.round(h * 0.2),
			silent: true,
			shape: { width: barW, height: Math.round(h * 0.6) },
			style: {
				fill: {
					type: 'linear',
					x: 0,
					y: 0,
					x2: 1,
					y2: 0,
					colorStops: [
						{ offset: 0, color: heatColour(0) },
						{ offset: 1, color: heatColour(1) }
					]
				}
			}
		},
		text(shade.high, { right: highRight })
	];
	return { height: h + 6, graphics };
}
