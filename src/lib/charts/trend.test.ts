import { describe, expect, it } from 'vitest';
import type { ChartFrame } from './frame';
import { rankTrendChart, type RankTrendData } from './rank-trend';
import { sparklineRuns } from './sparkline';
import { renderChartSvg } from './ssr';
import { trendChart, trendTooltip, type TrendData } from './trend';

const frame: ChartFrame = {
	title: '书记讲党课',
	subtitle: '第一检察部 · 2019-06 至 2020-06',
	unit: '次',
	source: '数据来源：各党支部月度党建统计',
	asOf: '数据截至 2021-12-31',
	legend: [],
	fileStem: '第一检察部_书记讲党课_2019-06_2020-06'
};

const data: TrendData = {
	months: ['2020-01', '2020-02', '2020-03'],
	kind: 'count',
	unit: '次',
	branch: { name: '<i>第一检察部</i>', colour: '#c0392b', values: [1, null, 2] },
	sources: [
		[
			{
				label: '书记讲党课',
				importId: 7,
				fileName: '<b>甲</b>.csv',
				importedAt: '2021-01-01T00:00:00Z',
				row: 14
			}
		],
		[],
		[]
	],
	average: { name: '全部支部平均', values: [2, 1, 1] },
	previous: { name: '去年同期', values: [null, 1, null] },
	rolling: null,
	norm: { value: 1 / 3, label: '定额 每季度 1 次（折合每月 0.33）' },
	words: {
		month: '月份',
		notReported: '未填报',
		source: '来源',
		row: (n) => `第 ${n} 行`,
		imported: '导入于'
	}
};

const slide = { mode: 'slide', width: 1280, height: 720, lang: 'zh' } as const;
const screen = { mode: 'screen', width: 900, height: 360, lang: 'zh' } as const;

describe('trendChart', () => {
	it('keeps unreported months as gaps, never zeros, and never joins across them', () => {
		const spec = trendChart(data, frame, screen);
		const series = spec.option.series as { name: string; data: unknown[]; connectNulls: boolean }[];
		expect(series[0].data).toEqual([1, null, 2]);
		expect(series.every((s) => s.connectNulls === false)).toBe(true);
		expect(series.map((s) => s.name)).toEqual([
			'<i>第一检察部</i>',
			'全部支部平均',
			'去年同期',
			'定额 每季度 1 次（折合每月 0.33）'
		]);
		expect(series[3].data).toEqual([1 / 3, 1 / 3, 1 / 3]);
		expect(spec.table.rows[1]).toEqual(['2020-02', null, 1, 1, null]);
	});

	it('shows the source file, row and import date in the tooltip, escaped', () => {
		const html = trendTooltip(data, 0);
		expect(html).toContain('&lt;b&gt;甲&lt;/b&gt;.csv');
		expect(html).toContain('第 14 行');
		expect(html).toContain('2021-01-01');
		expect(html).toContain('&lt;i&gt;第一检察部&lt;/i&gt;');
		expect(html).not.toContain('<b>甲</b>');
		expect(trendTooltip(data, 1)).toContain('未填报');
	});

	it('renders a slide with the frame, the norm line and a legend of the lines', () => {
		const { svg, spec } = renderChartSvg((ctx) => trendChart(data, frame, ctx), slide);
		expect(svg).toContain('书记讲党课');
		expect(svg).toContain('第一检察部 · 2019-06 至 2020-06');
		expect(svg).toContain('定额 每季度 1 次');
		expect(svg).toContain('全部支部平均');
		expect(svg).toContain('数据来源：各党支部月度党建统计');
		expect(spec.frame.legend.map((l) => l.name)).toEqual([
			'<i>第一检察部</i>',
			'全部支部平均',
			'去年同期',
			'定额 每季度 1 次（折合每月 0.33）'
		]);
	});

	it('adds the rolling line only when asked, and formats ratios as percentages', () => {
		const ratio: TrendData = {
			...data,
			kind: 'ratio',
			unit: '%',
			branch: { ...data.branch, values: [0.3, 0.25, null] },
			rolling: { name: '3 个月滚动', values: [0.3, 0.28, 0.28] },
			average: { name: '全部支部平均', values: [0.2, 0.25, null] },
			previous: null,
			norm: null
		};
		const spec = trendChart(ratio, frame, screen);
		expect((spec.option.series as { name: string }[]).map((s) => s.name)).toEqual([
			'<i>第一检察部</i>',
			'3 个月滚动',
			'全部支部平均'
		]);
		expect(trendTooltip(ratio, 0)).toContain('30.0%');
		// The % is the figure's own: never printed twice.
		expect(trendTooltip(ratio, 0)).not.toMatch(/%\s*%/);
		expect(trendTooltip(data, 0)).toContain('<b>1 次</b>');
		// English counts of one take the singular; 1.5 and 2 the plural.
		const en: TrendData = {
			...data,
			unit: 'times',
			branch: { ...data.branch, values: [1, 1.5, 2] }
		};
		expect(trendTooltip(en, 0, 'en')).toContain('<b>1 time</b>');
		expect(trendTooltip(en, 1, 'en')).toContain('<b>1.5 times</b>');
		expect(trendTooltip(en, 2, 'en')).toContain('<b>2 times</b>');
		const { svg } = renderChartSvg((ctx) => trendChart(ratio, frame, ctx), slide);
		expect(svg).toContain('30.0%');
	});
});

