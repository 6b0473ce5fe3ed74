import { describe, expect, it } from 'vitest';
import zh from '../../../messages/problems/zh-cn.json';
import en from '../../../messages/problems/en.json';
import { problemMessage } from './messages';
import type { Problem } from './types';

const cell = (code: Problem['code'], params?: Problem['params']): Problem => ({
	code,
	row: 5,
	column: '月份',
	value: '2020年13月',
	...(params ? { params } : {})
});
const file = (code: Problem['code'], params?: Problem['params']): Problem => ({
	code,
	row: null,
	column: null,
	value: null,
	...(params ? { params } : {})
});

/** One realistic problem of every code and variant, with the parameters the pipeline gives. */
const SAMPLES: Problem[] = [
	file('binary_xlsx', { format: 'xlsx' }),
	file('binary_file'),
	file('empty_file'),
	file('file_too_large', { size: 120 * 1024 * 1024, max: 100 * 1024 * 1024 }),
	file('no_header', { rows: 10 }),
	{ ...file('no_month_column'), row: 1 },
	file('no_branch'),
	{ ...cell('no_branch'), value: '' },
	file('no_data_rows'),
	{
		...cell('duplicate_column', { other: '党员人数', otherIndex: 3, index: 5 }),
		row: 1,
		column: '党员数（人）',
		value: '党员数（人）'
	},
	cell('unknown_branch'),
	{ ...file('unknown_branch', { source: 'option' }), value: '第九检察部' },
	cell('branch_conflict', {
		chosen: 'first-procuratorial',
		chosenName: '第一检察部党支部',
		chosenNameEn: 'First Procuratorial Department Branch',
		found: 'second-procuratorial',
		foundName: '第二检察部党支部',
		foundNameEn: 'Second Procuratorial Department Branch'
	}),
	cell('bad_month'),
	cell('future_month', { today: '2021-06' }),
	cell('bad_number'),
	cell('negative_count'),
	cell('fractional_count'),
	cell('percent_in_count'),
	cell('exceeds_total', {
		metric: 'cases_by_leaders',
		total: '部门办案总数',
		totalValue: 10,
		totalMetric: 'cases_total'
	}),
	cell('exceeds_total', {
		metric: 'cases_by_leaders',
		total: '部门办案总数',
		totalValue: 10,
		totalMetric: 'cases_total',
		totalRow: 4
	}),
	{ ...file('duplicate_row', { other: 3 }), row: 7 },
	{ ...file('duplicate_row', { other: 3, metric: 'members' }), row: 7 },
	cell('derived_metric_supplied', {
		metric: 'leader_case_share',
		numerator: 'cases_by_leaders',
		denominator: 'cases_total'
	}),
	cell('unknown_metric'),
	cell('sample_row'),
	{ ...file('no_metric_columns'), row: 1 },
	{ ...file('no_value_column'), row: 1, column: '指标' },
	{ ...file('mixed_format', { metricColumn: '指标' }), row: 1, column: '党员人数' },
	{ ...file('unclosed_quote'), row: 9 },
	file('internal_error', { detail: 'boom' }),
	file('problems_truncated', { code: 'bad_number', count: 1200, shown: 1000 }),
	{ ...cell('unknown_column'), row: 1, column: '备注', value: '备注' },
	{
		...cell('merged_branch_cell', { rows: '3–4, 6', count: 3 }),
		row: 3,
		column: '支部',
		value: null
	},
	cell('total_row_skipped'),
	cell('ambiguous_month_fixed', { month: '2020-10', rows: 1 }),
	{
		...file('branch_from_title', {
			branch: 'first-procuratorial',
			branchName: '第一检察部党支部',
			branchNameEn: 'First Procuratorial Department Branch'
		}),
		value: '第一检察部党支部2020年党建工作月度统计表'
	},
	{
		...file('branch_from_filename', {
			branch: 'political-department',
			branchName: '政治部党支部',
			branchNameEn: 'Political Department Branch'
		}),
		value: '政治部党支部.csv'
	},
	file('encoding_guess', { encoding: 'gb18030' })
];

describe('problemMessage', () => {
	it('gives the example texts of the brief', () => {
		expect(problemMessage(cell('bad_month'), 'zh-cn')).toEqual({
			message: '第 5 行「月份」列的值「2020年13月」不是有效月份',
			hint: '请改为 2020-01 或 2020年1月 这样的格式'
		});
		expect(problemMessage(cell('bad_month'), 'en').message).toBe(
			'Row 5, column "月份": "2020年13月" is not a valid month'
		);
	});

	it.each(SAMPLES.map((p) => [p.code, p] as const))(
		'%s: both locales fill every placeholder',
		(_, p) => {
			for (const locale of ['zh-cn', 'en'] as const) {
				const { message, hint } = problemMessage(p, locale);
				expect(message.length).toBeGreaterThan(3);
				expect(hint.length).toBeGreaterThan(5);
				expect(`${message} ${hint}`).not.toMatch(/undefined|null|\{|\}/);
				if (p.row !== null) expect(message).toContain(String(p.row));
				if (p.value) expect(message).toContain(p.value);
			}
		}
	);

	it('covers every problem code', () => {
		const codes = new Set(SAMPLES.map((p) => p.code));
		expect(codes.size).toBe(35);
	});

	it('lists merged rows with the Chinese enumeration comma', () => {
		const merged = SAMPLES.find((p) => p.code === 'merged_branch_cell')!;
		expect(problemMessage(merged, 'zh-cn').message).toBe(
			'「支部」列有 3 行为空（第 3–4、6 行），已按合并单元格沿用上方的支部'
		);
		expect(problemMessage(merged, 'en').message).toContain('(3–4, 6)');
	});

	it('localises metric and branch names', () => {
		const derived = SAMPLES.find((p) => p.code === 'derived_metric_supplied')!;
		expect(problemMessage(derived, 'zh-cn').hint).toBe(
			'请分别填写「领导干部办案数」和「部门办案总数」，占比由系统计算'
		);
		expect(problemMessage(derived, 'en').hint).toContain('Cases handled by department leaders');
		const conflict = SAMPLES.find((p) => p.code === 'branch_conflict')!;
		expect(problemMessage(conflict, 'zh-cn').message).toContain('「第一检察部党支部」');
		expect(problemMessage(conflict, 'en').message).toContain(
			'First Procuratorial Department Branch'
		);
		expect(
			problemMessage(
				file('file_too_large', { size: 120 * 1024 * 1024, max: 100 * 1024 * 1024 }),
				'zh-cn'
			).message
		).toBe('文件过大（120 MB，上限为 100 MB）');
		const long = SAMPLES.find((p) => p.code === 'exceeds_total' && p.params?.totalRow)!;
		expect(problemMessage(long, 'zh-cn').message).toBe(
			'第 5 行的「领导干部办案数」为 2020年13月，超过了第 4 行的「部门办案总数」10'
		);
	});

	it('message files have the same keys, all prefixed problem_ or hint_', () => {
		const keys = (o: object) => Object.keys(o).filter((k) => k !== '$schema');
		expect(keys(zh).sort()).toEqual(keys(en).sort());
		for (const k of keys(zh)) expect(k).toMatch(/^(problem|hint)_[a-z_]+$/);
	});
});
