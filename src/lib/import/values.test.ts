import { describe, expect, it } from 'vitest';
import { cellText, parseMonth, parseNumber } from './values';

describe('parseMonth', () => {
	it.each([
		['2020-01', '2020-01'],
		['2020-1', '2020-01'],
		['2020/1', '2020-01'],
		['2020/01', '2020-01'],
		['2020年1月', '2020-01'],
		['2020年01月', '2020-01'],
		['2020 年 3 月份', '2020-03'],
		['202001', '2020-01'],
		['202012.0', '2020-12'],
		['2020.01', '2020-01'],
		['2020.1', '2020-01'],
		['2020.10', '2020-10'],
		['2020/1/1', '2020-01-01'.slice(0, 7)],
		['2020/1/31 0:00', '2020-01'],
		['2020-01-01', '2020-01'],
		['2020-02-29 00:00:00', '2020-02'],
		['20200113', '2020-01'],
		['20200113.0', '2020-01'],
		['２０２０年１２月', '2020-12'],
		['  2020-07  ', '2020-07']
	])('%s → %s', (raw, month) => {
		expect(parseMonth(raw)?.month).toBe(month);
	});

	it('marks the YYYY.M form, which Excel may have shortened', () => {
		expect(parseMonth('2020.1')).toEqual({ month: '2020-01', dotted: true });
		expect(parseMonth('2020.09')).toEqual({ month: '2020-09', dotted: true });
		expect(parseMonth('2020-1')).toEqual({ month: '2020-01', dotted: false });
		expect(parseMonth('2020/1/1')?.dotted).toBe(false);
	});

	it.each([
		'',
		'2020年13月',
		'2020-00',
		'2020-13',
		'2020/2/30',
		'20201301',
		'2020011',
		'20',
		'一月',
		'2020-01-01-01',
		'43831',
		'1800-01',
		'2020.1.5x'
	])('rejects %j', (raw) => {
		expect(parseMonth(raw)).toBeNull();
	});
});

describe('parseNumber', () => {
	it.each([
		['12', 12],
		['１２', 12],
		['1,020', 1020],
		['1，020', 1020],
		['12,345,678', 12345678],
		['  7 ', 7],
		['12.0', 12],
		['0', 0],
		['-3', -3],
		['2.5', 2.5],
		['无', 0],
		['\u30005\u3000', 5]
	])('%j → %d', (raw, value) => {
		expect(parseNumber(raw)).toEqual({ kind: 'value', value });
	});

	it.each(['', ' ', '-', '—', '–', '－', '/', '\\', '不适用', '未填报', 'N/A', 'NA', 'na', '——'])(
		'%j is not reported',
		(raw) => {
			expect(parseNumber(raw)).toEqual({ kind: 'missing' });
		}
	);

	it('recognises percentages', () => {
		expect(parseNumber('29.6%')).toEqual({ kind: 'percent', value: 29.6 });
		expect(parseNumber('２９．６％')).toEqual({ kind: 'percent', value: 29.6 });
		expect(parseNumber('%')).toEqual({ kind: 'bad' });
	});

	it.each(['abc', '1,02', '1.2.3', '12a', '.', '+', '1e3', 'Infinity', '五', '1 2'])(
		'rejects %j',
		(raw) => {
			expect(parseNumber(raw)).toEqual({ kind: 'bad' });
		}
	);
});

describe('cellText', () => {
	it('applies NFKC and trims', () => {
		expect(cellText('　党员人数（人）　')).toBe('党员人数(人)');
		expect(cellText(' abc ')).toBe('abc');
	});
});

describe('parseMonth: Excel dates with an impossible time are no month', () => {
	it.each(['2020-01-01T25:00', '2020-01-01 23:60', '2020/1/1 12:00:61', '2020/13/40', '2020-00'])(
		'%s → null',
		(raw) => expect(parseMonth(raw)).toBeNull()
	);
	it.each([
		['2020-01-01T23:59', '2020-01'],
		['2020/1/31 0:00:00', '2020-01']
	])('%s → %s', (raw, month) => expect(parseMonth(raw)?.month).toBe(month));
});

describe('parseNumber: no silent rounding', () => {
	it.each([
		'9007199254740993',
		'1000000000000000000000',
		'1.00000000000000001',
		'-9007199254740993'
	])('%s is imprecise', (raw) => expect(parseNumber(raw)).toEqual({ kind: 'imprecise' }));
	it.each([
		['9007199254740991', 9007199254740991],
		['12.000000000000000', 12],
		['000000000000000042', 42],
		['1,000,000,000,000', 1e12]
	])('%s is exact: %d', (raw, value) => expect(parseNumber(raw)).toEqual({ kind: 'value', value }));
});
