/**
 * The one deck composer (pptxgenjs), shared by the browser ("Export deck"), the server endpoint and
 * the CLI: a title slide, then per section (a branch in "all branches") one slide per chart.
 * Pictures are the framed slide PNGs (exact look); native slides are editable PowerPoint charts
 * set in 微软雅黑, with a picture for charts that have no native form.
 */
import type PptxGenJS from 'pptxgenjs';
import { m } from '../../paraglide/messages.js';
import {
	demoMark,
	type ChartBuilder,
	type ChartFrame,
	type ChartSpec,
	type Lang,
	type RenderContext
} from '../frame';
import { TOKENS } from '../theme';
import { nativeChartOf, type NativeChart } from './native';
import { slideContext } from './sizes';

export type DeckKind = 'pictures' | 'native';

export interface DeckSection {
	/** Shown as a divider slide and a PowerPoint section (e.g. the branch); null for one section. */
	title: string | null;
	charts: ChartBuilder[];
}

/** A slide of text in the slides' frame: the deck's KPI summary. */
export interface TableSlide {
	frame: ChartFrame;
	columns: string[];
	rows: string[][];
	/** A line under the table (`* 部分月份未填报`, the branch's members). */
	note?: string;
}

/** The talking points as a numbered list; items marked `attention` get a red number. */
export interface ListSlide {
	frame: ChartFrame;
	items: { text: string; attention: boolean }[];
	/** What the slide says when there is nothing to list. */
	empty: string;
}

/** What a deck opens with after its title: the KPI summary, then the talking points. */
export interface DeckSummary {
	kpi: TableSlide;
	points: ListSlide;
}

export interface DeckInput {
	/** What the deck is of: `总览` or `第一检察部党支部`. */
	view: string;
	/** `2019-01 至 2019-12`. */
	period: string;
	/** Generation date, `2026-11-25`. */
	date: string;
	lang: Lang;
	kind: DeckKind;
	sections: DeckSection[];
	/** Made from the demo database: every slide says 演示数据 / Sample data. */
	demo?: boolean;
	/** The KPI summary and talking-point slides after the title (views/deck-summary.ts). */
	summary?: DeckSummary;
}

/** Renders a chart for a slide to a PNG data URL (`data:image/png;base64,…`). */
export type PngRenderer = (build: ChartBuilder, ctx: RenderContext) => Promise<string>;

/** The font committee PCs have; PowerPoint substitutes gracefully elsewhere. */
export const DECK_FONT = 'Microsoft YaHei';
const W = 13.333;
const H = 7.5;
const hex = (c: string) => c.replace('#', '').toUpperCase();

export interface ComposeOptions {
	/** Pictures drawn at once (the server's worker pool); default 1, one after another. */
	concurrency?: number;
	/** After each slide: slides done and the deck's total. */
	onProgress?: (done: number, total: number) => void;
}

