import { describe, expect, it } from 'vitest';
import type { ChartFrame } from './frame';
import { niceCeil, smallMultiplesChart, type SmallMultiplesData } from './small-multiples';
import { renderChartSvg } from './ssr';
import { ZH_WORDS } from './test-words';

const frame: ChartFrame = {
	title: '主题党日 · 各支部逐月',
	subtitle: '2020-01 至 2020-04 · 原始值',
	unit: '次',
	source: '数据来源：各党支部月度党建统计',
	asOf: '数据截至 2021-03-04',
	legend: [
		{ name: '第一检察部', colour: '#c0392b' },
		{ name: '第二检察部', colour: '#2e86c1' }
	],
	fileStem: '主题党日_2020-01_2020-04'
};

const data: SmallMultiplesData = {
	kind: 'count',
	unit: '次',
	months: ['2020-01', '2020-02', '2020-03', '2020-04'],
	branches: [
		{
			slug: 'a',
			label: '第一检察部',
			colour: '#c0392b',
			values: [1, 0, 2, 3],
			total: 6,
			totalKind: 'count'
		},
		{
			slug: 'b',
			label: '<script>x</script>',
			colour: '#2e86c1',
			values: [2, null, null, 7],
			total: 9,
			totalKind: 'count'
		}
	],
	norm: { value: 1, label: '标准' },
	words: ZH_WORDS
};

describe('smallMultiplesChart', () => {
	it('renders one panel per branch on a 1920×1080 slide with names and totals', () => {
		const { svg, spec } = renderChartSvg((ctx) => smallMultiplesChart(data, frame, ctx), {
			mode: 'slide',
			width: 1920,
			height: 1080,
			lang: 'zh'
		});
		expect(svg).toContain('width="1920"');
		expect(svg).toContain('主题党日 · 各支部逐月');
		expect(svg).toContain('第一检察部  6');
		expect(svg).toContain('2020-01');
		expect(svg).not.toContain('<script>');
		expect((spec.option.grid as unknown[]).length).toBe(2);
	});

	it('keeps unreported months as gaps and shares one y scale', () => {
		const spec = smallMultiplesChart(data, frame, {
			mode: 'screen',
			width: 1200,
			height: 420,
			lang: 'zh'
		});
		const series = spec.option.series as {
			data: { value: number | null }[];
			connectNulls: boolean;
		}[];
		expect(series[1].data.map((d) => d.value)).toEqual([2, null, null, 7]);
		expect(series[1].connectNulls).toBe(false);
		const yAxes = spec.option.yAxis as { max: number }[];
		expect(yAxes.map((y) => y.max)).toEqual([10, 10]);
		expect(spec.table.rows[1]).toEqual(['<script>x</script>', 2, null, null, 7, '2/4']);
	});

	it('rounds axis maxima up to 1, 2, 2.5 or 5 × 10ⁿ', () => {
		expect([0.296, 7, 12, 26, 100].map(niceCeil)).toEqual([0.5, 10, 20, 50, 100]);
	});
});
