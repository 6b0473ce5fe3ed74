/**
 * The compliance table (三会一课 norms × branches) as a picture: one shaded cell per branch and
 * norm with its share met and the counts behind it, for PNG exports and slides. The screen shows
 * the same rows as an HTML table; both read the rows given here.
 */
import {
	framedOption,
	plotInsets,
	textSizes,
	type ChartFrame,
	type ChartSpec,
	type ChartTable,
	type RenderContext
} from './frame';
import { TOKENS } from './theme';

export type ComplianceLevel = 'full' | 'most' | 'low' | 'na';

export interface ComplianceChartData {
	columns: { label: string; rule: string }[];
	rows: {
		slug: string;
		label: string;
		cells: {
			level: ComplianceLevel;
			figure: string;
			/** `11/12`: units met of units. */
			ratio: string;
			notReported: string;
		}[];
	}[];
	/** The data behind it (CSV, XLSX). */
	table: ChartTable;
}

/** Cell shades: the screen table's (app.css `--c-ok-soft`, `--c-bad-soft`). */
export const COMPLIANCE_SHADES: Record<ComplianceLevel, { fill: string; figure: string }> = {
	full: { fill: '#e4f4ea', figure: TOKENS.ok },
	most: { fill: '#f6f7f9', figure: TOKENS.text },
	low: { fill: '#fde8e6', figure: TOKENS.bad },
	na: { fill: '#ffffff', figure: TOKENS.faint }
};

export function complianceChart(
	data: ComplianceChartData,
	frame: ChartFrame,
	ctx: RenderContext
): ChartSpec {
	const t = textSizes(ctx);
	const insets = plotInsets(ctx, frame);
	const longest = Math.max(4, ...data.rows.map((r) => r.label.length));
	const latin = data.rows.every((r) => !/[\u4e00-\u9fff]/.test(r.label));
	const labelWidth = Math.round(
		Math.min(ctx.width * 0.24, Math.max(80, longest * t.axis * (latin ? 0.58 : 1.05)))
	);
	const cells = data.rows.flatMap((r, i) =>
		r.cells.map((c, j) => {
			const shade = COMPLIANCE_SHADES[c.level];
			const counts = c.ratio;
			return {
				value: [j, i, 1],
				slug: r.slug,
				itemStyle: { color: shade.fill, borderColor: TOKENS.border, borderWidth: 1 },
				label: {
					show: true,
					formatter: [
						`{f|${c.figure}}`,
						counts ? `{c|${counts}}` : '',
						c.notReported ? `{w|${c.notReported}}` : ''
					]
						.filter(Boolean)
						.join('\n'),
					rich: {
						f: {
							fontSize: t.label + 2,
							fontWeight: 'bold',
							color: shade.figure,
							lineHeight: t.label * 1.6
						},
						c: { fontSize: t.small, color: TOKENS.muted, lineHeight: t.small * 1.4 },
						w: { fontSize: t.small, color: TOKENS.warn, lineHeight: t.small * 1.4 }
					}
				}
			};
		})
	);
	const headRoom = Math.round(t.small * (latin ? 5.4 : 4.2));
	const option = {
		grid: {
			...insets,
			left: insets.left + labelWidth + 8,
			top: insets.top + headRoom - (ctx.mode === 'screen' ? 24 : 0)
		},
		xAxis: {
			type: 'category',
			position: 'top',
			data: data.columns.map((c) => `${c.label}\n${c.rule}`),
			splitArea: { show: false },
			axisLine: { show: false },
			axisLabel: {
				interval: 0,
				// English headings run long: a size smaller, so a rule fits its column.
				fontSize: Math.round(t.small * (latin ? 0.85 : 1)),
				color: TOKENS.text,
				lineHeight: Math.round(t.small * (latin ? 1.1 : 1.25)),
				// Each heading within its column (English names wrap on word boundaries).
				width: Math.max(
					48,
					(ctx.width - insets.left - insets.right - labelWidth - 8) /
						Math.max(1, data.columns.length) -
						40
				),
				overflow: 'break'
			}
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: data.rows.map((r) => r.label),
			triggerEvent: true,
			axisLine: { show: false },
			axisLabel: {
				fontSize: t.axis,
				color: TOKENS.text,
				width: labelWidth,
				overflow: 'break'
			}
		},
		// ECharts' development checks require a visualMap for heatmaps; it maps nothing here (cells
		// carry their shade; production pages do without it, see echarts.ts).
		visualMap: {
			type: 'piecewise',
			show: false,
			dimension: 2,
			min: 0,
			max: 1,
			inRange: { opacity: 1 },
			outOfRange: { opacity: 1 }
		},
		series: [{ type: 'heatmap', cursor: 'pointer', data: cells }]
	};
	const spec: ChartSpec = { frame, option, table: data.table };
	return { ...spec, option: framedOption(spec, ctx) };
}
