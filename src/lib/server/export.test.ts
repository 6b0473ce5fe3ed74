import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { loadRegistry, markDemo, type AppStore } from './app';
import { formatFigure } from '../domain/format';
import { complianceData, complianceTable } from '../views/compliance';
import { BOM, tableToCsv } from '../charts/export/csv';
import { overviewView } from './overview';
import { pngSize } from './render';
import { findingsFor } from './talking-points';
import { buildDeck, renderViewChart } from './export';
import { applyImport } from './imports';
import { memoryStore, parsedFile } from './test-fixtures';
import type { ViewParams } from '../views/view-params';

let store: AppStore;

beforeEach(async () => {
	store = { ...(await memoryStore(3)), path: ':memory:' };
	await applyImport(
		store.db,
		parsedFile('a.csv', [
			['a', '2020-01', 'secretary_lectures', 1],
			['b', '2020-01', 'secretary_lectures', 2],
			['a', '2020-01', 'cases_total', 4],
			['a', '2020-01', 'cases_by_leaders', 1]
		]),
		{ by: 'test', now: new Date('2021-03-04T05:06:07Z') }
	);
});

afterEach(async () => {
	await store.close();
});

const view: ViewParams = {
	from: '2020-01',
	to: '2020-03',
	metrics: ['secretary_lectures', 'leader_case_share'],
	norm: 'raw',
	cmp: 'none'
};

async function chartSvg(lang: 'zh' | 'en') {
	const out = await renderViewChart(store, {
		view,
		chart: 'ranked',
		format: 'svg',
		size: '16:9',
		lang
	});
	return String(out!.body);
}

async function deckText(kind: 'pictures' | 'native') {
	const { bytes } = await buildDeck(store, { view, kind, scope: 'overview', lang: 'zh' });
	const zip = await JSZip.loadAsync(bytes);
	const slides = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
	return Promise.all(slides.map((n) => zip.file(n)!.async('string')));
}

describe('the editable deck', () => {
	it('draws the norm and the all-branch average on the ranked bars, as the picture does', async () => {
		const { bytes } = await buildDeck(store, {
			view,
			kind: 'native',
			scope: 'overview',
			lang: 'zh'
		});
		const zip = await JSZip.loadAsync(bytes);
		const charts = await Promise.all(
			Object.keys(zip.files)
				.filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n))
				.map((n) => zip.file(n)!.async('string'))
		);
		// The ranked bars are the first chart slide; the lines are a line part of the same chart.
		const ranked = charts.find((x) => x.includes('<c:barChart>'))!;
		expect(ranked).toContain('<c:lineChart>');
		expect(ranked).toContain('各支部平均');
		expect(ranked).toContain('标准');
	});
});

describe('exports of the demo database', () => {
	it('say 演示数据 / Sample data on every exported image and slide, and only then', async () => {
		expect(await chartSvg('zh')).not.toContain('演示数据');
		expect((await deckText('native')).some((x) => x.includes('演示数据'))).toBe(false);
		await markDemo(store);
		expect(await chartSvg('zh')).toContain('演示数据');
		expect(await chartSvg('en')).toContain('Sample data');
		// The editable deck: the title slide and every chart slide carry the mark as text.
		const native = await deckText('native');
		expect(native.length).toBeGreaterThan(1);
		expect(native.every((x) => x.includes('演示数据'))).toBe(true);
	});
});

/** The slides' XML in slide order, and each slide's notes. */
async function deckSlides(
	lang: 'zh' | 'en',
	kind: 'pictures' | 'native' = 'native',
	extra: { branch?: string; scope?: 'overview' | 'branches'; view?: ViewParams } = {}
) {
	const { bytes, slides } = await buildDeck(store, {
		view: extra.view ?? view,
		kind,
		scope: extra.scope ?? 'overview',
		branch: extra.branch,
		lang
	});
	const zip = await JSZip.loadAsync(bytes);
	const read = (n: string) => zip.file(n)?.async('string') ?? Promise.resolve('');
	const xml = await Promise.all(
		Array.from({ length: slides }, (_, i) => read(`ppt/slides/slide${i + 1}.xml`))
	);
	return xml;
}

/** The visible text of a slide's XML (its runs joined). */
const textOf = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((x) => x[1]).join('');

