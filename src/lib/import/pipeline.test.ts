import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { runPipeline } from './pipeline';
import { testRegistry } from './test-registry';
import type { ParsedFile, PipelineOptions, Problem, ProblemCode } from './types';

const registry = testRegistry();
const TODAY = new Date(2021, 5, 15);

function run(input: string | Uint8Array, opts: Partial<PipelineOptions> = {}): ParsedFile {
	const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
	return runPipeline(bytes, registry, { fileName: 'export.csv', today: TODAY, ...opts });
}

const codes = (ps: Problem[]) => ps.map((p) => p.code);
const only = (f: ParsedFile, code: ProblemCode) =>
	[...f.errors, ...f.warnings].filter((p) => p.code === code);

const WIDE = [
	'支部,月份,党员人数（人）,书记讲党课（次）,部门办案总数（件）,领导干部办案数（件）',
	'第一检察部党支部,2020-01,12,1,30,9',
	'第一检察部党支部,2020-02,12,0,20,6',
	'第二检察部,2020-01,10,-,15,未填报'
].join('\r\n');

describe('runPipeline: wide format', () => {
	it('imports a clean file with every value traced to its row and column', () => {
		const f = run(WIDE);
		expect(f.errors).toEqual([]);
		expect(f.warnings).toEqual([]);
		expect(f).toMatchObject({
			encoding: 'utf-8',
			delimiter: ',',
			format: 'wide',
			headerRow: 1,
			branchSource: 'column',
			rows: 3,
			missing: 2,
			branches: ['first-procuratorial', 'second-procuratorial'],
			months: { from: '2020-01', to: '2020-02' }
		});
		expect(f.cells).toHaveLength(10);
		expect(f.cells[0]).toEqual({
			branch: 'first-procuratorial',
			month: '2020-01',
			metric: 'members',
			value: 12,
			row: 2,
			column: '党员人数（人）',
			raw: '12'
		});
		expect(f.cells.find((c) => c.row === 4 && c.metric === 'cases_total')?.value).toBe(15);
		expect(f.cells.some((c) => c.row === 4 && c.metric === 'secretary_lectures')).toBe(false);
		expect(f.preview.header[2]).toBe('党员人数（人）');
		expect(f.preview.rows.map((r) => r.row)).toEqual([2, 3, 4]);
		expect(f.size).toBe(new TextEncoder().encode(WIDE).length);
		expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
	});

	it('limits the preview to previewRows', () => {
		expect(run(WIDE, { previewRows: 1 }).preview.rows).toHaveLength(1);
	});

	it('reads GBK bytes (Excel "CSV" on Chinese Windows)', () => {
		const f = run(iconv.encode(WIDE, 'gbk'));
		expect(f.encoding).toBe('gb18030');
		expect(f.errors).toEqual([]);
		expect(f.cells).toHaveLength(10);
	});

	it('reads UTF-8 with a BOM', () => {
		const f = run(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(WIDE)]));
		expect(f.encoding).toBe('utf-8-bom');
		expect(f.columns[0]).toMatchObject({ header: '支部', role: 'branch' });
		expect(f.cells).toHaveLength(10);
	});

	it('reads UTF-16LE with a BOM, tab-separated (Excel "Unicode text")', () => {
		const tsv = WIDE.replaceAll(',', '\t');
		const f = run(new Uint8Array([0xff, 0xfe, ...iconv.encode(tsv, 'utf-16le')]));
		expect(f).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', format: 'wide' });
		expect(f.cells).toHaveLength(10);
	});

	it('reads semicolon-separated files', () => {
		const f = run(WIDE.replaceAll(',', ';'));
		expect(f.delimiter).toBe(';');
		expect(f.cells).toHaveLength(10);
	});

	it('matches headers with units, full-width brackets and spaces, ids and English names', () => {
		const text = [
			'branch,Period,members,Party lectures by the secretary (times),　集体学习　（次）,谈心谈话(人次)',
			'first-procuratorial,2020-01,１２,１,４,"1,020"'
		].join('\n');
		const f = run(text);
		expect(f.errors).toEqual([]);
		expect(f.columns.map((c) => c.metric ?? c.role)).toEqual([
			'branch',
			'month',
			'members',
			'secretary_lectures',
			'study_sessions',
			'heart_talks'
		]);
		expect(f.cells.map((c) => c.value)).toEqual([12, 1, 4, 1020]);
	});

	it('reads full-width digits and full-width thousands separators', () => {
		const f = run('支部\t月份\t谈心谈话\n一部\t２０２０年３月\t1，020\n');
		expect(f.cells).toEqual([expect.objectContaining({ month: '2020-03', value: 1020 })]);
	});

	it.each([
		['2020-01', '2020-01'],
		['2020-1', '2020-01'],
		['2020/1', '2020-01'],
		['2020/01', '2020-01'],
		['2020年1月', '2020-01'],
		['2020年01月', '2020-01'],
		['202001', '2020-01'],
		['2020.01', '2020-01'],
		['2020.1', '2020-01'],
		['2020.10', '2020-10'],
		['2020/1/1', '2020-01'],
		['2020-01-01', '2020-01'],
		['20200113', '2020-01'],
		['20200113.0', '2020-01']
	])('reads the month %s', (raw, month) => {
		const f = run(`支部,月份,党员人数\n一部,${raw},12\n`);
		expect(f.errors).toEqual([]);
		expect(f.cells[0].month).toBe(month);
	});
});

