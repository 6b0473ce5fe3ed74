import { describe, expect, it } from 'vitest';
import type { ChartFrame } from '../frame';
import { rankedBarChart, type RankedBarData } from '../ranked-bar';
import { TOKENS } from '../theme';
import { nativeChartOf } from './native';

const frame: ChartFrame = {
	title: '领导干部办案占比',
	subtitle: '2019-01 至 2019-12',
	unit: '%',
	source: '数据来源',
	asOf: '',
	legend: [],
	fileStem: 'x'
};

const item = (slug: string, value: number | null, colour: string) => ({
	slug,
	label: slug,
	colour,
	value,
	reported: value === null ? 0 : 12,
	months: 12,
	rank: null
});

const data = (kind: 'ratio' | 'count', values: (number | null)[]): RankedBarData => ({
	kind,
	unit: kind === 'ratio' ? '%' : '次',
	items: values.map((v, i) => item(`b${i}`, v, ['#c0392b', '#2e86c1', '#d68910'][i])),
	average: null,
	norm: null,
	words: { reported: '', rank: '', notReported: '未填报', partial: '' }
});

describe('nativeChartOf', () => {
	const ctx = { mode: 'slide', width: 1920, height: 1080, lang: 'zh' } as const;

	it('reads ranked bars as one bar series coloured by branch, missing as a gap', () => {
		const native = nativeChartOf(rankedBarChart(data('ratio', [0.2, null, 0.3]), frame, ctx));
		expect(native).not.toBeNull();
		expect(native!.type).toBe('bar');
		expect(native!.categories).toEqual(['b2', 'b0', 'b1（未填报）']);
		expect(native!.series[0].values).toEqual([0.3, 0.2, null]);
		expect(native!.series[0].pointColours).toEqual(['#d68910', '#c0392b', TOKENS.missing]);
		expect(native!.numberFormat).toBe('0.0%');
		expect(native!.showValues).toBe(true);
	});

	it('keeps the norm and the all-branch average as reference lines', () => {
		const withLines: RankedBarData = {
			...data('count', [3, 5, 1]),
			average: { value: 3, label: '各支部平均' },
			norm: { value: 4, label: '标准' }
		};
		const native = nativeChartOf(rankedBarChart(withLines, frame, ctx))!;
		expect(native.references).toEqual([
			{ name: '各支部平均', value: 3, colour: TOKENS.average, dashed: true },
			{ name: '标准', value: 4, colour: TOKENS.norm, dashed: false }
		]);
	});

	it('formats whole counts without decimals and gives up on charts it cannot read', () => {
		const native = nativeChartOf(rankedBarChart(data('count', [3, 5, 1]), frame, ctx));
		expect(native!.numberFormat).toBe('0');
		const heat = {
			frame,
			table: { columns: [], rows: [] },
			option: { series: [{ type: 'heatmap', data: [] }] }
		};
		expect(nativeChartOf(heat)).toBeNull();
	});

	it('reads line series with their own colours and an inverted (rank) axis', () => {
		const lines = {
			frame,
			table: { columns: [], rows: [] },
			option: {
				xAxis: { type: 'category', data: ['2019-01', '2019-02'] },
				yAxis: { type: 'value', inverse: true, min: 1, max: 8, interval: 1 },
				series: [
					{ type: 'line', name: '第一检察部', color: '#c0392b', data: [2, null] },
					{ type: 'line', name: '平均', lineStyle: { color: '#34495e' }, data: [1.5, 3] }
				]
			}
		};
		const native = nativeChartOf(lines)!;
		expect(native.type).toBe('line');
		expect([native.inverse, native.min, native.max, native.step]).toEqual([true, 1, 8, 1]);
		expect(native.series.map((s) => [s.name, s.colour, s.values])).toEqual([
			['第一检察部', '#c0392b', [2, null]],
			['平均', '#34495e', [1.5, 3]]
		]);
	});
});
