import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { markDemo, type AppStore } from './app';
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
