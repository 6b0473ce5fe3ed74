/**
 * Input the pipeline used to take too kindly (issue 11 §4) and file text echoed back unbounded
 * (§3): undecodable bytes and control characters named by cell, encoding markers that contradict
 * the text, implausible or inexact counts, files cut off mid-row, impossible months, long texts.
 */
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { problemMessage } from './messages';
import { runPipeline } from './pipeline';
import { testRegistry } from './test-registry';
import type { ParsedFile, PipelineOptions } from './types';

const registry = testRegistry();
const TODAY = new Date(2021, 5, 15);
const utf8 = (s: string) => Buffer.from(s, 'utf8');

function run(bytes: Uint8Array | string, opts: Partial<PipelineOptions> = {}): ParsedFile {
	const b = typeof bytes === 'string' ? utf8(bytes) : bytes;
	return runPipeline(b, registry, { fileName: 'export.csv', today: TODAY, ...opts });
}

const HEADER = '支部,月份,党员人数（人）,书记讲党课（次）';
const rows = (...lines: string[]) => [HEADER, ...lines].join('\r\n') + '\r\n';
const GOOD = rows('第一检察部,2020-01,12,1', '第一检察部,2020-02,12,0', '第一检察部,2020-03,12,1');

function messages(f: ParsedFile) {
	return [...f.errors, ...f.warnings].map((p) => ({
		zh: problemMessage(p, 'zh-cn'),
		en: problemMessage(p, 'en')
	}));
}

describe('undecodable bytes and control characters', () => {
	it('names the row and column of a truncated UTF-8 character', () => {
		const bytes = Buffer.concat([
			utf8(HEADER + '\r\n第一检察部,2020-01,12,1\r\n第一检察部,2020-02,12,'),
			Buffer.from([0xe4, 0xb8]), // the first two of the three bytes of 一
			utf8('\r\n第一检察部,2020-03,12,1\r\n')
		]);
		const f = run(bytes);
		expect(f.errors).toMatchObject([
			{ code: 'invalid_bytes', row: 3, column: '书记讲党课（次）', value: '\uFFFD' }
		]);
		expect(f.cells).toEqual([]);
		const [msg] = messages(f);
		expect(msg.zh.message).toContain('第 3 行');
		expect(msg.zh.hint).toContain('CSV UTF-8');
		expect(msg.en.hint).toContain('CSV UTF-8');
		expect(msg.en.message).not.toMatch(/binary|image|PDF/i);
	});

	it('names the row of a GBK row pasted into a UTF-8 file', () => {
		const bytes = Buffer.concat([
			utf8(HEADER + '\r\n第一检察部,2020-01,12,1\r\n'),
			iconv.encode('第二检察部,2020-01,10,1\r\n', 'gbk'),
			utf8('第一检察部,2020-02,12,0\r\n')
		]);
		const f = run(bytes);
		expect(f.errors.map((e) => [e.code, e.row, e.column])).toEqual([['invalid_bytes', 3, '支部']]);
	});

	it('still imports a whole GBK file, and a GBK file whose header is ASCII', () => {
		expect(run(iconv.encode(GOOD, 'gbk'))).toMatchObject({ errors: [], encoding: 'gb18030' });
		const ascii = 'branch,month,members\r\n第一检察部,2020-01,12\r\n';
		const f = run(iconv.encode(ascii, 'gbk'));
		expect(f.errors).toEqual([]);
		expect(f.cells[0].branch).toBe('first-procuratorial');
	});

	it.each([
		['BEL', '\x07', '␇'],
		['NUL', '\x00', '␀']
	])('names the cell holding a single %s', (_, ch, shown) => {
		const f = run(rows('第一检察部,2020-01,12,1', `第一检察部,2020-02,1${ch}2,0`));
		expect(f.errors).toMatchObject([
			{ code: 'control_char', row: 3, column: '党员人数（人）', value: `1${shown}2` }
		]);
		expect(messages(f)[0].en.message).toContain('Row 3');
	});

	it('says a UTF-8 BOM in front of GBK text contradicts it (not "no header")', () => {
		const f = run(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(GOOD, 'gbk')]));
		expect(f.errors).toMatchObject([
			{ code: 'bom_mismatch', params: { marker: 'utf-8-bom', encoding: 'gb18030' } }
		]);
		expect(messages(f)[0].zh.message).toContain('编码标记');
	});

	it('says a UTF-16 BOM in front of UTF-8 text contradicts it', () => {
		const f = run(Buffer.concat([Buffer.from([0xff, 0xfe]), utf8(GOOD)]));
		expect(f.errors).toMatchObject([
			{ code: 'bom_mismatch', params: { marker: 'utf-16le', encoding: 'utf-8' } }
		]);
		expect(messages(f)[0].en.message).toMatch(/UTF-16LE.*UTF-8/);
	});

	it.each([
		['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]],
		['PDF', [...utf8('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n')]]
	])('still calls a %s a binary file', (_, head) => {
		const bytes = Buffer.concat([Buffer.from(head), utf8(GOOD)]);
		expect(run(bytes).errors.map((e) => e.code)).toEqual(['binary_file']);
	});
});