/** Compose the deck; the caller writes it (`write({ outputType })`). Returns it and its slide count. */
export async function composeDeck(
	input: DeckInput,
	renderPng: PngRenderer,
	opts: ComposeOptions = {}
): Promise<{ pptx: PptxGenJS; slides: number }> {
	const { default: Pptx } = await import('pptxgenjs');
	const pptx = new Pptx();
	const locale = input.lang === 'en' ? 'en' : 'zh-cn';
	pptx.layout = 'LAYOUT_WIDE';
	pptx.title = `${m.app_name({}, { locale })} · ${input.view} · ${input.period}`;
	pptx.company = m.app_subtitle({}, { locale });
	pptx.theme = { headFontFace: DECK_FONT, bodyFontFace: DECK_FONT };
	const ctx = slideContext('16:9', input.lang, undefined, input.demo);
	const divided = input.sections.length > 1;
	// Every slide in order; pictures are drawn `concurrency` at a time (each finished one starts
	// the next), while slides go into the deck in order as their pictures arrive.
	type Planned = { section: DeckSection; build: ChartBuilder | null };
	const plan: Planned[] = [];
	for (const section of input.sections) {
		if (section.title && divided) plan.push({ section, build: null });
		for (const build of section.charts) plan.push({ section, build });
	}
	const pointPages = input.summary ? pointsPages(input.summary.points, input.lang) : [];
	const total = plan.length + 1 + (input.summary ? 1 + pointPages.length : 0);
	const pictures = plan.map((p) => {
		if (!p.build) return null;
		const spec = p.build(ctx);
		const native = input.kind === 'native' ? nativeChartOf(spec) : null;
		return { spec, native, png: null as Promise<string> | null };
	});
	const pending = pictures.flatMap((p, i) => (p && !p.native ? [i] : []));
	const width = Math.max(1, opts.concurrency ?? 1);
	let started = 0;
	const startNext = () => {
		if (started >= pending.length) return;
		const i = pending[started++];
		const p = pictures[i]!;
		p.png = renderPng(plan[i].build!, ctx);
		// A failed picture is reported where its slide awaits it.
		p.png.then(startNext, () => {});
	};
	for (let k = 0; k < width; k++) startNext();
	let slides = 0;
	titleSlide(pptx, input, locale);
	slides++;
	opts.onProgress?.(slides, total);
	if (input.summary) {
		tableSlide(pptx, input.summary.kpi, input.demo ? input.lang : null);
		slides++;
		opts.onProgress?.(slides, total);
		for (const [k, page] of pointPages.entries()) {
			listSlide(pptx, input.summary.points, page, k, input.demo ? input.lang : null, locale);
			slides++;
			opts.onProgress?.(slides, total);
		}
	}
	for (const [i, { section, build }] of plan.entries()) {
		const sectionTitle = section.title && divided ? section.title : undefined;
		if (!build) {
			pptx.addSection({ title: section.title! });
			dividerSlide(pptx, section.title!, input.period, section.title!);
		} else {
			const p = pictures[i]!;
			if (p.native) nativeSlide(pptx, p.spec, p.native, locale, sectionTitle, input.demo);
			else pictureSlide(pptx, p.spec, await p.png!, sectionTitle, input.demo ? input.lang : null);
		}
		slides++;
		opts.onProgress?.(slides, total);
	}
	return { pptx, slides };
}

/** A change to some entries of a ZIP file: which ones, and their text after it. */
export interface EntryPatch {
	applies(name: string): boolean;
	apply(text: string): string;
}

/**
 * pptxgenjs sets only the Latin typeface in charts and leaves the theme's East Asian font empty,
 * so PowerPoint would set Chinese in its default (等线): we name 微软雅黑 for East Asian text too
 * (`<a:ea>`), in the theme and in every chart.
 */
export const deckFontPatch: EntryPatch = {
	applies: (name) => /^ppt\/(charts\/chart\d+|theme\/theme\d+)\.xml$/.test(name),
	apply(xml) {
		const latin = `<a:latin typeface="${DECK_FONT}"/>`;
		return xml
			.replaceAll('<a:ea typeface=""/>', `<a:ea typeface="${DECK_FONT}"/>`)
			.replaceAll(latin, `${latin}<a:ea typeface="${DECK_FONT}"/>`)
			.replaceAll(
				`${latin}<a:ea typeface="${DECK_FONT}"/><a:ea typeface="${DECK_FONT}"/>`,
				`${latin}<a:ea typeface="${DECK_FONT}"/>`
			);
	}
};

/** Whether a deck's entry is a picture: PNG, compressed already, so stored as it is. */
export const isDeckPicture = (name: string) => name.startsWith('ppt/media/');

/**
 * Rewrites pptxgenjs's ZIP file with `patch` applied; pictures (`isDeckPicture`) are stored,
 * everything else deflated (deflating a deck's megabytes of PNG again took seconds and saved little).
 */
