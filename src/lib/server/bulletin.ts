/**
 * The bulletin (通报) as a Word document in official-document form after GB/T 9704 as offices use
 * it: A4 with the standard margins, title in 方正小标宋简体 二号, body in 仿宋_GB2312 三号 (Latin and
 * digits in Times New Roman), 一、 headings in 黑体 and （一） in 楷体_GB2312, 28-point fixed line
 * spacing, page numbers 「— 1 —」 at the foot. Fonts are named, not embedded (方正 fonts are
 * licensed; office PCs have them). Everything in it comes from the same figures as the dashboard:
 * the overview's view, the talking points, and charts drawn by the slides' own builders.
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	ImageRun,
	LineRuleType,
	Packer,
	PageNumber,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	VerticalAlign,
	WidthType,
	type IRunOptions
} from 'docx';
import JSZip from 'jszip';
import type { Lang } from '../charts/frame';
import { renderChartSvg } from '../charts/ssr';
import { figureWithUnit, formatRank } from '../domain/format';
import { metricById, metricUnit } from '../domain/metrics';
import { monthIndex, type Period } from '../domain/periods';
import type { Finding } from '../domain/talking-points';
import type { MetricView } from '../views/overview-view';
import type { ViewParams } from '../views/view-params';
import { isDemo, loadRegistry, type AppStore } from './app';
import { BranchNotFound } from './branch-page';
import { viewCharts } from './export';
import { overviewView } from './overview';
import { svgToPng } from './render';
import { findingsFor } from './talking-points';

export interface BulletinRequest {
	view: ViewParams;
	lang: Lang;
	/** One branch's report (情况报告) instead of the committee's bulletin. */
	branch?: string;
	/** Who issues it (the last lines); default 机关党委 / the organs' Party committee. */
	issuer?: string;
	now?: Date;
}

/** Half-points, as Word counts type sizes: 二号 22 pt, 三号 16 pt, 小四 12 pt. */
const SIZE = { title: 44, body: 32, table: 24, footer: 28 } as const;
/** 28-point fixed line spacing (twentieths of a point). */
const LINE = 28 * 20;
/** Two characters of 三号 type: the first-line indent of a paragraph. */
const INDENT = 2 * 16 * 20;

/** Millimetres in twips, rounded (A4 is 11906 × 16838; docx's own helper rounds down). */
const mm = (millimetres: number) => Math.round((millimetres * 1440) / 25.4);

const LATIN = 'Times New Roman';
const fonts = (eastAsia: string, lang: Lang) =>
	lang === 'zh'
		? { ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia }
		: { ascii: LATIN, hAnsi: LATIN, cs: LATIN, eastAsia: '仿宋_GB2312' };
const FACE = {
	title: '方正小标宋简体',
	heading1: '黑体',
	heading2: '楷体_GB2312',
	body: '仿宋_GB2312'
} as const;

function run(text: string, lang: Lang, opts: Partial<IRunOptions> & { face?: string } = {}) {
	const { face = FACE.body, ...rest } = opts;
	return new TextRun({ text, font: fonts(face, lang), size: SIZE.body, ...rest });
}

function body(text: string, lang: Lang, opts: { indent?: boolean; color?: string } = {}) {
	return new Paragraph({
		spacing: { line: LINE, lineRule: LineRuleType.EXACT },
		indent: opts.indent === false ? undefined : { firstLine: INDENT },
		alignment: AlignmentType.JUSTIFIED,
		children: [run(text, lang, { color: opts.color })]
	});
}

function heading(text: string, lang: Lang, level: 1 | 2) {
	return new Paragraph({
		spacing: { line: LINE, lineRule: LineRuleType.EXACT },
		indent: { firstLine: INDENT },
		keepNext: true,
		children: [run(text, lang, { face: level === 1 ? FACE.heading1 : FACE.heading2 })]
	});
}

const ZH_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
const zhNumber = (n: number) =>
	n <= 10 ? ZH_NUMERALS[n - 1] : n < 20 ? `十${ZH_NUMERALS[n - 11]}` : String(n);
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

/** `一、总体情况` / `I. Overview`, `（一）…` / `1. …`. */
function numbered(level: 1 | 2, n: number, text: string, lang: Lang): string {
	if (lang === 'zh') return level === 1 ? `${zhNumber(n)}、${text}` : `（${zhNumber(n)}）${text}`;
	return level === 1 ? `${ROMAN[n - 1] ?? n}. ${text}` : `${n}. ${text}`;
}