describe('runPipeline: title line, file name and explicit branch', () => {
	const body = '月份,党员人数,集体学习\n2020-01,12,4\n2020-02,12,5\n';

	it('takes the branch from a title line above the header, with a warning', () => {
		const f = run(`第一检察部党支部2020年党建工作月度统计表,,\n${body}`);
		expect(f.errors).toEqual([]);
		expect(f).toMatchObject({
			title: '第一检察部党支部2020年党建工作月度统计表',
			headerRow: 2,
			branchSource: 'title',
			branches: ['first-procuratorial']
		});
		expect(f.warnings).toEqual([
			expect.objectContaining({
				code: 'branch_from_title',
				params: {
					branch: 'first-procuratorial',
					branchName: '第一检察部党支部',
					branchNameEn: 'First Procuratorial Department Branch'
				}
			})
		]);
		expect(f.cells.map((c) => c.row)).toEqual([3, 3, 4, 4]);
	});

	it('takes the branch from the file name', () => {
		const f = run(body, { fileName: '政治部党支部-2020上半年.csv' });
		expect(f.branchSource).toBe('filename');
		expect(codes(f.warnings)).toEqual(['branch_from_filename']);
		expect(f.cells.every((c) => c.branch === 'political-department')).toBe(true);
	});

	it('prefers an explicit branch, silently', () => {
		const f = run(`第一检察部党支部统计表\n${body}`, { branch: 'general-office' });
		expect(f.branchSource).toBe('explicit');
		expect(f.warnings).toEqual([]);
		expect(f.cells.every((c) => c.branch === 'general-office')).toBe(true);
	});

	it('errs when no branch can be found', () => {
		const f = run(body);
		expect(codes(f.errors)).toEqual(['no_branch']);
		expect(f.cells).toEqual([]);
	});

	it('errs on an explicit branch that does not exist', () => {
		const f = run(body, { branch: '第九检察部' });
		expect(f.errors).toEqual([
			expect.objectContaining({ code: 'unknown_branch', value: '第九检察部', row: null })
		]);
	});

	it('errs when a branch cell contradicts the explicit branch', () => {
		const f = run('支部,月份,党员人数\n一部,2020-01,12\n二部,2020-01,10\n', {
			branch: 'first-procuratorial'
		});
		expect(f.errors).toEqual([
			{
				code: 'branch_conflict',
				row: 3,
				column: '支部',
				value: '二部',
				params: expect.objectContaining({
					chosen: 'first-procuratorial',
					found: 'second-procuratorial',
					chosenName: '第一检察部党支部'
				})
			}
		]);
		expect(f.cells).toEqual([]);
	});
});

