import { describe, expect, it } from 'vitest';
import type { ChartFrame } from './frame';
import { groupedBarsChart, type GroupedBarsData } from './grouped-bars';
import { renderChartSvg } from './ssr';
import { ZH_WORDS } from './test-words';

const frame: ChartFrame = {
	title: '多指标对比',
	subtitle: '2020-01 至 2020-06 · 达标率',
	unit: '%',
	source: '数据来源：各党支部月度党建统计',
	asOf: '数据截至 2021-03-04',
	legend: [],
	fileStem: '多指标对比_2020-01_2020-06'
};

const data: GroupedBarsData = {
	metrics: [
		{ id: 'party_days', label: '主题党日', unit: '%', kind: 'norm' },
		{ id: 'study_sessions', label: '集体学习', unit: '%', kind: 'norm' }
	],
	branches: [
		{
			slug: 'a',
			label: '第一检察部',
			colour: '#c0392b',
			cells: [
				{ value: 1.25, reported: 6, months: 6, rank: 1 },
				{ value: 0.5, reported: 3, months: 6, rank: 2 }
			]
		},
		{
			slug: 'b',
			label: '<img src=x onerror=alert(1)>',
			colour: '#2e86c1',
			cells: [
				{ value: null, reported: 0, months: 6, rank: null },
				{ value: 0.75, reported: 6, months: 6, rank: 1 }
			]
		}
	],
	words: ZH_WORDS
};

describe('groupedBarsChart', () => {
	it('renders a 1280×720 slide with title, legend and value labels', () => {
		const { svg } = renderChartSvg((ctx) => groupedBarsChart(data, frame, ctx), {
			mode: 'slide',
			width: 1280,
			height: 720,
			lang: 'zh'
		});
		expect(svg).toContain('width="1280"');
		expect(svg).toContain('height="720"');
		expect(svg).toContain('多指标对比');
		expect(svg).toContain('125.0%');
		expect(svg).toContain('75.0%');
		expect(svg).toContain('主题党日');
		expect(svg).not.toContain('<img');
	});

	it('leaves a gap for a silent branch and marks partial figures in the table', () => {
		const spec = groupedBarsChart(data, frame, {
			mode: 'screen',
			width: 900,
			height: 400,
			lang: 'zh'
		});
		// One panel (grid and axis) per metric, so small and large metrics both read.
		expect((spec.option.grid as unknown[]).length).toBe(2);
		const series = (spec.option.series as { data: { value: number | null }[] }[])[0];
		expect(series.data.map((d) => d.value)).toEqual([1.25, null]);
		expect(spec.table.columns).toEqual([
			'党支部',
			'主题党日',
			'已填报月份',
			'集体学习',
			'已填报月份'
		]);
		expect(spec.table.rows[0]).toEqual(['第一检察部', 1.25, '6/6', 0.5, '3/6*']);
		const tooltip = (
			spec.option.tooltip as {
				formatter: (p: { seriesIndex: number; dataIndex: number }) => string;
			}
		).formatter({ seriesIndex: 0, dataIndex: 1 });
		expect(tooltip).toContain('&lt;img');
		expect(tooltip).toContain('未填报');
	});
});