describe('decks open with the KPI summary, then the talking points', () => {
	it('has the page figures after the title: all-branch figure, basis, highest and lowest', async () => {
		const registry = await loadRegistry(store.db);
		const data = await overviewView(
			store.db,
			registry.branches.map((b) => b.slug),
			view
		);
		const findings = await findingsFor(store.db, registry, {
			period: { from: view.from, to: view.to },
			metrics: view.metrics,
			norm: view.norm
		});
		for (const kind of ['pictures', 'native'] as const) {
			const xml = await deckSlides('zh', kind);
			const kpi = textOf(xml[1]);
			expect(kpi).toContain('主要指标一览');
			const lectures = data.metrics[0];
			// 1 and 2 lectures reported by two of three branches: their mean, as the KPI card shows it.
			expect(kpi).toContain(`${formatFigure(lectures.allBranch.value, 'count')} 次`);
			expect(kpi).toContain('各支部平均（2 个支部填报）');
			expect(kpi).toContain('领导干部办案占比');
			expect(kpi).toContain('数据截至 2020-01');
			const points = textOf(xml[2]);
			expect(points).toContain('要点');
			expect(findings.length).toBeGreaterThan(0);
			for (const f of findings) expect(points).toContain(f.text.zh);
			// Then the charts.
			expect(textOf(xml[1])).not.toContain(findings[0].text.zh);
		}
	});

	it('in English, with the sample-data mark on both slides of a demo deck', async () => {
		await markDemo(store);
		const xml = await deckSlides('en');
		expect(textOf(xml[1])).toContain('Key figures');
		expect(textOf(xml[1])).toContain('Sample data');
		expect(textOf(xml[1])).toContain('Data to 2020-01');
		expect(textOf(xml[2])).toContain('Talking points');
		expect(textOf(xml[2])).toContain('Sample data');
	});

	it("a branch's deck has that branch's figures and ranks, and its own talking points", async () => {
		const registry = await loadRegistry(store.db);
		const findings = await findingsFor(store.db, registry, {
			period: { from: view.from, to: view.to },
			metrics: view.metrics,
			norm: view.norm,
			focus: 'b'
		});
		const xml = await deckSlides('zh', 'native', { branch: 'b' });
		const kpi = textOf(xml[1]);
		expect(kpi).toContain('2 次');
		expect(kpi).toContain('第 1 名 / 2');
		expect(kpi).toContain('已填报月份 1/3 个月');
		for (const f of findings) expect(textOf(xml[2])).toContain(f.text.zh);
	});
});

describe("a deck's title slide", () => {
	it('writes the period as the pages do: one month once, a range with 至 / to', async () => {
		const month = { ...view, from: '2020-01', to: '2020-01' };
		const zhMonth = textOf((await deckSlides('zh', 'native', { view: month }))[0]);
		expect(zhMonth).toContain('2020-01');
		expect(zhMonth).not.toContain('2020-01 至 2020-01');
		const enMonth = textOf((await deckSlides('en', 'native', { view: month }))[0]);
		expect(enMonth).toContain('2020-01');
		expect(enMonth).not.toContain('2020-01 to 2020-01');
		expect(textOf((await deckSlides('zh'))[0])).toContain('2020-01 至 2020-03');
		expect(textOf((await deckSlides('en'))[0])).toContain('2020-01 to 2020-03');
	});
});

describe('the compliance table', () => {
	it('is a slide of the deck and a chart with the screen rows: PNG/SVG and its data', async () => {
		const registry = await loadRegistry(store.db);
		const data = await overviewView(
			store.db,
			registry.branches.map((b) => b.slug),
			view
		);
		const table = complianceTable(data.normCoverage, registry, 'zh');
		const out = await renderViewChart(store, {
			view,
			chart: 'compliance',
			format: 'svg',
			size: '16:9',
			lang: 'zh'
		});
		const svg = String(out!.body);
		expect(out!.fileName).toMatch(/^三会一课等组织生活达标情况_2020-01_2020-03\.svg$/);
		for (const row of table.rows) {
			expect(svg).toContain(row.label);
			for (const c of row.cells) {
				expect(svg).toContain(c.figure);
				if (c.ratio) expect(svg).toContain(c.ratio);
				if (c.notReported) expect(svg).toContain(c.notReported);
			}
		}
		// Branch a held its quarter's lecture in 2020-01; branch c reported nothing at all.
		const cell = (slug: string) =>
			table.rows
				.find((r) => r.slug === slug)!
				.cells.find((c) => c.metric === 'secretary_lectures')!;
		expect(cell('a').counts).toEqual({ units: 1, met: 1, notMet: 0, notReported: 0 });
		expect(cell('c').counts).toEqual({ units: 1, met: 0, notMet: 0, notReported: 1 });
		expect(svg).toContain('未填报 1');
		const png = await renderViewChart(store, {
			view,
			chart: 'compliance',
			format: 'png',
			size: '16:9',
			lang: 'en'
		});
		expect(pngSize(png!.body as Uint8Array)).toEqual({ width: 3840, height: 2160 });
		// The deck's last slide is the table (a picture: its notes carry the title).
		const { bytes, slides } = await buildDeck(store, {
			view,
			kind: 'pictures',
			scope: 'overview',
			lang: 'zh'
		});
		const zip = await JSZip.loadAsync(bytes);
		const notes = await Promise.all(
			Object.keys(zip.files)
				.filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n))
				.map((n) => zip.file(n)!.async('string'))
		);
		expect(notes.some((n) => n.includes('三会一课等组织生活达标情况'))).toBe(true);
		expect(slides).toBe(1 + 2 + 5);
	});

	it('exports its rows as CSV data: share met, met, not met and not reported per norm', async () => {
		const registry = await loadRegistry(store.db);
		const data = await overviewView(
			store.db,
			registry.branches.map((b) => b.slug),
			view
		);
		const table = complianceTable(data.normCoverage, registry, 'en');
		const csv = tableToCsv(complianceData(table, 'en'));
		const lines = csv.replace(BOM, '').trim().split('\r\n');
		expect(lines[0]).toContain('Branch,');
		expect(lines[0]).toContain('(at least 1 a quarter)');
		expect(lines[0]).toContain('· not reported');
		expect(lines).toHaveLength(1 + table.rows.length);
		expect(lines[1].startsWith(table.rows[0].label)).toBe(true);
	});
});
