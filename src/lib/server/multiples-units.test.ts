/**
 * The small multiples under a normalised view: monthly values cannot be normalised, so every part
 * of the card (headings, lines, subtitle, unit) is raw, and the subtitle says so plainly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartSvg } from '../charts/ssr';
import { slideContext } from '../charts/export/sizes';
import { overviewCharts } from '../views/overview-charts';
import { readView } from '../views/view-params';
import { loadRegistry } from './app';
import type { OpenedDb } from './db';
import { applyImport } from './imports';
import { overviewView } from './overview';
import { memoryStore, parsedFile } from './test-fixtures';

let store: OpenedDb;
beforeAll(async () => {
	store = await memoryStore(2);
	await applyImport(
		store.db,
		parsedFile('x.csv', [
			['a', '2020-01', 'members', 20],
			['a', '2020-02', 'members', 20],
			['a', '2020-01', 'party_days', 3],
			['a', '2020-02', 'party_days', 5],
			['b', '2020-01', 'members', 5],
			['b', '2020-01', 'party_days', 1]
		]),
		{ by: 'test' }
	);
});
afterAll(() => store.close());

async function multiples(norm: 'raw' | 'per10' | 'norm', lang: 'zh' | 'en') {
	const { view } = readView(
		new URLSearchParams(`from=2020-01&to=2020-02&metrics=party_days&norm=${norm}`),
		null
	);
	const registry = await loadRegistry(store.db);
	const data = await overviewView(store.db, ['a', 'b'], view);
	const chart = overviewCharts(data, registry, lang).find((c) => c.id === 'multiples')!;
	return renderChartSvg(chart.build, slideContext('16:9', lang));
}

describe('small multiples follow one unit', () => {
	it('per 10 members: the headings are raw totals like the lines, and the subtitle says raw', async () => {
		const { spec, svg } = await multiples('per10', 'zh');
		// Branch a: 3 + 5 = 8 days (per 10 members it would be 4.0); b: 1 (per 10: 2.0).
		expect(svg).toMatch(/>[^<]* {2}8</);
		expect(svg).toMatch(/>[^<]* {2}1</);
		expect(svg).not.toContain('  4.0<');
		expect(spec.frame.subtitle).toContain('逐月原始值（本图不按“每 10 名党员”换算）');
		expect(spec.frame.unit).toBe('次');
		const en = await multiples('norm', 'en');
		expect(en.spec.frame.subtitle).toContain('monthly raw values, not % of norm');
		expect(en.svg).not.toMatch(/ {2}\d+\.\d%</);
	});

	it('raw: the subtitle needs no note', async () => {
		const { spec } = await multiples('raw', 'zh');
		expect(spec.frame.subtitle).toContain('逐月原始值');
		expect(spec.frame.subtitle).not.toContain('换算');
	});
});