describe('counts: a plausible ceiling and no silent rounding', () => {
	it('refuses a count above 1,000,000 by default, naming the cell', () => {
		const f = run(rows('第一检察部,2020-01,1000001,1', '第一检察部,2020-02,1000000,1'));
		expect(f.errors).toMatchObject([
			{ code: 'count_too_large', row: 2, column: '党员人数（人）', value: '1000001' }
		]);
		const [msg] = messages(f);
		expect(msg.en.message).toContain('1,000,000');
		expect(msg.en.hint).toMatch(/unit or a typo/);
		expect(msg.zh.hint).toContain('单位');
	});

	it('takes the ceiling as an option', () => {
		expect(run(rows('第一检察部,2020-01,50,1'), { maxCount: 40 }).errors[0]).toMatchObject({
			code: 'count_too_large',
			params: { max: 40 }
		});
		expect(run(rows('第一检察部,2020-01,2000000,1'), { maxCount: 5_000_000 }).errors).toEqual([]);
	});

	it.each(['9007199254740993', '1000000000000000000000', '1.00000000000000001'])(
		'never rounds %s silently',
		(value) => {
			const f = run(rows(`第一检察部,2020-01,${value},1`), { maxCount: 1e9 });
			expect(f.errors.map((e) => e.code)).toEqual([
				expect.stringMatching(/imprecise_number|count_too_large/)
			]);
			expect(f.cells).toEqual([]);
		}
	);

	it('keeps exact long numbers exact (12.000 is 12)', () => {
		const f = run(rows('第一检察部,2020-01,12.000,1'));
		expect(f.errors).toEqual([]);
		expect(f.cells[0].value).toBe(12);
	});
});

describe('a file cut off in its last row', () => {
	it('is an error naming the row', () => {
		const cut = HEADER + '\r\n第一检察部,2020-01,12,1\r\n第一检察部,2020-02,1';
		const f = run(cut);
		expect(f.errors).toMatchObject([{ code: 'truncated_file', row: 3 }]);
		expect(messages(f)[0].zh.message).toContain('第 3 行被截断');
		expect(messages(f)[0].en.hint).toMatch(/Export the file again/);
	});

	it('is no error when the short last row ends with a line break, or is complete', () => {
		expect(run(HEADER + '\r\n第一检察部,2020-01,12\r\n').errors).toEqual([]);
		expect(run(HEADER + '\r\n第一检察部,2020-01,12,1').errors).toEqual([]);
	});
});

describe('impossible months', () => {
	it.each(['2020-01-01T25:00', '2020-13', '2020-00', '2020/13/40', '2020-01-01 12:60'])(
		'%s is an error, never a month',
		(month) => {
			const f = run(rows(`第一检察部,${month},12,1`));
			expect(f.errors).toMatchObject([{ code: 'bad_month', row: 2, value: month }]);
		}
	);

	it('keeps the valid forms, Excel times and the 2020.1-after-2020.9 rule', () => {
		const f = run(
			rows(
				'第一检察部,2020-01-01T23:59,12,1',
				'第一检察部,20200213.0,12,1',
				'第一检察部,2020.9,12,1',
				'第一检察部,2020.1,12,1'
			)
		);
		expect(f.errors).toEqual([]);
		expect([...new Set(f.cells.map((c) => c.month))]).toEqual([
			'2020-01',
			'2020-02',
			'2020-09',
			'2020-10'
		]);
	});
});

describe('file text echoed back is bounded', () => {
	it('cuts a 13-million-character unknown header to 200 characters and notes its length', () => {
		const huge = '备'.repeat(13_000_000);
		const f = run(`支部,月份,党员人数,${huge}\r\n第一检察部,2020-01,12,x\r\n`);
		const warning = f.warnings.find((w) => w.code === 'unknown_column')!;
		expect(warning.column).toHaveLength(201);
		expect(warning.value!.endsWith('…')).toBe(true);
		expect(warning.params).toMatchObject({ columnLength: 13_000_000, valueLength: 13_000_000 });
		expect(JSON.stringify(f).length).toBeLessThan(20_000);
		const { zh, en } = messages(f).find((m) => m.en.message.includes('not recognised'))!;
		expect(en.message).toContain('… (13,000,000 characters)');
		expect(zh.message).toContain('…（共 13,000,000 字符）');
	});

	it('cuts problem values, branch names and file names', () => {
		const long = 'x'.repeat(5000);
		const f = run(rows(`${long},2020-01,${long},1`), { fileName: `${long}.csv` });
		expect(f.fileName.length).toBe(201);
		for (const p of f.errors) expect(p.value!.length).toBeLessThanOrEqual(201);
		expect(f.errors.map((e) => e.code).sort()).toEqual(['bad_number', 'unknown_branch']);
		expect(f.preview.rows[0].cells.every((c) => c.length <= 201)).toBe(true);
		expect(messages(f)[0].en.message).toContain('(5,000 characters)');
	});
});
