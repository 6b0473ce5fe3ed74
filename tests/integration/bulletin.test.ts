/**
 * The bulletin (通报) on the real demo database, written by the real CLI: its sections, fonts and
 * page set-up as GB/T 9704 asks, its tables' numbers equal to `summary` for the same view, its
 * charts as pictures; where LibreOffice is installed, it opens and renders to pages.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatFigure } from '../../src/lib/domain/format';
import { metricById, type MetricId } from '../../src/lib/domain/metrics';

const root = join(import.meta.dirname, '../..');
let dir: string;
let db: string;

function cli(...args: string[]) {
	const r = spawnSync(
		process.execPath,
		['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', db],
		{ cwd: root, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } }
	);
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function docx(file: string) {
	const zip = await JSZip.loadAsync(readFileSync(file));
	const text = (name: string) => zip.file(name)!.async('string');
	return {
		zip,
		document: await text('word/document.xml'),
		fonts: await text('word/fontTable.xml')
	};
}

/** Each table row's cell texts, in document order. */
function tableRows(xml: string): string[][] {
	return [...xml.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((tr) =>
		[...tr[1].matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((tc) =>
			[...tc[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')
		)
	);
}

const paragraphs = (xml: string) =>
	[...xml.matchAll(/<w:p>([\s\S]*?)<\/w:p>|<w:p [^>]*>([\s\S]*?)<\/w:p>/g)].map((p) =>
		[...(p[1] ?? p[2]).matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')
	);

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-bulletin-'));
	db = join(dir, 'demo.db');
	const r = cli('demo-db');
	if (r.code !== 0) throw new Error(r.stderr);
}, 180_000);

afterAll(() => {
	rmSync(dir, { recursive: true, force: true });
});

describe('cli bulletin', () => {
	const metrics: MetricId[] = ['guidance_visits', 'leader_case_share'];
	let file: string;

	beforeAll(() => {
		file = join(dir, '通报.docx');
		const r = cli(
			'bulletin',
			'--from',
			'2021-01',
			'--to',
			'2021-12',
			'--metrics',
			metrics.join(','),
			'--out',
			file,
			'--json'
		);
		if (r.code !== 0) throw new Error(r.stderr);
		expect(JSON.parse(r.stdout)).toEqual({ out: file });
	}, 180_000);

	it('has the four sections, the demo mark, the issuer and the date', async () => {
		const { document } = await docx(file);
		const text = paragraphs(document);
		expect(text[0]).toContain('演示数据');
		expect(text).toContain('关于2021年度领航支部党建工作情况的通报');
		for (const h of ['一、总体情况', '二、各支部情况', '三、存在问题', '四、下一步要求'])
			expect(text).toContain(h);
		expect(text).toContain('（一）调研指导');
		expect(text).toContain('（二）领导干部办案占比');
		expect(text).toContain('（三）“三会一课”落实情况');
		expect(text).toContain('机关党委');
		expect(text.some((t) => /^\d{4}年\d{1,2}月\d{1,2}日$/.test(t))).toBe(true);
		// The talking points as prose: completeness first.
		const overall = text.slice(text.indexOf('一、总体情况') + 1, text.indexOf('二、各支部情况'));
		expect(overall[1]).toBe('8 个支部均已填报 2021-01 至 2021-12 的全部月份。');
		expect(overall.some((t) => t.startsWith('调研指导：'))).toBe(true);
	});

	it('names the official fonts and sets the page as GB/T 9704 does', async () => {
		const { document, fonts, zip } = await docx(file);
		const title = document.slice(0, document.indexOf('关于2021年度'));
		expect(title).toMatch(
			/w:eastAsia="方正小标宋简体"[^>]*\/>(?:(?!<w:r>)[\s\S])*<w:sz w:val="44"\/>/
		);
		expect(document).toContain('w:eastAsia="仿宋_GB2312"');
		expect(document).toContain('w:eastAsia="黑体"');
		expect(document).toContain('w:eastAsia="楷体_GB2312"');
		expect(document).toContain('w:ascii="Times New Roman"');
		expect(document).toContain('<w:sz w:val="32"/>');
		expect(document).toMatch(/<w:spacing w:line="560" w:lineRule="exact"/);
		// A4, margins 37 / 35 / 28 / 26 mm.
		expect(document).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
		expect(document).toMatch(
			/w:top="2098"[^>]*w:right="1474"[^>]*w:bottom="1984"[^>]*w:left="1587"/
		);
		expect(fonts).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="黑体"/>');
		const footers = Object.keys(zip.files).filter((n) => /^word\/footer\d+\.xml$/.test(n));
		expect(footers.length).toBe(2);
		const footer = await zip.file(footers[0])!.async('string');
		expect(footer).toContain('PAGE');
		expect(footer).toContain('— ');
	});

	it('holds a ranking table per metric whose numbers equal summary, with 并列 for ties', async () => {
		const { document } = await docx(file);
		const rows = tableRows(document);
		const summary = JSON.parse(
			cli('summary', '--from', '2021-01', '--to', '2021-12', '--json').stdout
		);
		const shortOf = new Map<string, string>([
			['第一检察部', 'first-procuratorial'],
			['第二检察部', 'second-procuratorial'],
			['第四检察部', 'fourth-procuratorial'],
			['第五检察部', 'fifth-procuratorial'],
			['第六检察部', 'sixth-procuratorial'],
			['第八检察部', 'eighth-procuratorial'],
			['政治部', 'political-department'],
			['办公室', 'general-office']
		]);
		const headers = rows.flatMap((r, i) => (r.join('|') === '支部|数值|名次' ? [i] : []));
		expect(headers).toHaveLength(metrics.length);
		metrics.forEach((id, k) => {
			const metric = metricById(id);
			const body = rows.slice(headers[k] + 1, headers[k] + 9);
			expect(body).toHaveLength(8);
			for (const [name, value, rank] of body) {
				const slug = shortOf.get(name)!;
				const figure = summary.branches.find((b: { slug: string }) => b.slug === slug).metrics[id]
					.value as number | null;
				const kind = metric.kind === 'ratio' ? 'ratio' : 'count';
				const expected =
					figure === null
						? '未填报'
						: kind === 'ratio'
							? formatFigure(figure, 'ratio')
							: `${formatFigure(figure)} ${metric.unitZh}`;
				expect(value, `${id} ${name}`).toBe(expected);
				expect(rank).toMatch(/^(\d+(（并列）)?|—)$/);
			}
			// Tied ranks say so: a rank shared by two rows carries 并列 on both.
			const ranks = body.map((r) => r[2].replace('（并列）', ''));
			body.forEach((r) => {
				const shared = ranks.filter((x) => x === r[2].replace('（并列）', '')).length > 1;
				expect(r[2].includes('并列')).toBe(shared && r[2] !== '—');
			});
		});
	});

	it('carries the charts as pictures with captions', async () => {
		const { document, zip } = await docx(file);
		const media = Object.keys(zip.files).filter((n) => /^word\/media\/.+\.png$/.test(n));
		expect(media.length).toBeGreaterThanOrEqual(1);
		const png = await zip.file(media[0])!.async('uint8array');
		expect([...png.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
		expect(paragraphs(document).some((t) => t.startsWith('图1'))).toBe(true);
	});

	it.runIf(existsSync('/usr/bin/soffice') && existsSync('/usr/bin/pdftoppm'))(
		'opens in LibreOffice and renders to pages',
		() => {
			const out = join(dir, 'pdf');
			const conv = spawnSync(
				'/usr/bin/soffice',
				['--headless', '--convert-to', 'pdf', '--outdir', out, file],
				{ encoding: 'utf8', env: { ...process.env, HOME: dir }, timeout: 170_000 }
			);
			expect(conv.status, conv.stderr).toBe(0);
			const pdf = join(out, '通报.pdf');
			expect(existsSync(pdf)).toBe(true);
			const r = spawnSync('/usr/bin/pdftoppm', ['-png', '-r', '40', pdf, join(out, 'page')]);
			expect(r.status).toBe(0);
			expect(readdirSync(out).filter((n) => n.endsWith('.png')).length).toBeGreaterThanOrEqual(3);
		},
		180_000
	);
});

describe('cli bulletin --branch', () => {
	it('writes one branch’s report with its own findings and no ranking', async () => {
		const file = join(dir, 'branch.docx');
		const r = cli(
			'bulletin',
			'--from',
			'2020-01',
			'--to',
			'2020-06',
			'--branch',
			'first-procuratorial',
			'--out',
			file
		);
		expect(r.code, r.stderr).toBe(0);
		const { document } = await docx(file);
		const text = paragraphs(document);
		expect(text).toContain('第一检察部党支部2020年1月至6月党建工作情况报告');
		expect(text).toContain('二、主要指标');
		expect(text).toContain('四、下一步打算');
		const rows = tableRows(document);
		expect(rows[0]).toEqual(['支部', '数值', '全部支部']);
		expect(rows.flat().join('')).not.toContain('名次');
		expect(text.join('')).not.toContain('最高');
	}, 180_000);

	it('refuses an unknown branch as a usage error', () => {
		const r = cli(
			'bulletin',
			'--from',
			'2020-01',
			'--to',
			'2020-06',
			'--branch',
			'nope',
			'--out',
			join(dir, 'x.docx')
		);
		expect(r.code).toBe(2);
		expect(r.stderr).toContain('unknown branch slug: nope');
	});
});