export type DeckRepacker = (raw: Uint8Array, patch: EntryPatch) => Promise<Uint8Array>;

/** The repacker in the browser: JSZip. */
async function jszipRepack(raw: Uint8Array, patch: EntryPatch): Promise<Uint8Array> {
	const { default: JSZip } = await import('jszip');
	const zip = await JSZip.loadAsync(raw);
	for (const [name, file] of Object.entries(zip.files)) {
		if (isDeckPicture(name)) file.options.compression = 'STORE';
		else if (patch.applies(name)) zip.file(name, patch.apply(await file.async('string')));
	}
	return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The deck's bytes, fonts named (`deckFontPatch`); the server repacks with Node's zlib. */
export async function deckBytes(
	pptx: PptxGenJS,
	repack: DeckRepacker = jszipRepack
): Promise<Uint8Array> {
	const raw = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
	return repack(raw, deckFontPatch);
}

const text = (
	size: number,
	extra: PptxGenJS.TextPropsOptions = {}
): PptxGenJS.TextPropsOptions => ({
	fontFace: DECK_FONT,
	fontSize: size,
	color: hex(TOKENS.text),
	margin: 0,
	...extra
});

function accent(slide: PptxGenJS.Slide, h: number) {
	slide.addShape('rect', {
		x: 0,
		y: 0,
		w: 0.09,
		h,
		fill: { color: hex(TOKENS.accent) },
		line: { type: 'none' }
	});
}

function titleSlide(pptx: PptxGenJS, input: DeckInput, locale: 'zh-cn' | 'en') {
	const slide = pptx.addSlide();
	slide.background = { color: 'FFFFFF' };
	slide.addShape('rect', {
		x: 0,
		y: 0,
		w: W,
		h: 0.18,
		fill: { color: hex(TOKENS.accent) },
		line: { type: 'none' }
	});
	slide.addText(
		m.app_title({}, { locale }),
		text(40, { x: 0.9, y: 2.1, w: W - 1.8, h: 1, bold: true })
	);
	slide.addText(input.view, text(28, { x: 0.9, y: 3.2, w: W - 1.8, h: 0.7 }));
	slide.addText(
		m.slides_deck_period({ period: input.period }, { locale }),
		text(20, { x: 0.9, y: 4.1, w: W - 1.8, h: 0.5, color: hex(TOKENS.muted) })
	);
	slide.addText(
		[
			m.slides_deck_generated({ date: input.date }, { locale }),
			m.footer_source({}, { locale })
		].join('    '),
		text(14, { x: 0.9, y: H - 0.9, w: W - 1.8, h: 0.4, color: hex(TOKENS.muted) })
	);
	if (input.demo) demoBadge(slide, input.lang, 20);
}

/** 演示数据 / Sample data, top right, in the bad colour: demo figures never pass for real ones. */
function demoBadge(slide: PptxGenJS.Slide, lang: Lang, size: number) {
	slide.addText(
		demoMark(lang),
		text(size, {
			x: W - 3.2,
			y: 0.3,
			w: 2.8,
			h: size / 40,
			bold: true,
			align: 'center',
			valign: 'middle',
			color: hex(TOKENS.bad),
			fill: { color: 'FFF5F5' },
			line: { color: hex(TOKENS.bad), width: 1.5 }
		})
	);
}

function dividerSlide(pptx: PptxGenJS, title: string, period: string, section: string) {
	const slide = pptx.addSlide({ sectionTitle: section });
	slide.background = { color: 'FFFFFF' };
	accent(slide, H);
	slide.addText(title, text(36, { x: 0.9, y: 2.8, w: W - 1.8, h: 1, bold: true }));
	slide.addText(period, text(20, { x: 0.9, y: 3.8, w: W - 1.8, h: 0.5, color: hex(TOKENS.muted) }));
}

/** The framed PNG fills the slide (title, legend and source are in it); alt text and notes too. */
function pictureSlide(
	pptx: PptxGenJS,
	spec: ChartSpec,
	png: string,
	section?: string,
	/** The language of the sample-data mark when the deck is of demo data; else null. */
	demo: Lang | null = null
) {
	const slide = pptx.addSlide(section ? { sectionTitle: section } : undefined);
	slide.background = { color: 'FFFFFF' };
	slide.addImage({
		data: png,
		x: 0,
		y: 0,
		w: W,
		h: H,
		// The picture carries the sample-data mark (framedOption); its alt text says it too.
		altText: [demo ? demoMark(demo) : '', spec.frame.title, spec.frame.subtitle]
			.filter(Boolean)
			.join(' · ')
	});
	slide.addNotes(notesOf(spec));
}

function notesOf(spec: ChartSpec): string {
	const { title, subtitle, unit, source, asOf } = spec.frame;
	return [
		title,
		[subtitle, unit].filter(Boolean).join(' · '),
		[source, asOf].filter(Boolean).join('    ')
	].join('\n');
}

function nativeSlide(
	pptx: PptxGenJS,
	spec: ChartSpec,
	chart: NativeChart,
	locale: 'zh-cn' | 'en',
	section?: string,
	demo = false
) {
	const slide = pptx.addSlide(section ? { sectionTitle: section } : undefined);
	slide.background = { color: 'FFFFFF' };
	accent(slide, 1.05);
	if (demo) demoBadge(slide, locale === 'en' ? 'en' : 'zh', 14);
	const f = spec.frame;
	slide.addText(f.title, text(28, { x: 0.45, y: 0.22, w: W - 0.9, h: 0.55, bold: true }));
	const unit = f.unit
		? ` · ${m.chart_unit({}, { locale })}${locale === 'en' ? ': ' : '：'}${f.unit}`
		: '';
	slide.addText(
		f.subtitle + unit,
		text(15, { x: 0.45, y: 0.8, w: W - 0.9, h: 0.35, color: hex(TOKENS.muted) })
	);
	const single = chart.series.length === 1;
	const colours =
		single && chart.series[0].pointColours
			? chart.series[0].pointColours
			: chart.series.map((s, i) => s.colour ?? ['2E86C1', 'D68910', '239B56', '7D3C98'][i % 4]);
	const labels = { fontFace: DECK_FONT, fontSize: 14, color: hex(TOKENS.muted) };
	const type = chart.type === 'line' ? pptx.ChartType.line : pptx.ChartType.bar;
	const data = chart.series.map((s) => ({
		name: s.name,
		labels: chart.categories,
		values: s.values as number[]
	}));
	// The norm and the average as flat lines over the categories (a combo chart); PowerPoint
	// combines lines only with upright bars.
	const refs = chart.horizontal ? [] : (chart.references ?? []);
	const refPart = (dashed: boolean): PptxGenJS.IChartMulti[] => {
		const lines = refs.filter((r) => r.dashed === dashed);
		return lines.length
			? [
					{
						type: pptx.ChartType.line,
						data: lines.map((r) => ({
							name: r.name,
							labels: chart.categories,
							values: chart.categories.map(() => r.value)
						})),
						options: {
							chartColors: lines.map((r) => hex(r.colour)),
							lineSize: 2,
							lineDataSymbol: 'none' as const,
							lineDash: dashed ? ('dash' as const) : ('solid' as const)
						}
					}
				]
			: [];
	};
	const parts: PptxGenJS.IChartMulti[] | null = refs.length
		? [
				{
					type,
					data,
					options: {
						chartColors: colours.map(hex),
						barDir: chart.horizontal ? 'bar' : 'col',
						barGapWidthPct: 60
					}
				},
				...refPart(true),
				...refPart(false)
			]
		: null;
	const options: PptxGenJS.IChartOpts = {
		x: 0.45,
		y: 1.35,
		w: W - 0.9,
		h: H - 2.05,
		barDir: chart.horizontal ? 'bar' : 'col',
		chartColors: colours.map(hex),
		displayBlanksAs: 'gap',
		showLegend: !single || refs.length > 0,
		legendPos: 't',
		legendFontFace: DECK_FONT,
		legendFontSize: 14,
		catAxisLabelFontFace: labels.fontFace,
		catAxisLabelFontSize: chart.categories.length > 12 ? 12 : labels.fontSize,
		catAxisLabelColor: labels.color,
		valAxisLabelFontFace: labels.fontFace,
		valAxisLabelFontSize: labels.fontSize,
		valAxisLabelColor: labels.color,
		valAxisLabelFormatCode: chart.numberFormat,
		// pptxgenjs writes this straight into <c:orientation>; its types list only 'minMax'.
		valAxisOrientation: (chart.inverse ? 'maxMin' : 'minMax') as 'minMax',
		// On a reversed axis the category labels belong at its far (bottom) end.
		catAxisLabelPos: chart.inverse ? 'high' : 'nextTo',
		valAxisMinVal: chart.min,
		valAxisMaxVal: chart.max,
		valAxisMajorUnit: chart.step,
		valGridLine: { color: hex(TOKENS.grid), size: 1 },
		catGridLine: { style: 'none' },
		showValue: chart.showValues,
		dataLabelFormatCode: chart.numberFormat,
		dataLabelFontFace: DECK_FONT,
		dataLabelFontSize: 13,
		dataLabelColor: hex(TOKENS.text),
		dataLabelPosition: chart.type === 'bar' ? 'outEnd' : 't',
		lineSize: chart.type === 'line' ? 2.5 : undefined,
		lineDataSymbolSize: 7,
		barGapWidthPct: 60
	};
	// A combo chart takes its options second (pptxgenjs reads `data || options` there).
	if (parts) slide.addChart(parts, options as unknown as PptxGenJS.OptsChartData[]);
	else slide.addChart(type, data, options);
	slide.addText(
		[f.source, f.asOf].filter(Boolean).join('    '),
		text(12, { x: 0.45, y: H - 0.55, w: W - 0.9, h: 0.3, color: hex(TOKENS.muted) })
	);
	slide.addNotes(notesOf(spec));
}

/** The heading of a text slide: accent bar, title, subtitle, sample-data mark. */
function textSlideHead(pptx: PptxGenJS, frame: ChartFrame, title: string, demo: Lang | null) {
	const slide = pptx.addSlide();
	slide.background = { color: 'FFFFFF' };
	accent(slide, 1.05);
	if (demo) demoBadge(slide, demo, 14);
	slide.addText(title, text(28, { x: 0.45, y: 0.22, w: W - 4, h: 0.55, bold: true }));
	slide.addText(
		frame.subtitle,
		text(15, { x: 0.45, y: 0.8, w: W - 0.9, h: 0.35, color: hex(TOKENS.muted) })
	);
	return slide;
}

/** The source and "as of" line at the foot, as every chart slide has it. */
function textSlideFoot(slide: PptxGenJS.Slide, frame: ChartFrame, title: string, body: string) {
	slide.addText(
		[frame.source, frame.asOf].filter(Boolean).join('    '),
		text(12, { x: 0.45, y: H - 0.55, w: W - 0.9, h: 0.3, color: hex(TOKENS.muted) })
	);
	slide.addNotes(
		[title, frame.subtitle, body, [frame.source, frame.asOf].filter(Boolean).join('    ')].join(
			'\n'
		)
	);
}

/** The KPI summary: a native table (editable in both kinds of deck). */
function tableSlide(pptx: PptxGenJS, t: TableSlide, demo: Lang | null) {
	const slide = textSlideHead(pptx, t.frame, t.frame.title, demo);
	const border = { type: 'solid' as const, pt: 0.75, color: hex(TOKENS.border) };
	const size = t.rows.length > 8 ? 12 : 14;
	const cell = (value: string, head: boolean, first: boolean): PptxGenJS.TableCell => ({
		text: value,
		options: {
			bold: head || first,
			color: hex(head ? TOKENS.muted : TOKENS.text),
			fill: { color: head ? 'F6F7F9' : 'FFFFFF' },
			align: 'left',
			valign: 'middle'
		}
	});
	const rows = [
		t.columns.map((c, i) => cell(c, true, i === 0)),
		...t.rows.map((r) => r.map((v, i) => cell(v, false, i === 0)))
	];
	const h = Math.min(0.5, (H - 2.6) / rows.length);
	// Columns by their longest text (CJK one em, Latin about half), damped so none is squeezed.
	const ems = (v: string) =>
		[...v].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 1 : 0.55), 0);
	const need = t.columns.map((c, i) => Math.max(4, ems(c), ...t.rows.map((r) => ems(r[i] ?? ''))));
	const weight = need.map(Math.sqrt);
	const sum = weight.reduce((a, b) => a + b, 0);
	slide.addTable(rows, {
		x: 0.45,
		y: 1.4,
		w: W - 0.9,
		colW: weight.map((n) => ((W - 0.9) * n) / sum),
		rowH: h,
		fontFace: DECK_FONT,
		fontSize: size,
		border,
		margin: [2, 6, 2, 6],
		autoPage: false
	});
	if (t.note)
		slide.addText(
			t.note,
			text(12, {
				x: 0.45,
				y: Math.min(H - 1.0, 1.5 + rows.length * h),
				w: W - 0.9,
				h: 0.3,
				color: hex(TOKENS.muted)
			})
		);
	textSlideFoot(
		slide,
		t.frame,
		t.frame.title,
		[t.columns, ...t.rows].map((r) => r.join('\t')).join('\n')
	);
}

