import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeBytes, firstControlChar, sniffUtf16 } from './decode';

const text = '支部,月份,书记讲党课（次）\r\n第一检察部,2020年1月,1\r\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
const withBom = (bom: number[], body: Uint8Array) => new Uint8Array([...bom, ...body]);

describe('decodeBytes', () => {
	it('reads plain UTF-8', () => {
		expect(decodeBytes(utf8(text))).toEqual({
			ok: true,
			text,
			encoding: 'utf-8',
			guessed: false
		});
	});

	it('lets a UTF-8 BOM decide and strips it', () => {
		const r = decodeBytes(withBom([0xef, 0xbb, 0xbf], utf8(text)));
		expect(r).toMatchObject({ ok: true, text, encoding: 'utf-8-bom' });
	});

	it('reads GBK (Excel "CSV" on Chinese Windows) as GB18030', () => {
		const r = decodeBytes(iconv.encode(text, 'gbk'));
		expect(r).toMatchObject({ ok: true, text, encoding: 'gb18030' });
	});

	it('reads UTF-16LE with a BOM (Excel "Unicode text", tab-separated)', () => {
		const tsv = text.replaceAll(',', '\t');
		const r = decodeBytes(withBom([0xff, 0xfe], iconv.encode(tsv, 'utf-16le')));
		expect(r).toMatchObject({ ok: true, text: tsv, encoding: 'utf-16le', guessed: false });
	});

	it('reads UTF-16BE with a BOM', () => {
		const r = decodeBytes(withBom([0xfe, 0xff], iconv.encode(text, 'utf-16be')));
		expect(r).toMatchObject({ ok: true, text, encoding: 'utf-16be' });
	});

	it('detects UTF-16 without a BOM from the alternating NUL bytes', () => {
		expect(decodeBytes(iconv.encode(text, 'utf-16le'))).toMatchObject({
			ok: true,
			text,
			encoding: 'utf-16le',
			guessed: true
		});
		expect(decodeBytes(iconv.encode(text, 'utf-16be'))).toMatchObject({
			ok: true,
			text,
			encoding: 'utf-16be'
		});
		expect(sniffUtf16(utf8(text))).toBeNull();
	});

	it('where UTF-8 and GB18030 both decode, the recognised text wins (UTF-8 on a tie)', () => {
		// `一之` in GBK is D2 BB D6 AE: also two valid UTF-8 characters.
		const bytes = iconv.encode('一之', 'gbk');
		expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toBe('一之');
		expect(decodeBytes(bytes, (t) => (t.includes('一') ? 1 : 0))).toMatchObject({
			ok: true,
			text: '一之',
			encoding: 'gb18030',
			guessed: true
		});
		expect(decodeBytes(bytes, () => 0)).toMatchObject({ ok: true, encoding: 'utf-8' });
		expect(decodeBytes(bytes)).toMatchObject({ ok: true, encoding: 'utf-8' });
	});

	it('rejects an Excel workbook renamed to .csv', () => {
		const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
		expect(decodeBytes(xlsx)).toEqual({
			ok: false,
			code: 'binary_xlsx',
			params: { format: 'xlsx' }
		});
		const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
		expect(decodeBytes(xls)).toEqual({ ok: false, code: 'binary_xlsx', params: { format: 'xls' } });
	});

	it('rejects other binary files', () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
		expect(decodeBytes(png)).toMatchObject({ ok: false, code: 'binary_file' });
		expect(decodeBytes(utf8('a,b\n1,\x02\n'))).toMatchObject({ ok: false, code: 'binary_file' });
		expect(
			decodeBytes(new Uint8Array([0x41, 0x00, 0x00, 0x00, 0x42, 0x43, 0x00, 0x44]))
		).toMatchObject({ ok: false, code: 'binary_file' });
		expect(decodeBytes(new Uint8Array([0xff, 0xff, 0xff, 0x80]))).toMatchObject({
			ok: false,
			code: 'binary_file'
		});
	});

	it('rejects empty and blank files', () => {
		expect(decodeBytes(new Uint8Array())).toEqual({ ok: false, code: 'empty_file' });
		expect(decodeBytes(new Uint8Array([0xef, 0xbb, 0xbf]))).toEqual({
			ok: false,
			code: 'empty_file'
		});
		expect(decodeBytes(utf8(' \r\n\r\n'))).toEqual({ ok: false, code: 'empty_file' });
	});

	it('tolerates a trailing DOS end-of-file mark', () => {
		expect(decodeBytes(utf8('a,b\r\n\x1a'))).toMatchObject({ ok: true, text: 'a,b\r\n' });
		expect(decodeBytes(utf8('a,b\r\n\x1a\r\n'))).toMatchObject({ ok: true, text: 'a,b\r\n' });
		expect(firstControlChar('a\x1ab')).toBe(1);
		expect(firstControlChar('a\tb\r\n\x1a')).toBe(-1);
	});
});

describe('decodeBytes: flawed text is told apart from binary files', () => {
	const score = (t: string) => (t.includes('支部,月份') ? 3 : 0);

	it('returns the loose text of UTF-8 with an undecodable byte, to name its cell', () => {
		const bytes = new Uint8Array([...utf8(text), 0xe4, 0xb8, ...utf8('\r\n')]);
		const r = decodeBytes(bytes, score);
		expect(r).toMatchObject({ ok: false, code: 'invalid_bytes' });
		expect(!r.ok && r.flawed).toContain('\uFFFD');
	});

	it('still reads GBK, and calls undecodable bytes without a header binary', () => {
		expect(decodeBytes(iconv.encode(text, 'gbk'), score)).toMatchObject({ encoding: 'gb18030' });
		expect(decodeBytes(new Uint8Array([0xff, 0xff, 0x41, 0x0a]), score)).toMatchObject({
			code: 'binary_file'
		});
	});

	it('names a control character only in text that reads as a CSV export', () => {
		expect(decodeBytes(utf8(text + '第一检察部,2020-02,\x07\r\n'), score)).toMatchObject({
			code: 'control_char'
		});
		expect(decodeBytes(utf8('abc\x07def\r\n'), score)).toMatchObject({ code: 'binary_file' });
	});

	it('says a BOM contradicts its text', () => {
		expect(decodeBytes(withBom([0xef, 0xbb, 0xbf], iconv.encode(text, 'gbk')), score)).toEqual({
			ok: false,
			code: 'bom_mismatch',
			params: { marker: 'utf-8-bom', encoding: 'gb18030' }
		});
		expect(decodeBytes(withBom([0xff, 0xfe], utf8(text)), score)).toMatchObject({
			code: 'bom_mismatch',
			params: { marker: 'utf-16le', encoding: 'utf-8' }
		});
	});

	it('refuses PNG, JPEG and PDF by their signatures', () => {
		for (const head of [[0x89, 0x50, 0x4e, 0x47], [0xff, 0xd8, 0xff], [...utf8('%PDF-1.4')]])
			expect(decodeBytes(new Uint8Array([...head, ...utf8(text)]), score)).toMatchObject({
				code: 'binary_file'
			});
	});
});
