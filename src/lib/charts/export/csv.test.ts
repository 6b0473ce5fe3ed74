import { describe, expect, it } from 'vitest';
import { BOM, csvCell, tableToCsv } from './csv';

describe('csvCell', () => {
	it('neutralises text that Excel would run as a formula', () => {
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		expect(csvCell('+1')).toBe("'+1");
		expect(csvCell('-2+3')).toBe("'-2+3");
		expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
		expect(csvCell('\tcmd')).toBe("'\tcmd");
		expect(csvCell('\r=1')).toBe(`"'\r=1"`);
	});

	it('keeps numbers as numbers, missing as empty, ordinary text as is', () => {
		expect(csvCell(-3)).toBe('-3');
		expect(csvCell(0.296)).toBe('0.296');
		expect(csvCell(null)).toBe('');
		expect(csvCell(Number.NaN)).toBe('');
		expect(csvCell('第一检察部')).toBe('第一检察部');
		expect(csvCell('a,b')).toBe('"a,b"');
		expect(csvCell('say "hi"')).toBe('"say ""hi"""');
	});
});

describe('tableToCsv', () => {
	it('writes a BOM, a header and CRLF rows', () => {
		const csv = tableToCsv({
			columns: ['名次', '党支部', '数值'],
			rows: [
				[1, '第一检察部', 0.296],
				[null, '=1+1', null]
			]
		});
		expect(csv.startsWith(BOM)).toBe(true);
		expect(csv.slice(1).split('\r\n')).toEqual([
			'名次,党支部,数值',
			'1,第一检察部,0.296',
			",'=1+1,",
			''
		]);
	});
});
