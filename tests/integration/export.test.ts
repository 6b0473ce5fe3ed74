/**
 * Server-side exports on the real demo database: every chart of every view renders to SVG and PNG
 * with its title and source at slide size; the CLI's deck is a .pptx with one slide per chart.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slideContext } from '../../src/lib/charts/export/sizes';
import { renderChartSvg } from '../../src/lib/charts/ssr';
import { openStore, type AppStore } from '../../src/lib/server/app';
import { viewCharts, type ViewChart } from '../../src/lib/server/export';
import { pngSize, svgToPng } from '../../src/lib/server/render';
import { readView } from '../../src/lib/views/view-params';

const root = join(import.meta.dirname, '../..');
const { view } = readView(
	new URLSearchParams({
		from: '2019-01',
		to: '2019-12',
		metrics: 'leader_case_share,secretary_lectures'
	}),
	'2021-12'
);
let dir: string;
let db: string;
let store: AppStore;

function cli(...args: string[]) {
	const r = spawnSync(
		process.execPath,
		['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', db],
		{
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env, NODE_NO_WARNINGS: '1' }
		}
	);
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function slidesOf(file: string): Promise<string[]> {
	const zip = await JSZip.loadAsync(readFileSync(file));
	const names = Object.keys(zip.files)
		.filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n))
		.sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0]));
	return Promise.all(names.map((n) => zip.file(n)!.async('string')));
}

/** One chart per builder (ids are `builder` or `builder:variant`). */
function oneOfEach(charts: ViewChart[]): ViewChart[] {
	const seen = new Map<string, ViewChart>();
	for (const c of charts) if (!seen.has(c.id.split(':')[0])) seen.set(c.id.split(':')[0], c);
	return [...seen.values()];
}

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-export-'));
	db = join(dir, 'demo.db');
	const r = cli('demo-db');
	if (r.code !== 0) throw new Error(r.stderr);
	store = await openStore({ dbPath: db });
}, 120_000);

afterAll(async () => {
	await store?.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('every chart of every view renders on the server', () => {
	it('as SVG at 1920×1080 with title and source, and as PNG of the right size', async () => {
		const charts = [
			...(await viewCharts(store, view, 'zh')),
			...(await viewCharts(store, view, 'zh', 'first-procuratorial'))
		];
		expect(charts.length).toBeGreaterThan(1);
		const ctx = slideContext('16:9', 'zh');
		for (const chart of charts) {
			const { svg, spec } = renderChartSvg(chart.build, ctx);
			expect(svg, chart.id).toContain('width="1920"');
			expect(svg, chart.id).toContain('height="1080"');
			expect(svg, chart.id).toContain(spec.frame.title);
			expect(svg, chart.id).toContain(spec.frame.source);
			expect(spec.frame.source, chart.id).not.toBe('');
			expect(spec.frame.fileStem, chart.id).toContain('2019-01_2019-12');
		}
		const each = oneOfEach(charts);
		for (const [i, chart] of each.entries()) {
			const { svg } = renderChartSvg(chart.build, ctx);
			// Pixel ratio 2 (the export default) for the first, 1 for the rest: both sizes are checked.
			const ratio = i === 0 ? 2 : 1;
			const png = await svgToPng(svg, ctx.width, ratio);
			expect(pngSize(png), chart.id).toEqual({ width: 1920 * ratio, height: 1080 * ratio });
		}
	}, 300_000);
});

describe('npm run cli -- deck', () => {
	it('writes a pictures deck: a title slide, the KPI summary and talking points, then one slide per chart named by its title', async () => {
		const out = join(dir, 'overview.pptx');
		const r = cli(
			'deck',
			'--from',
			'2019-01',
			'--to',
			'2019-12',
			'--metrics',
			'leader_case_share,secretary_lectures',
			'--out',
			out,
			'--json'
		);
		expect(r.code, r.stderr).toBe(0);
		const result = JSON.parse(r.stdout) as { out: string; slides: number };
		expect(result.out).toBe(out);
		// Progress on stderr, a line per slide (stdout is the result only).
		const progress = r.stderr.match(/^deck: slide \d+\/\d+$/gm) ?? [];
		expect(progress.length).toBe(result.slides);
		expect(progress.at(-1)).toBe(`deck: slide ${result.slides}/${result.slides}`);
		const charts = await viewCharts(store, view, 'zh');
		const slides = await slidesOf(out);
		expect(slides.length).toBe(result.slides);
		expect(slides[0]).toContain('2019-01 至 2019-12');
		// After the title the KPI summary, then the talking points (one page or more), then the charts.
		expect(slides[1]).toContain('主要指标一览');
		expect(slides[2]).toContain('要点');
		const first = slides.length - charts.length;
		expect(first).toBeGreaterThanOrEqual(3);
		for (const s of slides.slice(3, first)) expect(s).toContain('要点（续）');
		charts.forEach((c, i) => {
			const title = c.build(slideContext('16:9', 'zh')).frame.title;
			expect(slides[first + i]).toContain(title);
			expect(slides[first + i]).toContain('<p:pic>');
		});
	}, 300_000);

	it('writes native charts set in Microsoft YaHei, a section per branch with --scope branches', async () => {
		const out = join(dir, 'branches.pptx');
		const r = cli(
			'deck',
			'--from',
			'2019-01',
			'--to',
			'2019-12',
			'--metrics',
			'secretary_lectures',
			'--kind',
			'native',
			'--scope',
			'branches',
			'--out',
			out,
			'--json'
		);
		expect(r.code, r.stderr).toBe(0);
		const zip = await JSZip.loadAsync(readFileSync(out));
		const presentation = await zip.file('ppt/presentation.xml')!.async('string');
		expect(presentation.match(/<p14:section /g)?.length).toBe(8);
		expect(presentation).toContain('第一检察部党支部');
		const chartXml = await zip.file('ppt/charts/chart1.xml')?.async('string');
		expect(chartXml).toContain('<a:ea typeface="Microsoft YaHei"/>');
		expect(JSON.parse(r.stdout).slides).toBe((await slidesOf(out)).length);
	}, 300_000);

	it('refuses unknown metric ids and bad kinds with exit 2 and nothing on stdout', () => {
		const out = join(dir, 'x.pptx');
		for (const extra of [
			['--metrics', 'nope'],
			['--kind', 'movie']
		]) {
			const r = cli('deck', '--from', '2019-01', '--to', '2019-12', '--out', out, ...extra);
			expect(r.code).toBe(2);
			expect(r.stdout).toBe('');
		}
	});

	it("checks the view with the pages' schema: year 0000 or 121 months is exit 2 naming --from", () => {
		const out = join(dir, 'x.pptx');
		for (const [from, to] of [
			['0000-01', '9999-12'],
			['2010-01', '2020-01']
		]) {
			const r = cli('deck', '--from', from, '--to', to, '--out', out);
			expect(r.code).toBe(2);
			expect(r.stderr).toMatch(/--from: /);
			expect(r.stdout).toBe('');
		}
		const s = cli('summary', '--from', '0000-01', '--to', '0000-12');
		expect(s.code).toBe(2);
	}, 300_000);
});
