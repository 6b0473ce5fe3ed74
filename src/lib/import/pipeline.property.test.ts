import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { INPUT_METRICS, METRICS } from '../domain/metrics';
import { decodeBytes } from './decode';
import { headerScore, runPipeline } from './pipeline';
import { testRegistry } from './test-registry';
import type { ParsedFile } from './types';

const registry = testRegistry();
const opts = { fileName: 'upload.csv', today: new Date(2021, 5, 15) };

function checkInvariants(f: ParsedFile, size: number) {
	expect(f.size).toBe(size);
	expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
	expect(f.errors.map((e) => e.code)).not.toContain('internal_error');
	if (f.errors.length > 0) expect(f.cells).toEqual([]);
	for (const c of f.cells) {
		expect(Number.isInteger(c.value) && c.value >= 0).toBe(true);
		expect(c.month <= '2021-06').toBe(true);
	}
}

const VALID = new TextEncoder().encode(
	[
		'第一检察部党支部2020年党建工作月度统计表,,,,',
		'支部,月份,党员人数（人）,部门办案总数（件）,领导干部办案数（件）',
		'第一检察部党支部,2020.9,12,30,9',
		',2020.1,12,"1,020",6',
		'第二检察部,2020年11月,１０,-,无',
		'合计,,34,,'
	].join('\r\n')
);

/** A valid CSV with a few bytes replaced, inserted or deleted, or cut short. */
const mutatedCsv = fc
	.array(
		fc.record({
			kind: fc.constantFrom('replace', 'insert', 'delete', 'truncate'),
			at: fc.nat(),
			byte: fc.integer({ min: 0, max: 255 })
		}),
		{ maxLength: 8 }
	)
	.map((edits) => {
		const bytes = [...VALID];
		for (const e of edits) {
			const i = bytes.length === 0 ? 0 : e.at % bytes.length;
			if (e.kind === 'replace') bytes[i] = e.byte;
			else if (e.kind === 'insert') bytes.splice(i, 0, e.byte);
			else if (e.kind === 'delete') bytes.splice(i, 1);
			else bytes.length = i;
		}
		return new Uint8Array(bytes);
	});

describe('runPipeline never throws', () => {
	it('any byte string gives a ParsedFile; cells are empty whenever there are errors', () => {
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
				checkInvariants(runPipeline(bytes, registry, opts), bytes.length);
			}),
			{ numRuns: 500 }
		);
	});

	it('mutated valid CSVs too', () => {
		fc.assert(
			fc.property(mutatedCsv, (bytes) => {
				checkInvariants(runPipeline(bytes, registry, opts), bytes.length);
			}),
			{ numRuns: 500 }
		);
	});

	it('random text made of CSV-ish pieces too', () => {
		const piece = fc.constantFrom(
			',',
			'\t',
			';',
			'"',
			'\n',
			'\r\n',
			'支部',
			'月份',
			'指标',
			'数值',
			'党员人数（人）',
			'领导干部办案占比',
			'一部',
			'合计',
			'示例',
			'2020.1',
			'2020.9',
			'2020-13',
			'无',
			'-',
			'29.6%',
			'１２',
			'1,020',
			'-3',
			'4.5'
		);
		fc.assert(
			fc.property(fc.array(piece, { maxLength: 80 }), (pieces) => {
				const bytes = new TextEncoder().encode(pieces.join(''));
				checkInvariants(runPipeline(bytes, registry, opts), bytes.length);
			}),
			{ numRuns: 500 }
		);
	});
});

/** A catalogue-headed wide table (zh names, some with units) as text. */
const table = fc
	.record({
		metrics: fc.subarray([...INPUT_METRICS], { minLength: 1, maxLength: 8 }),
		units: fc.boolean(),
		delimiter: fc.constantFrom(',', '\t'),
		rows: fc.array(
			fc.record({
				branch: fc.constantFrom(...registry.branches.map((b) => b.name)),
				month: fc.tuple(fc.integer({ min: 2015, max: 2021 }), fc.integer({ min: 1, max: 12 })),
				values: fc.array(
					fc.oneof(fc.nat({ max: 5000 }).map(String), fc.constantFrom('-', '无', '')),
					{
						minLength: 8,
						maxLength: 8
					}
				)
			}),
			{ minLength: 1, maxLength: 12 }
		),
		note: fc.string({ unit: fc.constantFrom(...'领航党建学习检察部门月报abc 123'), maxLength: 12 })
	})
	.map(({ metrics, units, delimiter, rows, note }) => {
		const header = [
			'党支部名称',
			'月份',
			...metrics.map((m) => (units ? `${m.zh}（${m.unitZh}）` : m.zh)),
			'备注'
		];
		const lines = rows.map((r) =>
			[r.branch, `${r.month[0]}年${r.month[1]}月`, ...r.values.slice(0, metrics.length), note].join(
				delimiter
			)
		);
		return [header.join(delimiter), ...lines].join('\r\n') + '\r\n';
	});

const ENCODINGS = [
	['utf-8', (t: string) => new TextEncoder().encode(t)],
	['utf-8-bom', (t: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(t)])],
	['utf-16le', (t: string) => new Uint8Array([0xff, 0xfe, ...iconv.encode(t, 'utf-16le')])],
	['gb18030', (t: string) => new Uint8Array(iconv.encode(t, 'gbk'))]
] as const;

describe('catalogue-headed tables decode back to the same text', () => {
	it.each(ENCODINGS)('%s', (encoding, encode) => {
		fc.assert(
			fc.property(table, (text) => {
				const bytes = encode(text);
				expect(decodeBytes(bytes, headerScore)).toEqual({
					ok: true,
					text,
					encoding,
					guessed: false
				});
				const f = runPipeline(bytes, registry, opts);
				expect(f.encoding).toBe(encoding);
				expect(f.preview.header.join('|')).toBe(text.split('\r\n')[0].split(/[,\t]/).join('|'));
				expect(
					f.columns
						.filter((c) => c.role === 'metric')
						.every((c) => METRICS.some((m) => m.id === c.metric))
				).toBe(true);
			}),
			{ numRuns: 500 }
		);
	});
});