describe('runPipeline: noise in real exports', () => {
	it('fills merged branch cells from above with one warning for the file', () => {
		const text = [
			'支部,月份,党员人数',
			'第一检察部,2020-01,12',
			',2020-02,12',
			',2020-03,13',
			'第二检察部,2020-01,10',
			',2020-02,10'
		].join('\n');
		const f = run(text);
		expect(f.errors).toEqual([]);
		expect(f.warnings).toEqual([
			{
				code: 'merged_branch_cell',
				row: 3,
				column: '支部',
				value: null,
				params: { rows: '3–4, 6', count: 3 }
			}
		]);
		expect(f.cells.map((c) => `${c.branch}@${c.month}`)).toEqual([
			'first-procuratorial@2020-01',
			'first-procuratorial@2020-02',
			'first-procuratorial@2020-03',
			'second-procuratorial@2020-01',
			'second-procuratorial@2020-02'
		]);
	});

	it('skips total rows with a warning and ignores trailing rows of commas', () => {
		const text = '支部,月份,党员人数\n一部,2020-01,12\n一部,2020-02,12\n合计,,24\n,,\n,,\n';
		const f = run(text);
		expect(f.errors).toEqual([]);
		expect(f.warnings).toEqual([
			{ code: 'total_row_skipped', row: 4, column: '支部', value: '合计' }
		]);
		expect(f.rows).toBe(2);
		expect(f.preview.rows.at(-1)).toMatchObject({ row: 4, skipped: true });
	});

	it('treats 总计 / 小计 / Total in the month column as totals too', () => {
		const f = run('支部,月份,党员人数\n一部,2020-01,12\n一部,总计,12\n一部,Total,1\n一部,小计,2\n');
		expect(codes(f.warnings)).toEqual([
			'total_row_skipped',
			'total_row_skipped',
			'total_row_skipped'
		]);
		expect(f.cells).toHaveLength(1);
	});

	it('rejects template sample rows', () => {
		const f = run(
			'支部,月份,党员人数,备注\n一部,2020-01,12,示例：正式导入前请删除\n一部,2020-02,12,\n'
		);
		expect(f.errors).toEqual([
			{ code: 'sample_row', row: 2, column: '备注', value: '示例：正式导入前请删除' }
		]);
		expect(f.cells).toEqual([]);
		expect(f.preview.rows[0]).toMatchObject({ skipped: true, bad: [3] });
	});

	it('fixes an October that Excel wrote as 2020.1 after 2020.9, and warns', () => {
		const text = [
			'月份,党员人数',
			'2020.8,12',
			'2020.9,12',
			'2020.1,13',
			'2020.11,13',
			'2020.12,13'
		].join('\n');
		const f = run(text, { branch: 'first-procuratorial' });
		expect(f.errors).toEqual([]);
		expect(f.cells.map((c) => c.month)).toEqual([
			'2020-08',
			'2020-09',
			'2020-10',
			'2020-11',
			'2020-12'
		]);
		expect(f.warnings).toEqual([
			{
				code: 'ambiguous_month_fixed',
				row: 4,
				column: '月份',
				value: '2020.1',
				params: { month: '2020-10', rows: 1 }
			}
		]);
		expect(f.preview.rows[2]).toMatchObject({ row: 4, bad: [], warned: [0] });
	});

	it('keeps a January 2020.1 that follows no September, per branch', () => {
		const text = ['支部,月份,党员人数', '一部,2020.9,12', '二部,2020.1,10', '二部,2020.2,10'].join(
			'\n'
		);
		const f = run(text);
		expect(f.warnings).toEqual([]);
		expect(f.cells.map((c) => c.month)).toEqual(['2020-09', '2020-01', '2020-02']);
	});

	it('counts line numbers past a quoted multi-line cell', () => {
		const text =
			'支部,月份,党员人数,备注\r\n一部,2020-01,12,"第一行\n第二行\n第三行"\r\n一部,2020-02,x,\r\n';
		const f = run(text);
		expect(f.errors).toEqual([{ code: 'bad_number', row: 5, column: '党员人数', value: 'x' }]);
	});
});

