import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
	buildSamples,
	invariantViolations,
	renderOutputs,
	seedFigureViolations,
	seedFigures,
	writeOutputs,
	type FileEncoding
} from './generate-samples';

const ROOT = path.resolve(import.meta.dirname, '../..');
const samples = buildSamples();
const outputs = renderOutputs(samples);
const tmp = mkdtempSync(path.join(tmpdir(), 'pacesetter-samples-'));
writeOutputs(outputs, tmp);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const isUtf8 = (bytes: Buffer) => {
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(bytes);
		return true;
	} catch {
		return false;
	}
};
const startsWith = (bytes: Buffer, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

describe('generate-samples', () => {
	it('writes one export per branch and the two templates', () => {
		expect(samples.map((s) => s.branch.slug)).toEqual([
			'first-procuratorial',
			'second-procuratorial',
			'fourth-procuratorial',
			'fifth-procuratorial',
			'sixth-procuratorial',
			'eighth-procuratorial',
			'political-department',
			'general-office'
		]);
		expect(outputs.filter((f) => f.path.startsWith('data/samples/'))).toHaveLength(8);
		expect(
			outputs.filter((f) => f.path.startsWith('static/templates/')).map((f) => f.path)
		).toEqual([
			'static/templates/pacesetter-template-zh.csv',
			'static/templates/pacesetter-template-en.csv'
		]);
	});

	it('matches the committed files byte for byte (re-run `npm run samples` after a change)', () => {
		for (const file of outputs) {
			const fresh = readFileSync(path.join(tmp, file.path));
			const committed = readFileSync(path.join(ROOT, file.path));
			expect(fresh.equals(committed), file.path).toBe(true);
		}
		// No stale export left behind by an earlier plan.
		const committedCsv = readdirSync(path.join(ROOT, 'data/samples')).filter((f) =>
			f.endsWith('.csv')
		);
		const generated = outputs
			.filter((f) => f.path.startsWith('data/samples/'))
			.map((f) => path.basename(f.path));
		expect(committedCsv.sort()).toEqual(generated.sort());
	});

	it('uses the encodings it declares', () => {
		const expected: Record<FileEncoding, (b: Buffer) => boolean> = {
			gbk: (b) => !isUtf8(b) && !startsWith(b, [0xef, 0xbb, 0xbf]),
			'utf-8': (b) => isUtf8(b) && !startsWith(b, [0xef, 0xbb, 0xbf]),
			'utf-8-bom': (b) => isUtf8(b) && startsWith(b, [0xef, 0xbb, 0xbf]),
			'utf-16le-bom': (b) => startsWith(b, [0xff, 0xfe])
		};
		const bySlug = Object.fromEntries(outputs.map((f) => [f.slug ?? f.path, f.encoding]));
		expect(bySlug).toMatchObject({
			'first-procuratorial': 'gbk',
			'second-procuratorial': 'utf-8-bom',
			'fourth-procuratorial': 'gbk',
			'fifth-procuratorial': 'utf-8-bom',
			'sixth-procuratorial': 'utf-16le-bom',
			'eighth-procuratorial': 'gbk',
			'political-department': 'utf-8',
			'general-office': 'utf-8-bom',
			'static/templates/pacesetter-template-zh.csv': 'utf-8-bom',
			'static/templates/pacesetter-template-en.csv': 'utf-8-bom'
		});
		for (const file of outputs) {
			const bytes = readFileSync(path.join(ROOT, file.path));
			expect(expected[file.encoding](bytes), `${file.path} is ${file.encoding}`).toBe(true);
		}
	});

	it('ends every line with CRLF', () => {
		for (const file of outputs) {
			const text =
				file.encoding === 'utf-16le-bom'
					? file.bytes.toString('utf16le')
					: file.bytes.toString('latin1');
			expect(text.endsWith('\r\n'), file.path).toBe(true);
			expect(/[^\r]\n/.test(text), file.path).toBe(false);
		}
	});

	it('keeps counts whole, pairs within their totals and members plausible', () => {
		for (const s of samples) expect(invariantViolations(s.columns), s.branch.slug).toEqual([]);
	});

	it('reproduces the seed figures for the First Procuratorial Department', () => {
		const first = samples.find((s) => s.branch.slug === 'first-procuratorial')!;
		const f = seedFigures(first.columns);
		expect(seedFigureViolations(f)).toEqual([]);
		expect(f.secretaryLectures).toBe(5);
		expect((f.leaderCaseShare2019 * 100).toFixed(1)).toBe('29.6');
		expect(f.guidanceVisits).toBeGreaterThanOrEqual(71);
		expect(f.guidanceVisits).toBeLessThanOrEqual(79);
		expect(f.researchReports).toBe(19);
		expect(f.majorCasesGuided).toBe(46);
		expect(f.lecturesGiven).toBeGreaterThanOrEqual(9);
		expect(f.problemsFound).toBe(12);
		expect(f.measuresProposed).toBe(20);
		expect(f.honours).toBe(3);
		expect(f.typicalCases).toBe(8);
		expect(f.minStudySessions).toBeGreaterThanOrEqual(4);
	});

	it('leaves 2020-02 and 2020-03 unreported for the Fifth Procuratorial Department', () => {
		const fifth = samples.find((s) => s.branch.slug === 'fifth-procuratorial')!;
		const text = outputs.find((f) => f.slug === 'fifth-procuratorial')!.bytes.toString('utf8');
		expect(text).toContain('2020/2/1,未填报');
		expect(fifth.columns.members[13]).toBeNull();
		expect(fifth.columns.members[14]).toBeNull();
	});
});