describe('trendChart by quarter', () => {
	const quarterly: TrendData = {
		...data,
		months: ['2020-Q1', '2020-Q2', '2020-Q3'],
		branch: { ...data.branch, values: [3, 1, null] },
		sources: [[], [], []],
		average: { name: '全部支部平均', values: [2, 1.5, null] },
		previous: null,
		norm: { value: 1, label: '定额：每季度 ≥1次' },
		partial: [false, true, false],
		words: { ...data.words, month: '季度', partial: () => '部分填报：2/3 个月' }
	};

	it('draws each quarter against the quarterly norm, a partly reported quarter hollow, none as a gap', () => {
		const spec = trendChart(quarterly, frame, screen);
		const series = spec.option.series as { name: string; data: unknown[] }[];
		expect(series[0].data[0]).toBe(3);
		expect(series[0].data[1]).toMatchObject({ value: 1, itemStyle: { color: '#fff' } });
		expect(series[0].data[2]).toBeNull();
		expect(series.find((x) => x.name === '定额：每季度 ≥1次')?.data).toEqual([1, 1, 1]);
		expect(trendTooltip(quarterly, 1)).toContain('部分填报：2/3 个月');
		expect(trendTooltip(quarterly, 0)).not.toContain('部分填报');
		expect(spec.table.columns[0]).toBe('季度');
		expect(spec.table.rows[1].at(-1)).toBe('部分填报：2/3 个月');
		const { svg } = renderChartSvg((ctx) => trendChart(quarterly, frame, ctx), slide);
		expect(svg).toContain('2020-Q2');
	});
});

describe('rankTrendChart', () => {
	const rank: RankTrendData = {
		months: ['2020-01', '2020-02', '2020-03'],
		ranks: [2, null, 1],
		ranked: [7, 6, 8],
		branchCount: 8,
		name: '第一检察部',
		colour: '#c0392b',
		words: {
			month: '月份',
			rank: '名次',
			notReported: '未填报',
			rankOf: (r, of) => `第 ${r} 名（${of} 个支部填报）`
		}
	};

	it('says 并列 where the rank is shared: point label, tooltip and table', () => {
		const tied = {
			...rank,
			tied: [true, false, false],
			words: { ...rank.words, tied: '（并列）' }
		};
		const spec = rankTrendChart(tied, { ...frame, title: '名次变化' }, screen);
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		const opt = spec.option as any;
		expect(opt.series[0].label.formatter({ dataIndex: 0 })).toBe('2（并列）');
		expect(opt.series[0].label.formatter({ dataIndex: 2 })).toBe('1');
		expect(opt.tooltip.formatter([{ dataIndex: 0 }])).toContain('第 2 名（7 个支部填报）（并列）');
		expect(spec.table.rows[0]).toEqual(['2020-01', '2（并列）']);
	});

	it('puts rank 1 at the top and leaves unreported months empty', () => {
		const spec = rankTrendChart(rank, { ...frame, title: '名次变化' }, screen);
		const y = spec.option.yAxis as { inverse: boolean; min: number; max: number };
		expect(y).toMatchObject({ inverse: true, min: 1, max: 8 });
		const s = (spec.option.series as { data: unknown[] }[])[0];
		expect(s.data).toEqual([2, null, 1]);
		const tip = (spec.option.tooltip as { formatter: (p: { dataIndex: number }[]) => string })
			.formatter;
		expect(tip([{ dataIndex: 0 }])).toContain('第 2 名（7 个支部填报）');
		expect(tip([{ dataIndex: 1 }])).toContain('未填报');
		const { svg } = renderChartSvg(
			(ctx) => rankTrendChart(rank, { ...frame, title: '名次变化' }, ctx),
			slide
		);
		expect(svg).toContain('名次变化');
	});
});

describe('sparklineRuns', () => {
	it('breaks the line at unreported months and scales from zero', () => {
		const runs = sparklineRuns([0, 2, null, 4, null], 42, 12, 1);
		expect(runs).toHaveLength(2);
		expect(runs[0]).toEqual([
			{ x: 1, y: 11 },
			{ x: 11, y: 6 }
		]);
		expect(runs[1]).toEqual([{ x: 31, y: 1 }]);
		expect(sparklineRuns([null, null], 40, 10)).toEqual([]);
	});
});

describe('trend lines told apart (issue 12)', () => {
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const seriesOf = (d: TrendData) => (trendChart(d, frame, screen).option as any).series as any[];

	it('draws the rolling mean thinner and dashed, broken at months the branch did not report', () => {
		const rolled = { ...data, rolling: { name: '3 个月滚动平均', values: [1, 1, 1.5] } };
		const [branch, rolling] = seriesOf(rolled);
		expect(rolling.data).toEqual([1, null, 1.5]);
		expect(rolling.connectNulls).toBe(false);
		expect(rolling.lineStyle.width).toBeLessThan(branch.lineStyle.width);
		expect(rolling.lineStyle.type).not.toBe('solid');
		expect(rolling.smooth).toBeFalsy();
	});

	it("gives the norm line a colour apart from a red branch's own", () => {
		const norm = (colour: string) =>
			seriesOf({ ...data, branch: { ...data.branch, colour } }).find(
				(x) => x.name === data.norm!.label
			).color;
		expect(norm('#c0392b')).not.toBe('#b3151f');
		expect(norm('#ba4a00')).not.toBe('#b3151f');
		expect(norm('#2e86c1')).toBe('#b3151f');
	});

	it('writes English tooltips without full-width colons', () => {
		expect(trendTooltip(data, 0, 'en')).not.toContain('：');
		expect(trendTooltip(data, 0, 'en')).toContain(': <b>');
	});

	it('says why a chart is empty when a ratio had no denominator all period', () => {
		const { svg } = renderChartSvg(
			(ctx) =>
				trendChart(
					{
						...data,
						kind: 'ratio',
						branch: { ...data.branch, values: [null, null, null] },
						empty: '不适用：本期部门办案总数为 0'
					},
					frame,
					ctx
				),
			slide
		);
		expect(svg).toContain('不适用：本期部门办案总数为 0');
	});
});
