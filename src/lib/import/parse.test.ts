import { describe, expect, it } from 'vitest';
import { detectDelimiter, forEachRow, type Row } from './parse';

function rows(text: string, d: ',' | '\t' | ';' = ','): Row[] {
	const out: Row[] = [];
	forEachRow(text, d, (r) => {
		out.push(r);
	});
	return out;
}

describe('detectDelimiter', () => {
	it('picks comma, tab or semicolon by consistent columns', () => {
		expect(detectDelimiter('支部,月份,党员人数\n一部,2020-01,12\n')).toBe(',');
		expect(detectDelimiter('支部\t月份\t党员人数\n一部\t2020-01\t1,020\n二部\t2020-01\t3\n')).toBe(
			'\t'
		);
		expect(detectDelimiter('支部;月份;党员人数\n一部;2020-01;1,5\n二部;2020-01;3\n')).toBe(';');
	});

	it('is not fooled by a title line or thousands separators in a tab file', () => {
		const tsv =
			'第一检察部党支部2020年统计表\n月份\t党员人数\t应缴党费人数\n2020-01\t"1,020"\t1,010\n2020-02\t1,021\t1,011\n';
		expect(detectDelimiter(tsv)).toBe('\t');
		const csv = '标题;说明\n月份,党员人数,集体学习\n2020-01,12,4\n2020-02,12,4\n2020-03,12,4\n';
		expect(detectDelimiter(csv)).toBe(',');
	});

	it('falls back to comma for a single column', () => {
		expect(detectDelimiter('abc\ndef\n')).toBe(',');
	});
});

describe('forEachRow', () => {
	it('skips blank rows and rows of commas but keeps physical line numbers', () => {
		const r = rows('a,b\r\n\r\n1,2\r\n,,\r\n , \r\n3,4\r\n,,\r\n,,');
		expect(r).toEqual([
			{ line: 1, cells: ['a', 'b'] },
			{ line: 3, cells: ['1', '2'] },
			{ line: 6, cells: ['3', '4'] }
		]);
	});

	it('counts a quoted multi-line cell from its first line', () => {
		const text = 'a,b\n1,"first\nsecond\nthird"\n2,x\n3,"p\n\nq"\n4,y';
		expect(rows(text)).toEqual([
			{ line: 1, cells: ['a', 'b'] },
			{ line: 2, cells: ['1', 'first\nsecond\nthird'] },
			{ line: 5, cells: ['2', 'x'] },
			{ line: 6, cells: ['3', 'p\n\nq'] },
			{ line: 9, cells: ['4', 'y'] }
		]);
		// Excel on Windows: CRLF between records, a bare LF (Alt+Enter) inside a cell.
		const excel = '支部,备注\r\n一部,"第一行\n第二行"\r\n二部,x\r\n';
		expect(rows(excel).map((r) => [r.line, r.cells[1]])).toEqual([
			[1, '备注'],
			[2, '第一行\n第二行'],
			[4, 'x']
		]);
	});

	it('handles old Mac line ends and tabs', () => {
		expect(rows('a\tb\r1\t2\r\r3\t4', '\t').map((r) => r.line)).toEqual([1, 2, 4]);
	});

	it('reports a quote that never closes', () => {
		const stats = forEachRow('a,b\n1,2\n3,"oops\n4,5\n', ',', () => {});
		expect(stats.unclosedQuoteLine).toBe(3);
		expect(forEachRow('a,b\n1,"x"\n', ',', () => {}).unclosedQuoteLine).toBeNull();
	});
});
