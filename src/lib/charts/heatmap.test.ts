import { describe, expect, it } from 'vitest';
import { complianceChart } from './compliance';
import type { ChartBuilder, ChartFrame } from './frame';
import { heatColour, heatmapChart, heatPosition, type HeatmapData } from './heatmap';
import { renderChartSvg } from './ssr';
import { ZH_WORDS } from './test-words';

const frame: ChartFrame = {
	title: '支部 × 指标',
	subtitle: '2019-01 至 2019-12 · 原始值',
	unit: '',
	source: '数据来源：各党支部月度党建统计',
	asOf: '数据截至 2021-03-04',
	legend: [],
	fileStem: '支部指标热力图_2019-01_2019-12'
};

const data: HeatmapData = {
	metrics: [
		{ id: 'leader_case_share', label: '领导干部办案占比', unit: '%', kind: 'ratio' },
		{ id: 'party_days', label: '主题党日', unit: '次', kind: 'count' }
	],
	branches: [
		{
			slug: 'a',
			label: '第一检察部',
			colour: '#c0392b',
			cells: [
				{ value: 0.296, reported: 12, months: 12, rank: 1 },
				{ value: 12, reported: 12, months: 12, rank: 2 }
			]
		},
		{
			slug: 'b',
			label: '"><svg onload=alert(1)>',
			colour: '#2e86c1',
			cells: [
				{ value: 0.2, reported: 12, months: 12, rank: 2 },
				{ value: 14, reported: 11, months: 12, rank: 1 }
			]
		},
		{
			slug: 'c',
			label: '政治部',
			colour: '#d68910',
			cells: [
				{ value: null, reported: 0, months: 12, rank: null },
				{ value: 9, reported: 12, months: 12, rank: 3 }
			]
		}
	],
	colourBy: 'rank',
	words: ZH_WORDS,
	shade: { title: '颜色深浅：该指标内的排名', low: '较低', high: '较高' }
};

describe('heatmapChart', () => {
	it('renders a 1280×720 slide with values in the cells', () => {
		const { svg } = renderChartSvg((ctx) => heatmapChart(data, frame, ctx), {
			mode: 'slide',
			width: 1280,
			height: 720,
			lang: 'zh'
		});
		expect(svg).toContain('width="1280"');
		expect(svg).toContain('支部 × 指标');
		expect(svg).toContain('29.6%');
		expect(svg).toContain('14*');
		expect(svg).toContain('未填报');
		expect(svg).not.toContain('<svg onload');
		expect(svg).toContain('fill="rgb(179, 21, 31)"');
		expect(svg).toContain('fill="#eef0f3"');
	});

	it('colours by rank within each metric and leaves missing cells grey', () => {
		const spec = heatmapChart(data, frame, { mode: 'screen', width: 800, height: 400, lang: 'zh' });
		const cells = (spec.option.series as { data: { itemStyle: { color: string } }[] }[])[0].data;
		// Best of three ranked → deepest colour; worst → lightest; missing → grey.
		expect(cells[3].itemStyle.color).toBe(heatColour(1));
		expect(cells[5].itemStyle.color).toBe(heatColour(0));
		expect(cells[4].itemStyle.color).toBe('#eef0f3');
		expect(spec.table.rows[2]).toEqual(['政治部', null, null, '0/12', 9, 3, '12/12']);
	});

	it('colours by % of norm, capped at 100%, when asked', () => {
		expect(heatPosition({ value: 1.4, reported: 1, months: 1, rank: 1 }, 'norm', 3, 'norm')).toBe(
			1
		);
		expect(heatPosition({ value: 0.5, reported: 1, months: 1, rank: 1 }, 'norm', 3, 'norm')).toBe(
			0.5
		);
		// Not a % of norm: falls back to rank.
		expect(heatPosition({ value: 0.5, reported: 1, months: 1, rank: 2 }, 'ratio', 3, 'norm')).toBe(
			0.5
		);
	});
});

/** An SVG with its renderer's ids (`zr3-cls-12`, `zr3-g0`: counted per instance) in page order. */
function canonicalIds(svg: string): string {
	const seen = new Map<string, string>();
	return svg.replace(/zr\d+-[a-z]+-?\d+/g, (id) => {
		if (!seen.has(id)) seen.set(id, `id${seen.size}`);
		return seen.get(id)!;
	});
}

/**
 * The SVG a builder's chart draws as production draws it: without its visualMap (echarts.ts leaves
 * the component out where ECharts does not ask for it, i.e. when NODE_ENV is production).
 */
function svgWithoutVisualMap(build: ChartBuilder, ctx: Parameters<ChartBuilder>[0]): string {
	const env = process.env.NODE_ENV;
	process.env.NODE_ENV = 'production';
	try {
		const { svg } = renderChartSvg((c) => {
			const spec = build(c);
			const { visualMap, ...option } = spec.option;
			expect(visualMap).toBeDefined();
			return { ...spec, option };
		}, ctx);
		return canonicalIds(svg);
	} finally {
		process.env.NODE_ENV = env;
	}
}

describe('heatmaps without their visualMap (production pages)', () => {
	const ctx = { mode: 'slide', width: 1280, height: 720, lang: 'zh' } as const;

	it('draw the branch × metric heatmap the same', () => {
		const build: ChartBuilder = (c) => heatmapChart(data, frame, c);
		expect(svgWithoutVisualMap(build, ctx)).toBe(canonicalIds(renderChartSvg(build, ctx).svg));
	});

	it('draw the compliance picture the same', () => {
		const cell = (level: 'full' | 'low' | 'na', figure: string, ratio: string) => ({
			level,
			figure,
			ratio,
			notReported: '未填报'
		});
		const build: ChartBuilder = (c) =>
			complianceChart(
				{
					columns: [
						{ label: '支部党员大会', rule: '每季度 1 次' },
						{ label: '党课', rule: '每季度 1 次' }
					],
					rows: [
						{
							slug: 'a',
							label: '第一检察部',
							cells: [cell('full', '100%', '4/4'), cell('low', '50%', '2/4')]
						},
						{
							slug: 'c',
							label: '政治部',
							cells: [cell('na', '—', '0/4'), cell('full', '100%', '4/4')]
						}
					],
					table: { columns: ['支部'], kinds: [null], rows: [['第一检察部'], ['政治部']] }
				},
				frame,
				c
			);
		const svg = renderChartSvg(build, ctx).svg;
		expect(svg).toContain('fill="#e4f4ea"');
		expect(svgWithoutVisualMap(build, ctx)).toBe(canonicalIds(svg));
	});
});