/** The period as an office writes it: 2021年度, 2021年第一季度, 2021年3月, 2021年1月至6月. */
export function periodWords(p: Period, lang: Lang): string {
	const [fy, fm] = p.from.split('-').map(Number);
	const [ty, tm] = p.to.split('-').map(Number);
	const months = monthIndex(p.to) - monthIndex(p.from) + 1;
	if (lang === 'en') {
		if (months === 12 && fm === 1) return `${fy}`;
		if (months === 3 && fm % 3 === 1) return `Q${(fm + 2) / 3} ${fy}`;
		return p.from === p.to ? p.from : `${p.from} to ${p.to}`;
	}
	if (months === 12 && fm === 1) return `${fy}年度`;
	if (months === 3 && fm % 3 === 1) return `${fy}年第${zhNumber((fm + 2) / 3)}季度`;
	if (p.from === p.to) return `${fy}年${fm}月`;
	return fy === ty ? `${fy}年${fm}月至${tm}月` : `${fy}年${fm}月至${ty}年${tm}月`;
}

function dateWords(d: Date, lang: Lang): string {
	const [y, m, day] = [d.getFullYear(), d.getMonth() + 1, d.getDate()];
	return lang === 'zh' ? `${y}年${m}月${day}日` : d.toISOString().slice(0, 10);
}

const THIN = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN };

/** A table in 小四 type, header row repeated on every page, rows never split across pages. */
function table(header: string[], rows: string[][], lang: Lang): Table {
	const cell = (text: string, bold: boolean, align: 'left' | 'center') =>
		new TableCell({
			borders: BORDERS,
			verticalAlign: VerticalAlign.CENTER,
			margins: { left: 80, right: 80, top: 40, bottom: 40 },
			children: [
				new Paragraph({
					alignment: align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
					children: [run(text, lang, { size: SIZE.table, bold })]
				})
			]
		});
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: [
			new TableRow({
				tableHeader: true,
				cantSplit: true,
				children: header.map((h) => cell(h, true, 'center'))
			}),
			...rows.map(
				(r) =>
					new TableRow({
						cantSplit: true,
						children: r.map((c, i) => cell(c, false, i === 0 ? 'left' : 'center'))
					})
			)
		]
	});
}

/** A chart as a picture inside the text width (156 mm), 2× for print, with its caption. */
async function figure(
	build: Parameters<typeof renderChartSvg>[0],
	caption: string,
	lang: Lang
): Promise<Paragraph[]> {
	const ctx = { mode: 'slide' as const, width: 1200, height: 720, lang };
	const { svg } = renderChartSvg(build, ctx);
	const png = await svgToPng(svg, ctx.width, 2);
	const width = 590; // 156 mm at 96 dpi
	return [
		new Paragraph({
			alignment: AlignmentType.CENTER,
			keepNext: true,
			children: [
				new ImageRun({
					type: 'png',
					data: png,
					transformation: { width, height: Math.round((width * ctx.height) / ctx.width) }
				})
			]
		}),
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { line: LINE, lineRule: LineRuleType.EXACT },
			children: [run(caption, lang, { size: SIZE.table })]
		})
	];
}

function valueText(mv: Pick<MetricView, 'id' | 'figure'>, v: number | null, lang: Lang): string {
	if (v === null) return lang === 'zh' ? '未填报' : 'not reported';
	return figureWithUnit(
		v,
		mv.figure,
		mv.figure === 'count' ? metricUnit(metricById(mv.id), lang) : ''
	);
}

/** `2` or `2（并列）` / `2 (tied)`. */
function rankText(rank: number | null, ranks: (number | null)[], lang: Lang): string {
	return formatRank(rank, rank !== null && ranks.filter((r) => r === rank).length > 1, lang);
}

