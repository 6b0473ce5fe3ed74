import { describe, expect, it } from 'vitest';
import { echarts, withoutTooltip } from './echarts';
import type { ChartFrame, RenderContext } from './frame';
import { rankedBarChart, type RankedBarData } from './ranked-bar';
import { renderChartSvg } from './ssr';

const frame: ChartFrame = {
	title: '领导干部办案占比',
	subtitle: '2019-01 至 2019-12',
	unit: '%',
	source: '数据来源：各党支部月度党建统计',
	asOf: '数据截至 2021-12-31',
	legend: [
		{ name: '第一检察部', colour: '#c0392b' },
		{ name: '<b>坏</b>', colour: '#2e86c1' }
	],
	fileStem: '领导干部办案占比_2019-01_2019-12'
};

const data: RankedBarData = {
	kind: 'ratio',
	unit: '%',
	items: [
		{
			slug: 'a',
			label: '第一检察部',
			colour: '#c0392b',
			value: 0.296,
			reported: 12,
			months: 12,
			rank: 1
		},
		{
			slug: 'b',
			label: '<b>坏</b>',
			colour: '#2e86c1',
			value: null,
			reported: 0,
			months: 12,
			rank: null
		},
		{
			slug: 'c',
			label: '第二检察部',
			colour: '#d68910',
			value: 0.2,
			reported: 10,
			months: 12,
			rank: 2
		}
	],
	average: { value: 0.25, label: '全部支部' },
	norm: null,
	words: { reported: '已填报', rank: '名次', notReported: '未填报', partial: '部分月份' }
};

describe('rankedBarChart', () => {
	it('renders a slide with title, subtitle, source and legend baked in', () => {
		const { svg } = renderChartSvg((ctx) => rankedBarChart(data, frame, ctx), {
			mode: 'slide',
			width: 1920,
			height: 1080,
			lang: 'zh'
		});
		expect(svg).toContain('width="1920"');
		expect(svg).toContain('领导干部办案占比');
		expect(svg).toContain('数据来源：各党支部月度党建统计');
		expect(svg).toContain('29.6%');
		expect(svg).toContain('未填报');
		// Data text is escaped by the SVG renderer, never injected as markup.
		expect(svg).not.toContain('<b>坏</b>');
	});

	it('sorts best first with unreported branches last and keeps the data table', () => {
		const spec = rankedBarChart(data, frame, {
			mode: 'screen',
			width: 800,
			height: 400,
			lang: 'zh'
		});
		expect(spec.table.rows.map((r) => r[1])).toEqual(['第一检察部', '第二检察部', '<b>坏</b>']);
		const tooltip = (
			spec.option.tooltip as { formatter: (p: { dataIndex: number }) => string }
		).formatter({ dataIndex: 2 });
		expect(tooltip).toContain('&lt;b&gt;坏&lt;/b&gt;');
		expect(tooltip).toContain('未填报');
	});

	it('puts an English count of one in the singular in the tooltip, this period and the last', () => {
		const counts: RankedBarData = {
			...data,
			kind: 'count',
			unit: 'times',
			items: [
				{ ...data.items[0], value: 2, previous: 1 },
				{ ...data.items[2], value: 1, previous: 1.5 }
			]
		};
		const spec = rankedBarChart(counts, frame, {
			mode: 'screen',
			width: 800,
			height: 400,
			lang: 'en'
		});
		const tip = (i: number) =>
			(spec.option.tooltip as { formatter: (p: { dataIndex: number }) => string }).formatter({
				dataIndex: i
			});
		expect(tip(0)).toContain('2 times');
		expect(tip(0)).toMatch(/previous 1 time$/);
		expect(tip(1)).toContain('<br/>1 time<br/>');
		expect(tip(1)).toContain('1.5 times');
	});
});

describe('a ratio with reported months but a zero denominator', () => {
	it('is labelled not applicable, not "not reported", and never drawn as a value', () => {
		const noCases: RankedBarData = {
			...data,
			items: [
				{ ...data.items[0] },
				{
					slug: 'p',
					label: '政治部',
					colour: '#ba4a00',
					value: null,
					reported: 12,
					months: 12,
					rank: null
				}
			],
			words: { ...data.words, notApplicable: '不适用' }
		};
		const { svg } = renderChartSvg((ctx) => rankedBarChart(noCases, frame, ctx), {
			mode: 'slide',
			width: 1920,
			height: 1080,
			lang: 'zh'
		});
		expect(svg).toContain('不适用');
		expect(svg).not.toContain('未填报');
	});
});

describe('comparing with the previous period', () => {
	// Ticks just above, on and below their bars; a branch with nothing reported this period.
	const compared: RankedBarData = {
		...data,
		kind: 'count',
		unit: 'times',
		average: null,
		items: [
			{ ...data.items[0], value: 338, previous: 305 },
			{ ...data.items[2], value: 71, previous: 87 },
			{ ...data.items[1], value: null, previous: 20 },
			{
				slug: 'd',
				label: '办公室',
				colour: '#5d6d7e',
				value: 121,
				previous: 121,
				reported: 12,
				months: 12,
				rank: 3
			},
			{
				slug: 'e',
				label: '第八检察部',
				colour: '#17a589',
				value: 39,
				previous: 41,
				reported: 9,
				months: 12,
				rank: 4
			}
		]
	};

	/** The drawn boxes of the value labels and of the previous-period ticks, as ECharts lays them out. */
	function layout(ctx: RenderContext) {
		const spec = rankedBarChart(compared, frame, ctx);
		const chart = echarts.init(null, null, {
			renderer: 'svg',
			ssr: true,
			width: ctx.width,
			height: ctx.height
		});
		chart.setOption({ ...withoutTooltip(spec.option), animation: false });
		const boxes = chart
			.getZr()
			.storage.getDisplayList(true)
			.map((el) => {
				const r = el.getBoundingRect().clone();
				if (el.transform) r.applyTransform(el.transform);
				const style = (el as { style?: { text?: string } }).style;
				const shape = (el as { shape?: { symbolType?: string } }).shape;
				return { text: style?.text, symbol: shape?.symbolType, r };
			});
		chart.dispose();
		const tickWidth = ctx.mode === 'slide' ? 60 : 30;
		return {
			labels: boxes.filter((b) =>
				['338', '71*', '121', '39*', '未填报', 'not reported'].includes(b.text ?? '')
			),
			ticks: boxes.filter((b) => b.symbol === 'rect' && Math.round(b.r.width) === tickWidth)
		};
	}

	for (const lang of ['zh', 'en'] as const)
		for (const ctx of [
			{ mode: 'screen', width: 620, height: 360, lang },
			{ mode: 'screen', width: 880, height: 360, lang },
			{ mode: 'slide', width: 1920, height: 1080, lang }
		] as RenderContext[])
			it(`keeps every tick off the value labels (${lang}, ${ctx.mode} ${ctx.width} px)`, () => {
				const { labels, ticks } = layout(ctx);
				expect(labels).toHaveLength(5);
				expect(ticks).toHaveLength(5);
				for (const l of labels)
					for (const t of ticks) expect(l.r.intersect(t.r), `${l.text} and a tick`).toBe(false);
			});
});
