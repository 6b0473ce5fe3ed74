/**
 * The two further forms real exports take (issue 12): two-row headers (a group row of merged
 * cells above the metric names) and the ledger layout (台账: metrics down, months across). Each
 * file is written here in every encoding form the pipeline handles.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { problemMessage } from './messages';
import { runPipeline } from './pipeline';
import { testRegistry } from './test-registry';
import type { ParsedFile, PipelineOptions } from './types';

const registry = testRegistry();
const TODAY = new Date(2021, 5, 15);

/** The encoding forms of DOMAIN.md: Excel "CSV" (GBK), "CSV UTF-8" (BOM), "Unicode text". */
const FORMS = {
	gbk: (rows: string[][]) =>
		iconv.encode(rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'gbk'),
	'utf-8-bom': (rows: string[][]) =>
		Buffer.from('\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'utf8'),
	'utf-16le-tab': (rows: string[][]) =>
		Buffer.concat([
			Buffer.from([0xff, 0xfe]),
			Buffer.from(rows.map((r) => r.join('\t')).join('\r\n') + '\r\n', 'utf16le')
		])
};
const ENCODING = { gbk: 'gb18030', 'utf-8-bom': 'utf-8-bom', 'utf-16le-tab': 'utf-16le' };
type Form = keyof typeof FORMS;

function run(bytes: Uint8Array, opts: Partial<PipelineOptions> = {}): ParsedFile {
	return runPipeline(bytes, registry, { fileName: 'export.csv', today: TODAY, ...opts });
}

function totals(f: ParsedFile): Record<string, number> {
	const out: Record<string, number> = {};
	for (const c of f.cells) out[c.metric] = (out[c.metric] ?? 0) + c.value;
	return out;
}

const TITLE = ['第一检察部党支部2020年党建工作台账', '', '', '', '', ''];

const LEDGER = [
	TITLE,
	['指标', '2020年1月', '2020年2月', '2020年3月', '2020年4月', '合计'],
	['党员人数（人）', '27', '27', '28', '28', '110'],
	['书记讲党课（次）', '1', '0', '-', '1', '2'],
	['部门办案总数（件）', '30', '20', '25', '1，020', '1095'],
	['领导干部办案数（件）', '9', '6', '7', '300', '322'],
	['支部党员大会（次）', '无', '1', '0', '1', '2']
];

describe('ledger layout (台账)', () => {
	it.each(Object.keys(FORMS) as Form[])('imports with the right totals from %s', (form) => {
		const f = run(FORMS[form](LEDGER));
		expect(f.errors).toEqual([]);
		expect(f).toMatchObject({
			format: 'ledger',
			encoding: ENCODING[form],
			headerRow: 2,
			branchSource: 'title',
			branches: ['first-procuratorial'],
			months: { from: '2020-01', to: '2020-04' },
			rows: 5,
			missing: 1
		});
		expect(totals(f)).toEqual({
			members: 110,
			secretary_lectures: 2,
			cases_total: 1095,
			cases_by_leaders: 322,
			general_meetings: 2
		});
		expect(f.warnings.map((w) => [w.code, w.column])).toEqual([
			['total_column_skipped', '合计'],
			['branch_from_title', null]
		]);
	});

	it('keeps each value’s provenance: the source row and the month column', () => {
		const f = run(FORMS.gbk(LEDGER));
		expect(f.cells.find((c) => c.metric === 'cases_total' && c.month === '2020-04')).toEqual({
			branch: 'first-procuratorial',
			month: '2020-04',
			metric: 'cases_total',
			value: 1020,
			row: 5,
			column: '2020年4月',
			raw: '1，020'
		});
	});

	it('shows in the column map which month each column became', () => {
		const f = run(FORMS['utf-8-bom'](LEDGER));
		expect(f.columns.map((c) => [c.header, c.role, c.month ?? c.skipped ?? null])).toEqual([
			['指标', 'long_metric', null],
			['2020年1月', 'month', '2020-01'],
			['2020年2月', 'month', '2020-02'],
			['2020年3月', 'month', '2020-03'],
			['2020年4月', 'month', '2020-04'],
			['合计', 'unknown', 'total']
		]);
	});

	it('reads `项目, 1月, 2月 …` with the year from the title line', () => {
		const rows = [
			['政治部党支部2021年度工作台账', '', ''],
			['项目', '1月', '2月', '3月'],
			['集体学习', '4', '5', '4'],
			['主题党日', '1', '1', '1']
		];
		const f = run(FORMS['utf-16le-tab'](rows));
		expect(f.errors).toEqual([]);
		expect(f.months).toEqual({ from: '2021-01', to: '2021-03' });
		expect(totals(f)).toEqual({ study_sessions: 13, party_days: 3 });
		expect(f.branches).toEqual(['political-department']);
	});

	it('takes the branch from the file name or the picker when the title names none', () => {
		const rows = [['2020年台账'], ['指标', '1月', '2月'], ['集体学习', '4', '4']];
		const byName = run(FORMS.gbk(rows), { fileName: '办公室党支部.csv' });
		expect(byName).toMatchObject({
			errors: [],
			branchSource: 'filename',
			branches: ['general-office']
		});
		const picked = run(FORMS.gbk(rows), { branch: 'fifth-procuratorial' });
		expect(picked).toMatchObject({
			errors: [],
			branchSource: 'explicit',
			branches: ['fifth-procuratorial']
		});
		expect(run(FORMS.gbk(rows)).errors.map((e) => e.code)).toEqual(['no_branch']);
	});

	it.each([['第一季度'], ['2020年1-3月'], ['Q1'], ['一季度'], ['2020年第二季度'], ['上半年']])(
		'refuses the period column %s by name, never guessing its months',
		(period) => {
			const rows = [
				TITLE,
				['指标', '2020年1月', '2020年2月', period],
				['集体学习', '4', '4', '12']
			];
			for (const form of Object.keys(FORMS) as Form[]) {
				const f = run(FORMS[form](rows));
				expect(f.errors).toMatchObject([
					{ code: 'period_column', row: 2, column: period, value: period }
				]);
				expect(f.cells).toEqual([]);
				for (const locale of ['zh-cn', 'en'] as const)
					expect(problemMessage(f.errors[0], locale).message).toContain(period);
			}
		}
	);

	it('refuses every period column, each by name', () => {
		const rows = [
			TITLE,
			['指标', '第一季度', '第二季度', '2020年7月'],
			['集体学习', '12', '12', '4']
		];
		const f = run(FORMS.gbk(rows));
		expect(f.errors.map((e) => [e.code, e.column])).toEqual([
			['period_column', '第一季度'],
			['period_column', '第二季度']
		]);
		expect(f.columns.map((c) => c.skipped ?? null)).toEqual([null, 'period', 'period', null]);
	});

	it('validates values as the other forms do: bad numbers, at-most rules, duplicates, months', () => {
		const rows = [
			TITLE,
			['指标', '2020年1月', '2020年2月', '2099年1月'],
			['部门办案总数', '10', '10', ''],
			['领导干部办案数', '11', 'x', ''],
			['部门办案总数', '1', '1', ''],
			['读书心得', '1', '1', '']
		];
		const f = run(FORMS.gbk(rows));
		expect(f.errors.map((e) => [e.code, e.row, e.column])).toEqual([
			['future_month', 2, '2099年1月'],
			['bad_number', 4, '2020年2月'],
			['duplicate_row', 5, null],
			['unknown_metric', 6, '指标'],
			['exceeds_total', 4, '2020年1月']
		]);
	});

	it('needs a year for `1月` columns', () => {
		const rows = [['第一检察部台账'], ['指标', '1月', '2月'], ['集体学习', '4', '4']];
		const f = run(FORMS.gbk(rows));
		expect(f.errors.map((e) => [e.code, e.column])).toEqual([
			['ledger_no_year', '1月'],
			['ledger_no_year', '2月']
		]);
	});
});

const GROUPED = [
	['', '', '三会一课', '', '', '', '业务工作', ''],
	[
		'支部名称',
		'月份',
		'支部党员大会',
		'支委会',
		'党小组会',
		'书记讲党课',
		'部门办案总数',
		'领导干部办案数'
	],
	['第一检察部党支部', '2020-01', '1', '1', '2', '0', '30', '9'],
	['第一检察部党支部', '2020-02', '0', '1', '1', '1', '20', '6'],
	['第二检察部党支部', '2020-01', '0', '1', '1', '1', '15', '5']
];
const GROUP_TOTALS = {
	general_meetings: 1,
	committee_meetings: 3,
	group_meetings: 4,
	secretary_lectures: 2,
	cases_total: 65,
	cases_by_leaders: 20
};

describe('two-row headers (a group row of merged cells)', () => {
	it.each(Object.keys(FORMS) as Form[])('imports with the right totals from %s', (form) => {
		const f = run(FORMS[form](GROUPED));
		expect(f.errors).toEqual([]);
		expect(f).toMatchObject({ format: 'wide', headerRow: 2, groupRow: 1, title: null, rows: 3 });
		expect(totals(f)).toEqual(GROUP_TOTALS);
		expect(f.warnings).toMatchObject([
			{ code: 'group_header_skipped', row: 1, value: '三会一课 / 业务工作', params: { header: 2 } }
		]);
		expect(problemMessage(f.warnings[0], 'zh-cn').message).toContain('第 1 行是表头上方的分组行');
		expect(problemMessage(f.warnings[0], 'en').message).toContain('Row 1 is a group row');
	});

	it('tells a title line above the group row apart, and names each column’s group', () => {
		const f = run(FORMS.gbk([['机关党委2020年党建工作统计表'], ...GROUPED]));
		expect(f.errors).toEqual([]);
		expect(f).toMatchObject({ headerRow: 3, groupRow: 2, title: '机关党委2020年党建工作统计表' });
		expect(f.columns.map((c) => c.group ?? null)).toEqual([
			null,
			null,
			'三会一课',
			'三会一课',
			'三会一课',
			'三会一课',
			'业务工作',
			'业务工作'
		]);
		expect(totals(f)).toEqual(GROUP_TOTALS);
	});

	it('reads 支部 and 月份 merged over both rows (their names in the group row)', () => {
		const merged = GROUPED.map((r) => [...r]);
		merged[0][0] = '支部名称';
		merged[0][1] = '月份';
		merged[1][0] = '';
		merged[1][1] = '';
		for (const form of Object.keys(FORMS) as Form[]) {
			const f = run(FORMS[form](merged));
			expect(f.errors).toEqual([]);
			expect(f).toMatchObject({ headerRow: 2, groupRow: 1, branchSource: 'column' });
			expect(totals(f)).toEqual(GROUP_TOTALS);
			expect(f.cells[0]).toMatchObject({ row: 3, column: '支部党员大会', raw: '1' });
		}
	});
});