const W = {
	zh: {
		title: (p: string) => `关于${p}领航支部党建工作情况的通报`,
		branchTitle: (b: string, p: string) => `${b}${p}党建工作情况报告`,
		overall: '总体情况',
		branches: '各支部情况',
		figures: '主要指标',
		problems: '存在问题',
		next: '下一步要求',
		nextBranch: '下一步打算',
		placeholder: '（此处填写下一步工作要求，如：对照标准补齐短板，按时报送月度统计，……）',
		intro: (p: string, n: number) =>
			`本通报统计期间为${p}，纳入统计的领航党支部共 ${n} 个。数据来自各支部报送的月度统计，未填报的月份不计为零。现将有关情况通报如下。`,
		noProblems: '本期未发现未达标或需核实的数据。',
		compliance: '“三会一课”落实情况',
		complianceHead: (units: string) => `达标${units}`,
		branch: '支部',
		value: '数值',
		all: '全部支部',
		rank: '名次',
		figure: (n: number, t: string) => `图${n}  ${t}`,
		issuer: '机关党委',
		demo: '【演示数据】本文件由演示数据生成，不是真实统计，不得印发。',
		mean: '平均',
		pooled: '合计比率',
		notReported: (k: number) => `，${k} 未填报`
	},
	en: {
		title: (p: string) => `Bulletin on the pilot branches' Party-building work, ${p}`,
		branchTitle: (b: string, p: string) => `${b}: report on Party-building work, ${p}`,
		overall: 'Overview',
		branches: 'The branches',
		figures: 'Main figures',
		problems: 'Problems',
		next: 'Next steps',
		nextBranch: 'Next steps',
		placeholder: '(Write the next steps here.)',
		intro: (p: string, n: number) =>
			`This bulletin covers ${p} and the ${n} pilot Party branches. The figures are the branches' monthly reports; months not reported count as not reported, never as zero.`,
		noProblems: 'No norm was missed and no value needs checking in this period.',
		compliance: '"Three meetings and one lesson"',
		complianceHead: (units: string) => `met (${units})`,
		branch: 'Branch',
		value: 'Value',
		all: 'All branches',
		rank: 'Rank',
		figure: (n: number, t: string) => `Figure ${n}  ${t}`,
		issuer: "The Organs' Party Committee",
		demo: '[SAMPLE DATA] Made from the demo database: not real figures, not for circulation.',
		mean: 'mean',
		pooled: 'pooled',
		notReported: (k: number) => `, ${k} not reported`
	}
} as const;

/** Findings that are problems: norms missed and values to check. */
const isProblem = (f: Finding) =>
	f.rule === 'norms' || f.rule === 'outlier' || f.rule === 'ratioJump';

/**
 * The document's font table with the official fonts' stand-ins (`w:altName`), which Word and
 * LibreOffice use on a PC without them: 方正小标宋简体 → 黑体, the GB2312 faces → 仿宋 and 楷体.
 * The docx package writes an empty table.
 */
const FALLBACKS: [font: string, alt: string][] = [
	[FACE.title, '黑体'],
	[FACE.body, '仿宋'],
	[FACE.heading2, '楷体'],
	[FACE.heading1, 'SimHei']
];

