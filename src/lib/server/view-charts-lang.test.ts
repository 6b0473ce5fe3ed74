/**
 * The view layer's one signature `(data, registry, lang) → charts` speaks `lang` by itself: the
 * server's exports set no ambient locale, yet an English export has not one Chinese word of
 * message text, and a Chinese one no English (the request locale stays the base locale, zh-cn).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slideContext } from '../charts/export/sizes';
import { getLocale } from '../paraglide/runtime.js';
import type { OpenedDb } from './db';
import { branchCharts } from '../views/branch-charts';
import { overviewCharts } from '../views/overview-charts';
import { loadRegistry } from './app';
import { branchView } from './branch-page';
import { applyImport } from './imports';
import { overviewView } from './overview';
import { memoryStore, parsedFile } from './test-fixtures';
import { readView } from '../views/view-params';

let store: OpenedDb;
const { view } = readView(
	new URLSearchParams('from=2020-01&to=2020-03&metrics=party_days,leader_case_share'),
	null
);

beforeAll(async () => {
	store = await memoryStore(3);
	await applyImport(
		store.db,
		parsedFile('x.csv', [
			['a', '2020-01', 'party_days', 1],
			['b', '2020-02', 'party_days', 2]
		]),
		{ by: 'test' }
	);
});
afterAll(() => store.close());

/** The view layer's charts of the overview and of branch `a`, from the server's data. */
async function charts(lang: 'zh' | 'en') {
	const registry = await loadRegistry(store.db);
	const overview = await overviewView(store.db, ['a', 'b', 'c'], view);
	const branch = await branchView(store.db, {
		slug: 'a',
		period: view,
		metrics: view.metrics,
		norm: view.norm
	});
	return [...overviewCharts(overview, registry, lang), ...branchCharts(branch, registry, lang)];
}
const texts = async (charts: { build: (ctx: never) => unknown }[], lang: 'zh' | 'en') =>
	charts.map((c) => JSON.stringify(c.build(slideContext('16:9', lang) as never))).join('\n');

describe('the view layer speaks its lang argument, with no ambient locale', () => {
	it('overview and branch charts in English carry English words only', async () => {
		expect(getLocale()).toBe('zh-cn');
		const en = await texts(await charts('en'), 'en');
		expect(en).toContain('Source: the branches');
		expect(en).toContain('Theme party days');
		// Branch names and metric names are data in both languages; messages are the test here.
		expect(en).not.toMatch(/数据来源|至|主题党日|次/);
	});

	it('the same charts in Chinese carry Chinese words', async () => {
		const zh = await texts(await charts('zh'), 'zh');
		expect(zh).toContain('数据来源');
		expect(zh).toContain('主题党日');
		expect(zh).not.toContain('Source: the branches');
	});
});

describe('chart subtitles (issue 12)', () => {
	const subtitles = async (query: string, lang: 'zh' | 'en') => {
		const { view: v } = readView(new URLSearchParams(query), null);
		const registry = await loadRegistry(store.db);
		const overview = await overviewView(store.db, ['a', 'b', 'c'], v);
		return Object.fromEntries(
			overviewCharts(overview, registry, lang).map((c) => [
				c.id,
				c.build(slideContext('16:9', lang)).frame.subtitle
			])
		);
	};

	it('say 对比 / vs only on the chart that draws the comparison', async () => {
		const zh = await subtitles('from=2020-02&to=2020-03&metrics=party_days&cmp=prev', 'zh');
		expect(zh.ranked).toContain('对比 2019-12 至 2020-01');
		for (const id of ['heatmap', 'grouped', 'multiples']) expect(zh[id]).not.toContain('对比');
		const en = await subtitles('from=2020-02&to=2020-03&metrics=party_days&cmp=prev', 'en');
		expect(en.heatmap).not.toContain('vs');
	});

	it('write a single month once, never 「2020-02 至 2020-02」', async () => {
		const zh = await subtitles('from=2020-02&to=2020-02&metrics=party_days', 'zh');
		expect(zh.ranked).toMatch(/^2020-02 · /);
		expect(zh.multiples).not.toContain('至');
		const branch = await branchView(store.db, {
			slug: 'a',
			period: { from: '2020-02', to: '2020-02' },
			metrics: ['party_days']
		});
		const registry = await loadRegistry(store.db);
		const [trend] = branchCharts(branch, registry, 'en');
		expect(trend.build(slideContext('16:9', 'en')).frame.subtitle).toBe('A · 2020-02');
	});
});

describe('a ratio with nothing to divide (issue 12)', () => {
	it("says 不适用 across the branch's chart instead of drawing an empty one", async () => {
		// Like 政治部: reports every month, but its department handles no cases.
		await applyImport(
			store.db,
			parsedFile('c.csv', [
				['c', '2020-01', 'cases_total', 0],
				['c', '2020-01', 'cases_by_leaders', 0],
				['c', '2020-02', 'cases_total', 0],
				['c', '2020-02', 'cases_by_leaders', 0]
			]),
			{ by: 'test' }
		);
		const registry = await loadRegistry(store.db);
		const branch = await branchView(store.db, {
			slug: 'c',
			period: { from: '2020-01', to: '2020-02' },
			metrics: ['leader_case_share']
		});
		const [zh] = branchCharts(branch, registry, 'zh');
		const [en] = branchCharts(branch, registry, 'en');
		const option = (lang: 'zh' | 'en', c: typeof zh) =>
			JSON.stringify(c.build(slideContext('16:9', lang)).option);
		expect(option('zh', zh)).toContain('不适用：本期部门办案总数为 0');
		expect(option('en', en)).toContain(
			'Not applicable (Cases handled by the department: 0 in this period)'
		);
	});
});