describe('runPipeline: long format', () => {
	const LONG = [
		'党支部名称,统计月份,指标名称,数值',
		'第一检察部党支部,2020年1月,党员人数（人）,12',
		'第一检察部党支部,2020年1月,集体学习,4',
		'第一检察部党支部,2020年1月,cases_total,10',
		'第一检察部党支部,2020年1月,Cases handled by department leaders,3',
		'第一检察部党支部,2020年2月,集体学习,/'
	].join('\n');

	it('imports branch × month × metric × value rows', () => {
		const f = run(LONG);
		expect(f.errors).toEqual([]);
		expect(f.format).toBe('long');
		expect(f.missing).toBe(1);
		expect(f.cells.map((c) => [c.metric, c.value, c.row, c.column])).toEqual([
			['members', 12, 2, '数值'],
			['study_sessions', 4, 3, '数值'],
			['cases_total', 10, 4, '数值'],
			['cases_by_leaders', 3, 5, '数值']
		]);
	});

	it('reports unknown and derived metrics, duplicates and leaders above the total', () => {
		const text = [
			'支部,月份,指标,值',
			'一部,2020-01,不存在,1',
			'一部,2020-01,领导干部办案占比,29.6%',
			'一部,2020-01,部门办案总数,5',
			'一部,2020-01,领导干部办案数,6',
			'一部,2020-01,党员人数,12',
			'一部,2020-01,党员人数(人),13'
		].join('\n');
		const f = run(text);
		expect(codes(f.errors)).toEqual([
			'unknown_metric',
			'derived_metric_supplied',
			'duplicate_row',
			'exceeds_total'
		]);
		expect(only(f, 'exceeds_total')[0]).toEqual({
			code: 'exceeds_total',
			row: 5,
			column: '值',
			value: '6',
			params: {
				metric: 'cases_by_leaders',
				total: '部门办案总数',
				totalValue: 5,
				totalMetric: 'cases_total',
				totalRow: 4
			}
		});
		expect(only(f, 'duplicate_row')[0]).toMatchObject({
			row: 7,
			params: { other: 6, metric: 'members' }
		});
		expect(f.cells).toEqual([]);
	});

	it('needs a value column next to a metric-name column', () => {
		expect(codes(run('支部,月份,指标\n一部,2020-01,党员人数\n').errors)).toContain(
			'no_value_column'
		);
	});
});

