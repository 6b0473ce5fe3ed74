/**
 * The one slide frame: every chart is a ChartSpec (frame + ECharts option + the data table behind
 * it). On screen the frame is HTML around the chart; in exports and server-rendered slides
 * `framedOption` bakes title, subtitle, unit, source, "as of" and the branch legend into the image.
 */
import type { FigureKind } from '../domain/format';
import type { EChartsCoreOption } from './echarts';
import { CHART_FONT, TOKENS } from './theme';

export type Lang = 'zh' | 'en';

export interface LegendEntry {
	name: string;
	colour: string;
}

export interface ChartFrame {
	/** What the chart shows: `领导干部办案占比`. */
	title: string;
	/** Period and normalisation: `2019-01 至 2019-12 · 原始值`. */
	subtitle: string;
	/** Unit of the values, shown on the axis and in the slide's subtitle. */
	unit: string;
	/** `数据来源：各党支部月度党建统计`. */
	source: string;
	/** `数据截至 2021-12-31 导入`; empty when unknown. */
	asOf: string;
	/** Branch colours for the slide's legend (empty when the chart has its own legend). */
	legend: LegendEntry[];
	/** File name without extension: `领导干部办案占比_2019-01_2019-12`. */
	fileStem: string;
}

export interface ChartTable {
	columns: string[];
	rows: (string | number | null)[][];
	/** How each column's numbers are shown (formatFigure); absent or null: as they are. */
	kinds?: (FigureKind | null)[];
}

export interface ChartSpec {
	frame: ChartFrame;
	option: EChartsCoreOption;
	table: ChartTable;
}

export interface RenderContext {
	mode: 'screen' | 'slide';
	width: number;
	height: number;
	lang: Lang;
}

/** Font scale: 1 on screen; on a slide relative to a 1280-wide design so text reads from afar. */
export function fontScale(ctx: RenderContext): number {
	return ctx.mode === 'screen' ? 1 : Math.max(0.75, ctx.width / 1280) * 1.15;
}

export interface Insets {
	top: number;
	right: number;
	bottom: number;
	left: number;
}

/** Where the plot goes: on a slide, below the title block and above the source line. */
export function plotInsets(ctx: RenderContext, frame: Pick<ChartFrame, 'legend'>): Insets {
	const s = fontScale(ctx);
	if (ctx.mode === 'screen') return { top: 28, right: 24, bottom: 12, left: 12 };
	const legendRows = frame.legend.length ? 1 : 0;
	return {
		top: Math.round(s * (96 + legendRows * 30)),
		right: Math.round(s * 40),
		bottom: Math.round(s * 52),
		left: Math.round(s * 28)
	};
}

/** Text sizes for axis labels and value labels under the context. */
export function textSizes(ctx: RenderContext) {
	const s = fontScale(ctx);
	return {
		axis: Math.round(12 * s),
		label: Math.round(12 * s),
		small: Math.round(11 * s),
		title: Math.round(26 * s),
		subtitle: Math.round(15 * s),
		footer: Math.round(12 * s)
	};
}

/**
 * The option as rendered: on a slide with the frame baked in (title, subtitle with unit, branch
 * legend, source and as-of line), white background and no animation (we never add a toolbox).
 */
export function framedOption(spec: ChartSpec, ctx: RenderContext): EChartsCoreOption {
	const base = { ...spec.option, animation: ctx.mode === 'screen' };
	if (ctx.mode === 'screen') return base;
	const s = fontScale(ctx);
	const t = textSizes(ctx);
	const pad = Math.round(28 * s);
	const unitText = spec.frame.unit
		? ` · ${ctx.lang === 'en' ? 'unit' : '单位'}：${spec.frame.unit}`
		: '';
	const footer = [spec.frame.source, spec.frame.asOf].filter(Boolean).join('    ');
	const legendY = Math.round(s * 92);
	const graphics: Record<string, unknown>[] = [
		{
			type: 'text',
			left: pad,
			bottom: Math.round(16 * s),
			style: { text: footer, fill: TOKENS.muted, fontSize: t.footer, fontFamily: CHART_FONT }
		},
		{
			type: 'rect',
			left: 0,
			top: 0,
			shape: { width: Math.round(8 * s), height: Math.round(78 * s) },
			style: { fill: TOKENS.accent }
		}
	];
	// The branch legend: coloured squares with names, laid out in one row.
	let x = pad;
	for (const entry of spec.frame.legend) {
		graphics.push({
			type: 'rect',
			left: x,
			top: legendY + Math.round(3 * s),
			shape: { width: Math.round(12 * s), height: Math.round(12 * s), r: 2 },
			style: { fill: entry.colour }
		});
		graphics.push({
			type: 'text',
			left: x + Math.round(17 * s),
			top: legendY,
			style: { text: entry.name, fill: TOKENS.text, fontSize: t.small, fontFamily: CHART_FONT }
		});
		x += Math.round(
			17 * s +
				entry.name.length * t.small * (/[\u4e00-\u9fff]/.test(entry.name) ? 1 : 0.56) +
				22 * s
		);
	}
	const existing = (base as { graphic?: unknown }).graphic;
	return {
		...base,
		backgroundColor: '#ffffff',
		title: [
			{
				text: spec.frame.title,
				subtext: spec.frame.subtitle + unitText,
				left: pad,
				top: Math.round(14 * s),
				itemGap: Math.round(8 * s),
				textStyle: {
					fontSize: t.title,
					fontWeight: 'bold',
					color: TOKENS.text,
					fontFamily: CHART_FONT
				},
				subtextStyle: { fontSize: t.subtitle, color: TOKENS.muted, fontFamily: CHART_FONT }
			}
		],
		graphic: [...graphics, ...(Array.isArray(existing) ? existing : existing ? [existing] : [])]
	};
}

/** Escape data text (branch or metric names) for HTML tooltips: no injection through a name. */
export function escapeHtml(s: string): string {
	return s
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/** A file name part that is safe on Windows and in URLs' download attribute. */
export function safeFileStem(s: string): string {
	return s.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/_+/g, '_');
}