/** Lines an item takes at 16 pt across the slide (CJK one em a glyph, Latin about half). */
function linesOf(item: string, lang: Lang): number {
	const perLine = lang === 'en' ? 105 : 52;
	return Math.max(1, Math.ceil(item.length / perLine));
}

/** The talking points split into pages of at most 14 lines (indexes into `items`). */
export function pointsPages(list: ListSlide, lang: Lang): number[][] {
	const pages: number[][] = [[]];
	let used = 0;
	list.items.forEach((item, i) => {
		const lines = linesOf(item.text, lang);
		if (used + lines > 14 && pages[pages.length - 1].length) {
			pages.push([]);
			used = 0;
		}
		pages[pages.length - 1].push(i);
		used += lines;
	});
	return pages;
}

/** One page of the talking points: numbered, a finding needing attention numbered in red. */
function listSlide(
	pptx: PptxGenJS,
	list: ListSlide,
	page: number[],
	k: number,
	demo: Lang | null,
	locale: 'zh-cn' | 'en'
) {
	const title = k
		? m.slides_points_continued({ title: list.frame.title }, { locale })
		: list.frame.title;
	const slide = textSlideHead(pptx, list.frame, title, demo);
	const runs: PptxGenJS.TextProps[] = page.length
		? page.flatMap((i) => [
				{
					text: `${i + 1}. `,
					options: {
						bold: true,
						color: hex(list.items[i].attention ? TOKENS.bad : TOKENS.muted)
					}
				},
				{ text: list.items[i].text, options: { breakLine: true } }
			])
		: [{ text: list.empty, options: { color: hex(TOKENS.muted) } }];
	slide.addText(
		runs,
		text(16, {
			x: 0.45,
			y: 1.35,
			w: W - 0.9,
			h: H - 2.05,
			valign: 'top',
			paraSpaceAfter: 8,
			lineSpacingMultiple: 1.15
		})
	);
	textSlideFoot(
		slide,
		list.frame,
		title,
		page.map((i) => `${i + 1}. ${list.items[i].text}`).join('\n') || list.empty
	);
}