async function withFontFallbacks(docx: Buffer): Promise<Uint8Array> {
	const zip = await JSZip.loadAsync(docx);
	const path = 'word/fontTable.xml';
	const xml = await zip.file(path)?.async('string');
	if (!xml) return new Uint8Array(docx);
	const entries = FALLBACKS.map(
		([font, alt]) =>
			`<w:font w:name="${font}"><w:altName w:val="${alt}"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>`
	).join('');
	const patched = xml.includes('</w:fonts>')
		? xml.replace('</w:fonts>', `${entries}</w:fonts>`)
		: xml.replace(/<w:fonts([^>]*)\/>/, `<w:fonts$1>${entries}</w:fonts>`);
	zip.file(path, patched);
	return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** The bulletin (or one branch's report) as .docx bytes. */
export async function buildBulletin(
	store: AppStore,
	req: BulletinRequest
): Promise<{ bytes: Uint8Array; fileName: string }> {
	const { lang, view } = req;
	const w = W[lang];
	const registry = await loadRegistry(store.db);
	const branch = req.branch ? registry.bySlug(req.branch) : undefined;
	if (req.branch && !branch) throw new BranchNotFound(req.branch);
	const period = { from: view.from, to: view.to };
	const p = periodWords(period, lang);
	const findings = await findingsFor(store.db, registry, {
		period,
		metrics: view.metrics,
		norm: view.norm,
		focus: branch?.slug
	});
	const data = await overviewView(
		store.db,
		registry.branches.map((b) => b.slug),
		{ ...view, cmp: 'none' }
	);
	const nameOf = (slug: string) => {
		const b = registry.bySlug(slug);
		return b ? (lang === 'zh' ? b.short : b.shortEn) : slug;
	};
	const children: (Paragraph | Table)[] = [];
	if (await isDemo(store)) children.push(body(w.demo, lang, { indent: false, color: 'C00000' }));
	const title = branch ? w.branchTitle(lang === 'zh' ? branch.name : branch.nameEn, p) : w.title(p);
	children.push(
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { line: 36 * 20, lineRule: LineRuleType.EXACT, after: LINE },
			children: [run(title, lang, { face: FACE.title, size: SIZE.title })]
		})
	);

	let section = 0;
	children.push(heading(numbered(1, ++section, w.overall, lang), lang, 1));
	children.push(body(w.intro(p, branch ? 1 : registry.branches.length), lang));
	for (const f of findings.filter((f) => !isProblem(f))) children.push(body(f.text[lang], lang));

	children.push(heading(numbered(1, ++section, branch ? w.figures : w.branches, lang), lang, 1));
	const charts = await viewCharts(store, view, lang, branch?.slug);
	let figureNo = 0;
	let sub = 0;
	for (const mv of data.metrics) {
		const metric = metricById(mv.id);
		const label = lang === 'zh' ? metric.zh : metric.en;
		children.push(heading(numbered(2, ++sub, label, lang), lang, 2));
		const method = mv.allBranch.method === 'mean' ? w.mean : w.pooled;
		const allValue = valueText(mv, mv.allBranch.value, lang);
		const all = lang === 'zh' ? `${allValue}（${method}）` : `${allValue} (${method})`;
		if (branch) {
			const own = mv.branches.find((b) => b.slug === branch.slug);
			children.push(
				table(
					[w.branch, w.value, w.all],
					[[nameOf(branch.slug), valueText(mv, own?.normalised ?? null, lang), all]],
					lang
				)
			);
		} else {
			const ranks = mv.branches.map((b) => b.rank);
			const rows = [...mv.branches]
				.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity))
				.map((b) => [
					nameOf(b.slug),
					valueText(mv, b.normalised, lang),
					rankText(b.rank, ranks, lang)
				]);
			children.push(table([w.branch, w.value, w.rank], rows, lang));
			children.push(body(lang === 'zh' ? `${w.all}：${all}。` : `${w.all}: ${all}.`, lang));
		}
		const chart = branch
			? charts.find((c) => c.id === `trend:${mv.id}`)
			: mv.id === data.metrics[0].id
				? charts.find((c) => c.id === 'ranked')
				: undefined;
		if (chart) children.push(...(await figure(chart.build, w.figure(++figureNo, label), lang)));
	}
	const coverage = data.normCoverage;
	const rowsFor = branch
		? coverage.branches.filter((b) => b.slug === branch.slug)
		: coverage.branches;
	if (rowsFor.length) {
		children.push(heading(numbered(2, sub + 1, w.compliance, lang), lang, 2));
		const header = [
			w.branch,
			...coverage.metrics.map((id) => {
				const m = metricById(id);
				return lang === 'zh' ? m.zh : m.en;
			})
		];
		const rows = rowsFor.map((b) => [
			nameOf(b.slug),
			...coverage.metrics.map((id) => {
				const c = b.cells.find((x) => x.metric === id);
				if (!c || c.units === 0) return '—';
				return `${c.met}/${c.units}${c.notReported ? w.notReported(c.notReported) : ''}`;
			})
		]);
		children.push(table(header, rows, lang));
	}

	children.push(heading(numbered(1, ++section, w.problems, lang), lang, 1));
	const problems = findings.filter(isProblem);
	if (problems.length === 0) children.push(body(w.noProblems, lang));
	problems.forEach((f, i) => children.push(body(`${i + 1}. ${f.text[lang]}`, lang)));

	children.push(heading(numbered(1, section + 1, branch ? w.nextBranch : w.next, lang), lang, 1));
	children.push(body(w.placeholder, lang));

	const now = req.now ?? new Date();
	children.push(new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT } }));
	for (const line of [req.issuer ?? w.issuer, dateWords(now, lang)])
		children.push(
			new Paragraph({
				alignment: AlignmentType.RIGHT,
				indent: { right: INDENT * 2 },
				spacing: { line: LINE, lineRule: LineRuleType.EXACT },
				children: [run(line, lang)]
			})
		);

	const pageNumber = (align: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
		new Footer({
			children: [
				new Paragraph({
					alignment: align,
					children: [
						new TextRun({
							children: ['— ', PageNumber.CURRENT, ' —'],
							font: { ascii: '宋体', hAnsi: '宋体', eastAsia: '宋体' },
							size: SIZE.footer
						})
					]
				})
			]
		});
	const doc = new Document({
		creator: req.issuer ?? w.issuer,
		title,
		evenAndOddHeaderAndFooters: true,
		styles: {
			default: {
				document: { run: { font: fonts(FACE.body, lang), size: SIZE.body } }
			}
		},
		sections: [
			{
				properties: {
					page: {
						size: { width: mm(210), height: mm(297) },
						margin: {
							top: mm(37),
							bottom: mm(35),
							left: mm(28),
							right: mm(26),
							footer: mm(28)
						}
					}
				},
				// GB/T 9704: odd pages' numbers on the right, even pages' on the left.
				footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
				children
			}
		]
	});
	const bytes = await withFontFallbacks(await Packer.toBuffer(doc));
	const stem = branch
		? `${lang === 'zh' ? branch.short : branch.slug}_${view.from}_${view.to}`
		: `${lang === 'zh' ? '通报' : 'bulletin'}_${view.from}_${view.to}`;
	return { bytes, fileName: `${stem}.docx` };
}
