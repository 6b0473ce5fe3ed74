import { describe, expect, it } from 'vitest';
import { METRICS } from '../domain/metrics';
import { classifyHeader, findHeaderRow, headerKey, mapColumns, matchMetric } from './header';

describe('headerKey / matchMetric', () => {
	it('ignores case, NFKC width, spaces and a trailing unit in brackets', () => {
		expect(headerKey('书记讲党课（次）')).toBe('书记讲党课');
		expect(headerKey(' 党员人数(人) ')).toBe('党员人数');
		expect(headerKey('谈心谈话（人次）')).toBe('谈心谈话');
		expect(headerKey('领导干部办案占比（%）')).toBe('领导干部办案占比');
		expect(headerKey('Party Members')).toBe('partymembers');
		expect(headerKey('ｃａｓｅｓ＿ｔｏｔａｌ')).toBe('casestotal');
	});

	it('matches ids, zh and en names and aliases of every catalogue metric', () => {
		for (const m of METRICS) {
			expect(matchMetric(m.id)?.id).toBe(m.id);
			expect(matchMetric(m.zh)?.id).toBe(m.id);
			expect(matchMetric(`${m.zh}（${m.unitZh}）`)?.id).toBe(m.id);
			expect(matchMetric(m.en.toUpperCase())?.id).toBe(m.id);
			for (const a of m.aliases) expect(matchMetric(a)?.id).toBe(m.id);
		}
	});

	it('matches with full-width brackets and spaces', () => {
		expect(matchMetric('书记讲党课（次）')?.id).toBe('secretary_lectures');
		expect(matchMetric('　支委会　(次)')?.id).toBe('committee_meetings');
		expect(matchMetric('按时缴纳党费人数【人】')?.id).toBe('dues_paid');
		expect(matchMetric('党员人数（人次）')?.id).toBe('members');
		expect(matchMetric('不存在的指标')).toBeUndefined();
	});
});

describe('classifyHeader', () => {
	it.each([
		['支部', 'branch'],
		['党支部名称', 'branch'],
		['单位', 'branch'],
		['Branch Name', 'branch'],
		['月份', 'month'],
		['统计月份', 'month'],
		['时间', 'month'],
		['Period', 'month'],
		['指标名称', 'long_metric'],
		['metric', 'long_metric'],
		['数值', 'long_value'],
		['Value', 'long_value'],
		['集体学习（次）', 'metric'],
		['序号', 'unknown']
	])('%s → %s', (text, role) => {
		expect(classifyHeader(text).role).toBe(role);
	});
});

describe('findHeaderRow', () => {
	it('skips a title line', () => {
		const rows = [
			['第一检察部党支部2020年党建工作月度统计表', '', ''],
			['月份', '党员人数', '集体学习'],
			['2020-01', '1', '2']
		];
		expect(findHeaderRow(rows)).toBe(1);
	});

	it('needs two recognised columns within the first ten rows', () => {
		expect(
			findHeaderRow([
				['月份', '备注'],
				['a', 'b']
			])
		).toBe(-1);
		const late = [...Array.from({ length: 10 }, () => ['x', 'y']), ['月份', '党员人数']];
		expect(findHeaderRow(late)).toBe(-1);
		expect(findHeaderRow(late.slice(1))).toBe(9);
	});
});

describe('mapColumns', () => {
	it('maps structural and metric columns', () => {
		expect(mapColumns(['支部', '月份', '党员人数（人）', '序号', ''])).toEqual([
			{ index: 0, header: '支部', role: 'branch', metric: null },
			{ index: 1, header: '月份', role: 'month', metric: null },
			{ index: 2, header: '党员人数（人）', role: 'metric', metric: 'members' },
			{ index: 3, header: '序号', role: 'unknown', metric: null },
			{ index: 4, header: '', role: 'unknown', metric: null }
		]);
	});

	it('treats a value column without a metric-name column as unknown', () => {
		expect(mapColumns(['月份', '数值', '党员人数'])[1].role).toBe('unknown');
		expect(mapColumns(['月份', '指标', '数值'])[2].role).toBe('long_value');
	});
});
