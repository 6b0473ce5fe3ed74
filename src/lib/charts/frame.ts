/**
 * The one slide frame: every chart is a ChartSpec (frame + ECharts option + the data table behind
 * it). On screen the frame is HTML around the chart; in exports and server-rendered slides
 * `framedOption` bakes title, subtitle, unit, source, "as of" and the branch legend into the image.
 */
import type { FigureKind } from '../domain/format';
import type { Lang } from '../domain/metrics';
import type { EChartsCoreOption } from './echarts';
import type { NativeChart } from './export/native';
import { textWidth } from './text';
import { CHART_FONT, TOKENS } from './theme';

export type { Lang };

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
	/** A note on marks in the chart (`* 仅部分月份填报`), shown under it and baked into images. */
	footnote?: string;
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
	/** Optional: how the chart reads as an editable PowerPoint chart (else derived from `option`). */
	native?: NativeChart;
}

/** A chart as a builder: the same function renders on screen, in exports and on the server. */
export type ChartBuilder = (ctx: RenderContext) => ChartSpec;

export interface RenderContext {
	mode: 'screen' | 'slide';
	width: number;
	height: number;
	lang: Lang;
	/** The figures are the demo database's: exported images say so visibly (演示数据 / Sample data). */
	demo?: boolean;
}

/** The mark every export of demo data carries. */
export const demoMark = (lang: Lang) => (lang === 'en' ? 'Sample data' : '演示数据');

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

/**
 * Where the plot goes: on a slide, below the title block and above the source line, with the axis
 * labels kept inside that rectangle (never clipped at the slide's edge, never on the footer).
 */
export function plotInsets(
	ctx: RenderContext,
	frame: Pick<ChartFrame, 'legend' | 'footnote'>
): Insets {
	const s = fontScale(ctx);
	if (ctx.mode === 'screen') return { top: 28, right: 24, bottom: 12, left: 12 };
	const layout = legendLayout(frame.legend, ctx);
	const legendRows = layout.length ? layout[layout.length - 1].row + 1 : 0;
	const slide = {
		top: Math.round(s * (100 + legendRows * 32)),
		right: Math.round(s * 40),
		// The source line, and a footnote line above it when there is one.
		bottom: Math.round(s * (frame.footnote ? 68 : 50)),
		left: Math.round(s * 26)
	};
	// ECharts 6: the insets bound the axis labels too (what `containLabel` did in ECharts 5).
	return Object.assign(slide, { outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' });
}

/** A line or symbol size under the context: thicker on a slide so it reads from the back of a room. */
export function strokeWidth(w: number, ctx: RenderContext): number {
	return ctx.mode === 'screen' ? w : Math.round(w * fontScale(ctx) * 0.8 * 10) / 10;
}

/** Where each legend entry of a slide goes: x and row, wrapping before the right margin. */
function legendLayout(legend: LegendEntry[], ctx: RenderContext) {
	const s = fontScale(ctx);
	const t = textSizes(ctx);
	const pad = Math.round(28 * s);
	const out: { entry: LegendEntry; x: number; row: number }[] = [];
	let x = pad;
	let row = 0;
	for (const entry of legend) {
		// CJK glyphs are one em wide; Latin text averages a little over half an em.
		const w = Math.round(17 * s + textWidth(entry.name, t.small));
		if (x > pad && x + w > ctx.width - pad) {
			x = pad;
			row++;
		}
		out.push({ entry, x, row });
		x += w + Math.round(22 * s);
	}
	return out;
}

/** Text sizes for axis labels and value labels under the context. */
export function textSizes(ctx: RenderContext) {
	const s = fontScale(ctx);
	return {
		axis: Math.round((ctx.mode === 'slide' ? 13 : 12) * s),
		label: Math.round((ctx.mode === 'slide' ? 13 : 12) * s),
		small: Math.round((ctx.mode === 'slide' ? 12.5 : 11) * s),
		title: Math.round(26 * s),
		subtitle: Math.round(15 * s),
		footer: Math.round((ctx.mode === 'slide' ? 12.5 : 12) * s)
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
		? ` · ${ctx.lang === 'en' ? 'unit: ' : '单位：'}${spec.frame.unit}`
		: '';
	const footer = [spec.frame.source, spec.frame.asOf].filter(Boolean).join('    ');
	const legendY = Math.round(s * 90);
	const graphics: Record<string, unknown>[] = [];
	if (spec.frame.footnote)
		graphics.push({
			type: 'text',
			left: pad,
			bottom: Math.round(12 * s + t.footer * 1.5),
			style: {
				text: spec.frame.footnote,
				fill: TOKENS.muted,
				fontSize: t.footer,
				fontFamily: CHART_FONT
			}
		});
	graphics.push(
		{
			type: 'text',
			left: pad,
			bottom: Math.round(12 * s),
			style: { text: footer, fill: TOKENS.muted, fontSize: t.footer, fontFamily: CHART_FONT }
		},
		{
			type: 'rect',
			left: 0,
			top: 0,
			shape: { width: Math.round(8 * s), height: Math.round(78 * s) },
			style: { fill: TOKENS.accent }
		}
	);
	// The branch legend: coloured squares with names, wrapped into rows that fit the slide.
	for (const item of legendLayout(spec.frame.legend, ctx)) {
		const top = legendY + item.row * Math.round(32 * s);
		graphics.push({
			type: 'rect',
			left: item.x,
			top: top + Math.round(3 * s),
			shape: { width: Math.round(12 * s), height: Math.round(12 * s), r: 2 },
			style: { fill: item.entry.colour }
		});
		graphics.push({
			type: 'text',
			left: item.x + Math.round(17 * s),
			top,
			style: {
				text: item.entry.name,
				fill: TOKENS.text,
				fontSize: t.small,
				fontFamily: CHART_FONT
			}
		});
	}
	if (ctx.demo) {
		// Top right, in the bad colour with a frame: a sample figure must not pass for a real one.
		graphics.push({
			type: 'text',
			right: pad,
			top: Math.round(18 * s),
			z: 100,
			style: {
				text: demoMark(ctx.lang),
				fill: TOKENS.bad,
				fontSize: t.subtitle,
				fontWeight: 'bold',
				fontFamily: CHART_FONT,
				backgroundColor: '#fff5f5',
				borderColor: TOKENS.bad,
				borderWidth: Math.max(1, Math.round(1.5 * s)),
				borderRadius: 4,
				padding: [Math.round(4 * s), Math.round(10 * s)]
			}
		});
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
