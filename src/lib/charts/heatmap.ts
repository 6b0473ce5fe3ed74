/**
 * Heatmap branch × metric: each cell coloured by how the branch stands within that metric (its
 * rank, or its % of norm where norms are shown) and labelled with the value. Missing stays grey.
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
import { TOKENS } from './theme';
import { figureTooltip, missingWord, reportedText, type FigureWords } from './words';
import type { BranchMatrix, MatrixCell } from './branch-matrix';

export interface HeatmapData extends BranchMatrix {
	/** `rank`: by rank within each metric; `norm`: by the value as a share of the norm (kind `norm`). */
	colourBy: 'rank' | 'norm';
	words: FigureWords;
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
	// Room for branch names: wider where there is space (English names are long).
	const labelWidth = Math.round(
		Math.min(ctx.mode === 'slide' ? 260 : 180, Math.max(96, ctx.width * 0.17))
	);
	const option = {
		grid: {
			...insets,
			left: insets.left + labelWidth + 8,
			bottom: insets.bottom + (ctx.mode === 'slide' ? 64 : 52),
			top: insets.top - (ctx.mode === 'screen' ? 20 : 0)
		},
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
				fontSize: t.axis,
				interval: 0,
				width: Math.max(
					48,
					(ctx.width - insets.left - labelWidth - insets.right) / Math.max(1, data.metrics.length) -
						8
				),
				overflow: 'break'
			}
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: data.branches.map((b) => b.label),
			triggerEvent: true,
			axisLabel: { fontSize: t.axis, width: labelWidth, overflow: 'truncate' }
		},
		// ECharts requires a visualMap for heatmaps; this one maps nothing (cells carry their colour),
		// so missing cells keep their grey and the scale stays ours. Piecewise: the lighter kind
		// (the only one echarts.ts registers).
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
			rows: data.branches.map((b) => [
				b.label,
				...b.cells.flatMap((c) => [
					c.value,
					c.rank,
					`${reportedText(c.reported, c.months)}${c.reported > 0 && c.reported < c.months ? '*' : ''}`
				])
			])
		}
	};
	return { ...spec, option: framedOption(spec, ctx) };
}
