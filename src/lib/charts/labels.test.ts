/**
 * Labels, axes and layout of the branch-comparison charts (issue 12): English names wrapped on word
 * boundaries with room sized from the text, round whole-number ticks, ratios stopping at 100%, the
 * reference-line labels off the first bar, the comparison's legend, ties, the shade legend and the
 * `*` footnote in images.
 */
import { describe, expect, it } from 'vitest';
import type { ChartFrame, RenderContext } from './frame';
import { groupedBarsChart } from './grouped-bars';
import { heatmapChart, type HeatmapData } from './heatmap';
import { rankedBarChart, type RankedBarData } from './ranked-bar';
import { smallMultiplesChart } from './small-multiples';
import { renderChartSvg } from './ssr';
import { labelWidth, textWidth, wrapLabel } from './text';
import type { FigureWords } from './words';

const EN_WORDS: FigureWords = {
	branch: 'Branch',
	value: 'Value',
	reported: 'Months reported',
	rank: 'Rank',
	notReported: 'not reported',
	partial: 'Partial',
	previous: 'Previous period',
	tied: ' (tied)'
};

const frame: ChartFrame = {
	title: 'Party lectures by the secretary',
	subtitle: '2021-01 to 2021-12 · raw',
	unit: 'times',
	source: "Source: the branches' monthly Party-building statistics",
	asOf: 'Data to 2021-12',
	legend: [],
	fileStem: 'x'
};

