/**
 * fast-check arbitraries that damage real exports the ways files get damaged: flipped bytes,
 * truncation, stray delimiters, quotes, BOMs and line breaks, the wrong encoding, and cells replaced
 * by what people type into spreadsheets.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeBytes } from '../../src/lib/import/decode';

const BOMS = [
	[0xef, 0xbb, 0xbf],
	[0xff, 0xfe],
	[0xfe, 0xff]
];
const enc = (s: string) => [...Buffer.from(s, 'utf8')];

/** Byte sequences worth inserting anywhere. */
const INSERTS: number[][] = [
	enc(','),
	enc('"'),
	enc('""'),
	enc('\t'),
	enc(';'),
	enc('\r\n'),
	enc('\n'),
	enc('\r'),
	enc(',,,,,\r\n'),
	enc('"\r\n"'),
	[0x00],
	[0x1a],
	[0xff],
	[0xc3],
	[0xe4, 0xb8],
	...BOMS
];

/** Cell texts seen in (or near) real exports, good and bad. */
const CELLS = [
	'',
	'0',
	'1',
	'12',
	'-1',
	'1.5',
	'１２',
	'1,020',
	'1，020',
	'无',
	'-',
	'—',
	'/',
	'未填报',
	'不适用',
	'29.6%',
	'N/A',
	'1e3',
	'0x10',
	'Infinity',
	'NaN',
	'99999999999999999999',
	'2020年13月',
	'2020-00',
	'2099-01',
	'2020.1',
	'2020.10',
	'20200113.0',
	'2020/1/32',
	'示例',
	'正式导入前请删除',
	'合计',
	'总计',
	'第九检察部党支部',
	'第一检察部党支部',
	'办公室',
	'"',
	'"quoted, with comma"',
	'a\nb',
	'=SUM(A1:A3)',
	'<script>alert(1)</script>',
	'\u3000',
	'😀',
	'领导干部办案占比',
	'书记讲党课（次）'
];

export type Mutation =
	| { kind: 'flip'; at: number; bit: number }
	| { kind: 'truncate'; at: number }
	| { kind: 'insert'; at: number; bytes: number[] }
	| { kind: 'delete'; at: number; length: number }
	| { kind: 'duplicate'; at: number; length: number }
	| { kind: 'reencode'; to: string }
	| { kind: 'cell'; line: number; cell: number; text: string };

const position = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
	fc.record({
		kind: fc.constant('flip' as const),
		at: position,
		bit: fc.integer({ min: 0, max: 7 })
	}),
	fc.record({ kind: fc.constant('truncate' as const), at: position }),
	fc.record({
		kind: fc.constant('insert' as const),
		at: position,
		bytes: fc.oneof(
			fc.constantFrom(...INSERTS),
			fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 })
		)
	}),
	fc.record({
		kind: fc.constant('delete' as const),
		at: position,
		length: fc.integer({ min: 1, max: 64 })
	}),
	fc.record({
		kind: fc.constant('duplicate' as const),
		at: position,
		length: fc.integer({ min: 1, max: 400 })
	}),
	fc.record({
		kind: fc.constant('reencode' as const),
		to: fc.constantFrom(
			'utf8',
			'gb18030',
			'gbk',
			'utf16le',
			'utf16be',
			'latin1',
			'big5',
			'shift_jis'
		)
	}),
	fc.record({
		kind: fc.constant('cell' as const),
		line: fc.nat({ max: 60 }),
		cell: fc.nat({ max: 30 }),
		text: fc.oneof(fc.constantFrom(...CELLS), fc.string({ maxLength: 12, unit: 'grapheme' }))
	})
);

const at = (bytes: Uint8Array, p: number) => Math.floor(p * (bytes.length + 1));

/** Apply one mutation; text-level ones decode with the pipeline's decoder (or give up). */
export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
	switch (m.kind) {
		case 'flip': {
			if (bytes.length === 0) return bytes;
			const out = Uint8Array.from(bytes);
			const i = Math.min(out.length - 1, at(bytes, m.at));
			out[i] ^= 1 << m.bit;
			return out;
		}
		case 'truncate':
			return bytes.subarray(0, at(bytes, m.at));
		case 'insert': {
			const i = at(bytes, m.at);
			return Buffer.concat([bytes.subarray(0, i), Uint8Array.from(m.bytes), bytes.subarray(i)]);
		}
		case 'delete': {
			const i = at(bytes, m.at);
			return Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + m.length)]);
		}
		case 'duplicate': {
			const i = at(bytes, m.at);
			const end = Math.min(bytes.length, i + m.length);
			return Buffer.concat([bytes.subarray(0, end), bytes.subarray(i, end), bytes.subarray(end)]);
		}
		case 'reencode': {
			const d = decodeBytes(bytes);
			if (!d.ok) return bytes;
			return iconv.encode(d.text, m.to, { addBOM: m.to.startsWith('utf16') });
		}
		case 'cell': {
			const d = decodeBytes(bytes);
			if (!d.ok) return bytes;
			const lines = d.text.split(/\r\n|\n|\r/);
			const sep = lines.some((l) => l.includes('\t')) ? '\t' : ',';
			const line = m.line % Math.max(1, lines.length);
			const cells = lines[line].split(sep);
			cells[m.cell % cells.length] = m.text;
			lines[line] = cells.join(sep);
			const text = lines.join('\r\n');
			const target =
				d.encoding === 'gb18030' ? 'gb18030' : d.encoding.startsWith('utf-16') ? 'utf16le' : 'utf8';
			return iconv.encode(text, target, { addBOM: target !== 'gb18030' && d.encoding !== 'utf-8' });
		}
	}
}