describe('runPipeline: errors, all reported at once', () => {
	it('reports every bad cell of the file, not just the first', () => {
		const text = [
			'支部,月份,党员人数,集体学习,部门办案总数,领导干部办案数,应缴党费人数,按时缴纳党费人数',
			'一部,2020年13月,12,4,10,3,12,12',
			'一部,2020-02,-1,4.5,10,11,12,13',
			'一部,2020-03,29.6%,abc,1,1,1,1',
			'第九部,2020-04,1,1,1,1,1,1',
			'一部,2030-01,1,1,1,1,1,1',
			'一部,2020-03,1,1,1,1,1,1'
		].join('\n');
		const f = run(text);
		expect(f.errors).toEqual([
			{ code: 'bad_month', row: 2, column: '月份', value: '2020年13月' },
			{ code: 'negative_count', row: 3, column: '党员人数', value: '-1' },
			{ code: 'fractional_count', row: 3, column: '集体学习', value: '4.5' },
			{
				code: 'exceeds_total',
				row: 3,
				column: '领导干部办案数',
				value: '11',
				params: {
					metric: 'cases_by_leaders',
					total: '部门办案总数',
					totalValue: 10,
					totalMetric: 'cases_total'
				}
			},
			{
				code: 'exceeds_total',
				row: 3,
				column: '按时缴纳党费人数',
				value: '13',
				params: {
					metric: 'dues_paid',
					total: '应缴党费人数',
					totalValue: 12,
					totalMetric: 'dues_due'
				}
			},
			{ code: 'percent_in_count', row: 4, column: '党员人数', value: '29.6%' },
			{ code: 'bad_number', row: 4, column: '集体学习', value: 'abc' },
			{ code: 'unknown_branch', row: 5, column: '支部', value: '第九部' },
			{
				code: 'future_month',
				row: 6,
				column: '月份',
				value: '2030-01',
				params: { today: '2021-06' }
			},
			{ code: 'duplicate_row', row: 7, column: null, value: null, params: { other: 4 } }
		]);
		expect(f.cells).toEqual([]);
		expect(f.preview.rows[1].bad.sort()).toEqual([2, 3, 4, 5, 6, 7]);
		expect(f.preview.rows[5].bad.sort()).toEqual([0, 1]);
	});

	it('rejects a derived metric supplied as a column and a duplicated metric column', () => {
		const f = run(
			'支部,月份,领导干部办案占比（%）,党员人数,党员数（人）\n一部,2020-01,29.6%,1,1\n'
		);
		expect(f.errors).toEqual([
			{
				code: 'derived_metric_supplied',
				row: 1,
				column: '领导干部办案占比（%）',
				value: '领导干部办案占比（%）',
				params: {
					metric: 'leader_case_share',
					numerator: 'cases_by_leaders',
					denominator: 'cases_total'
				}
			},
			{
				code: 'duplicate_column',
				row: 1,
				column: '党员数（人）',
				value: '党员数（人）',
				params: { other: '党员人数', otherIndex: 4, index: 5 }
			}
		]);
	});

	it('warns about unknown columns', () => {
		const f = run('序号,支部,月份,党员人数,备注\n1,一部,2020-01,12,\n');
		expect(f.warnings.map((w) => w.column)).toEqual(['序号', '备注']);
		expect(codes(f.warnings)).toEqual(['unknown_column', 'unknown_column']);
		expect(f.cells).toHaveLength(1);
	});

	it.each([
		['no month column', '支部,党员人数\n一部,12\n', 'no_month_column'],
		['no data rows', '支部,月份,党员人数\n,,\n', 'no_data_rows'],
		['no header', '甲,乙\n1,2\n', 'no_header'],
		['no metric columns', '支部,月份\n一部,2020-01\n', 'no_metric_columns'],
		['an unclosed quote', '支部,月份,党员人数\n一部,2020-01,"12\n', 'unclosed_quote']
	])('errs on %s', (_, text, code) => {
		const f = run(text);
		expect(codes(f.errors)).toContain(code);
		expect(f.cells).toEqual([]);
	});

	it('rejects an xlsx renamed to csv, binary and empty files', () => {
		const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]);
		expect(run(xlsx).errors).toEqual([
			{ code: 'binary_xlsx', row: null, column: null, value: null, params: { format: 'xlsx' } }
		]);
		expect(codes(run(new Uint8Array([1, 2, 3, 0, 0, 0, 9])).errors)).toEqual(['binary_file']);
		expect(codes(run(new Uint8Array()).errors)).toEqual(['empty_file']);
		expect(run(new Uint8Array()).sha256).toBe(
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
		);
	});

	it('refuses files over maxBytes', () => {
		expect(codes(run(WIDE, { maxBytes: 10 }).errors)).toEqual(['file_too_large']);
	});

	it('keeps up to 1000 problems of a code and counts the rest', () => {
		const rows = Array.from(
			{ length: 1200 },
			(_, i) => `一部,${2000 + Math.floor(i / 12)}-${(i % 12) + 1},x`
		);
		const f = run(['支部,月份,党员人数', ...rows].join('\n'));
		expect(only(f, 'bad_number')).toHaveLength(1000);
		expect(only(f, 'problems_truncated')).toEqual([
			expect.objectContaining({ params: { code: 'bad_number', count: 1200, shown: 1000 } })
		]);
	});
});

describe('a file without a header', () => {
	it('reports no_header exactly once, however long the file', () => {
		for (const lines of [3, 10, 25]) {
			const text = Array.from({ length: lines }, (_, i) => `foo${i},bar${i}`).join('\n');
			const parsed = runPipeline(new TextEncoder().encode(text), registry, { fileName: 'x.csv' });
			expect(parsed.errors.filter((e) => e.code === 'no_header')).toHaveLength(1);
		}
	});
});