const NAMES = [
	'1st Procuratorial',
	'2nd Procuratorial',
	'4th Procuratorial',
	'5th Procuratorial',
	'6th Procuratorial',
	'8th Procuratorial',
	'Political Dept.',
	'General Office'
];
const screen = (width: number, lang: 'zh' | 'en' = 'en'): RenderContext => ({
	mode: 'screen',
	width,
	height: 380,
	lang
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Opt = any;

function ranked(values: (number | null)[], opts: Partial<RankedBarData> = {}): RankedBarData {
	const ranks = [...values]
		.map((v, i) => ({ v, i }))
		.filter((x) => x.v !== null)
		.sort((a, b) => b.v! - a.v!);
	return {
		kind: 'count',
		unit: 'times',
		items: values.map((value, i) => ({
			slug: `b${i}`,
			label: NAMES[i],
			colour: '#2e86c1',
			value,
			reported: 12,
			months: 12,
			rank: value === null ? null : ranks.findIndex((r) => r.v === value) + 1
		})),
		average: { value: 4.4, label: 'Branch mean' },
		norm: { value: 4, label: 'Norm' },
		words: EN_WORDS,
		...opts
	};
}

describe('text measure and word wrapping', () => {
	it('wraps on word boundaries and never splits a word', () => {
		expect(wrapLabel('Investigation and guidance visits', 90, 12)).toEqual([
			'Investigation',
			'and guidance',
			'visits'
		]);
		// A word wider than the room stays whole.
		expect(wrapLabel('Procuratorial', 20, 12)).toEqual(['Procuratorial']);
		// Chinese has no spaces: it breaks between characters.
		expect(wrapLabel('领导干部办案占比', 50, 12)).toEqual(['领导干部', '办案占比']);
		expect(textWidth('第一检察部', 12)).toBe(60);
	});
});

describe('ranked bars', () => {
	it("wraps English names on word boundaries within their bar's slot (no run-together names)", () => {
		const spec = rankedBarChart(ranked([6, 5, 5, 5, 4, 4, 3, 3]), frame, screen(580));
		const axis = (spec.option as Opt).xAxis.axisLabel;
		const shown = NAMES.map((n) => axis.formatter(n) as string);
		for (const [i, text] of shown.entries()) {
			// Every word of the name is there whole, lines broken only at spaces.
			expect(text.replace(/\n/g, ' ')).toBe(NAMES[i]);
		}
		// Names that do not fit a slot go on more lines (or turn), never one run-on line.
		const slot = (580 - 48 - 36) / 8;
		expect(axis.rotate > 0 || shown.every((t) => labelWidth(t, axis.fontSize) <= slot + 1)).toBe(
			true
		);
		expect(axis.overflow).toBeUndefined();
	});

	it('labels the norm and mean lines at the right end, away from the first (tallest) bar', () => {
		const spec = rankedBarChart(ranked([6, 5, 5, 5, 4, 4, 3, 3]), frame, screen(800));
		const lines = (spec.option as Opt).series[0].markLine.data;
		const norm = lines.find((l: Opt) => l.name === 'Norm');
		const mean = lines.find((l: Opt) => l.name === 'Branch mean');
		expect(norm.label.position).toMatch(/^insideEnd/);
		// The norm (4) lies below the mean (4.4): its label below its line, the mean's above.
		expect(norm.label.position).toBe('insideEndBottom');
		expect(mean.label.position).toBe('insideEndTop');
	});

	it('gives counts whole, round ticks and stops ratios at 100%', () => {
		const counts = (
			rankedBarChart(ranked([6, 5, 5, 5, 4, 4, 3, 3]), frame, screen(800)).option as Opt
		).yAxis;
		expect(Number.isInteger(counts.interval)).toBe(true);
		expect(counts.max % counts.interval).toBe(0);
		const ratios = (
			rankedBarChart(
				ranked([0.975, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3], {
					kind: 'ratio',
					average: { value: 0.86, label: 'Pooled' },
					norm: null
				}),
				frame,
				screen(800)
			).option as Opt
		).yAxis;
		expect(ratios.max).toBe(1);
	});

	it('names the previous-period ticks in a legend when comparing', () => {
		const data = ranked([6, 5, 4, 3, 3, 2, 1, 1]);
		data.items.forEach((it, i) => (it.previous = i));
		const opt = rankedBarChart(data, frame, screen(800)).option as Opt;
		expect(opt.legend.data).toEqual(['Previous period']);
		expect(opt.series[1].name).toBe('Previous period');
		expect(
			(rankedBarChart(ranked([6, 5]), frame, screen(800)).option as Opt).legend
		).toBeUndefined();
	});

	it('says tied in the tooltip and the table when branches share a rank', () => {
		const spec = rankedBarChart(ranked([6, 5, 5, 4]), frame, screen(800));
		const tip = (spec.option as Opt).tooltip.formatter({ dataIndex: 1 });
		expect(tip).toContain('Rank 2/4 (tied)');
		expect((spec.option as Opt).tooltip.formatter({ dataIndex: 0 })).not.toContain('tied');
		expect(spec.table.rows.map((r) => r[0])).toEqual([1, '2 (tied)', '2 (tied)', 4]);
	});
});

const matrix = (lang: 'zh' | 'en'): HeatmapData => ({
	metrics: [
		{
			id: 'secretary_lectures',
			label: 'Party lectures by the secretary',
			unit: 'times',
			kind: 'count'
		},
		{
			id: 'leader_case_share',
			label: 'Share of cases handled by leaders',
			unit: '%',
			kind: 'ratio'
		},
		{
			id: 'guidance_visits',
			label: 'Investigation and guidance visits',
			unit: 'times',
			kind: 'count'
		},
		{ id: 'study_sessions', label: 'Collective study sessions', unit: 'times', kind: 'count' },
		{ id: 'party_days', label: 'Theme party days', unit: 'times', kind: 'count' },
		{ id: 'rectification_rate', label: 'Rectification completion rate', unit: '%', kind: 'ratio' }
	],
	branches: NAMES.map((label, i) => ({
		slug: `b${i}`,
		label,
		colour: '#2e86c1',
		cells: [
			{ value: 4 + (i % 3), reported: 12, months: 12, rank: 1 + (i % 3) },
			{ value: 0.2 + i / 100, reported: 12, months: 12, rank: 8 - i },
			{ value: 50 + i, reported: 12, months: 12, rank: 8 - i },
			{ value: 2 * i, reported: 12, months: 12, rank: 8 - i },
			{ value: 13, reported: i === 3 ? 11 : 12, months: 12, rank: 1 },
			{ value: 0.9, reported: 12, months: 12, rank: 1 }
		]
	})),
	colourBy: 'rank',
	words: EN_WORDS,
	shade: {
		title: lang === 'en' ? 'Shade: rank within the metric' : '颜色深浅：该指标内的排名',
		low: lang === 'en' ? 'lower' : '较低',
		high: lang === 'en' ? 'higher' : '较高'
	}
});

describe('heatmap', () => {
	it('keeps whole branch names, sized from the text, and wraps metric names between words', () => {
		for (const ctx of [
			screen(580),
			screen(860),
			{ ...screen(1920), mode: 'slide' as const, height: 1080 }
		]) {
			const opt = heatmapChart(matrix('en'), frame, ctx).option as Opt;
			const rows = opt.yAxis.axisLabel;
			expect(rows.overflow).toBeUndefined();
			for (const n of NAMES) expect((rows.formatter(n) as string).replace(/\n/g, ' ')).toBe(n);
			// The room left of the cells is the widest name's, not a fixed guess with a margin.
			const widest = Math.max(...NAMES.map((n) => labelWidth(rows.formatter(n), rows.fontSize)));
			expect(opt.grid.left - widest).toBeLessThan(60);
			// …and ECharts adds no second room for the labels (an empty margin on slides).
			expect(opt.grid.outerBoundsMode).toBe('none');
			const cols = opt.xAxis.axisLabel;
			expect(cols.overflow).toBeUndefined();
			for (const mt of matrix('en').metrics) {
				const text = cols.formatter(mt.label) as string;
				expect(text.replace(/\n/g, ' ')).toBe(mt.label);
			}
		}
	});

	it('draws the shade legend and the * footnote into an exported image', () => {
		const { svg } = renderChartSvg(
			(ctx) =>
				heatmapChart(
					matrix('en'),
					{ ...frame, footnote: '* only some months of the period were reported' },
					ctx
				),
			{ mode: 'slide', width: 1920, height: 1080, lang: 'en' }
		);
		expect(svg).toContain('Shade: rank within the metric');
		expect(svg).toContain('lower');
		expect(svg).toContain('higher');
		expect(svg).toContain('* only some months of the period were reported');
		expect(svg).toContain('13*');
	});

	it('says tied in tooltips and the table', () => {
		const spec = heatmapChart(matrix('en'), frame, screen(800));
		// Theme party days: every branch ranks 1.
		const tip = (spec.option as Opt).tooltip.formatter({ dataIndex: 4 });
		expect(tip).toContain('(tied)');
		expect(spec.table.rows[0][2]).toBe('1 (tied)');
	});
});

describe('grouped bars and small multiples', () => {
	it('gives each panel whole, round count ticks, ratios up to 100%, English "(times)"', () => {
		const spec = groupedBarsChart({ ...matrix('en') }, frame, screen(1300));
		const y = (spec.option as Opt).yAxis as Opt[];
		// Lectures up to 6 → 0/2/4/6, never 0/3/6/9/10; value labels get room above the plot.
		expect(y[0]).toMatchObject({ min: 0, max: 6, interval: 2 });
		// Completion 90% → stops at 100%, not 200%.
		expect(y[5].max).toBe(1);
		const titles = ((spec.option as Opt).graphic as Opt[]).map((g) => g.style?.text).join(' ');
		expect(titles).toContain('(times)');
		expect(titles).not.toMatch(/[（）：]/);
	});

	it("shares one whole-number scale across panels and keeps a row's dates off the next row's titles", () => {
		const spec = smallMultiplesChart(
			{
				kind: 'count',
				unit: 'times',
				months: ['2021-01', '2021-02', '2021-03'],
				branches: NAMES.map((label, i) => ({
					slug: `b${i}`,
					label,
					colour: '#2e86c1',
					values: [0, i % 3, 1],
					total: 3,
					totalKind: 'count'
				})),
				norm: null,
				words: EN_WORDS
			},
			frame,
			screen(1300)
		);
		const opt = spec.option as Opt;
		expect(opt.yAxis[0]).toMatchObject({ max: 4, interval: 2 });
		// Panel 4 starts the second row: the first row's dates (below its grid) end before its title.
		const first = opt.grid[0];
		const secondTitle = opt.graphic[4].top;
		const dateBottom = first.top + first.height + 8 + 11 * 1.3;
		expect(secondTitle).toBeGreaterThan(dateBottom);
	});
});
