/**
 * The bad-file corpus (tests/fixtures/bad/, one file per problem): each file is rejected with its
 * specific problem (code, row, column, value), that problem has a message in zh and en, and the
 * database is left exactly as it was.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSampleFiles } from '../../src/cli/samples';
import { problemMessage } from '../../src/lib/import/messages';
import { runPipeline } from '../../src/lib/import/pipeline';
import type { ProblemCode } from '../../src/lib/import/types';
import { applyImport } from '../../src/lib/server/imports';
import { ROOT, storeState, tempStore, type TempStore } from './store-state';

interface Expectation {
	problem: string;
	code: ProblemCode;
	row?: number | null;
	column?: string | null;
	value?: string | null;
	/** Other error codes the same file may also raise (e.g. what an unclosed quote swallowed). */
	also?: ProblemCode[];
}

const DIR = join(ROOT, 'tests/fixtures/bad');
const expectations = JSON.parse(readFileSync(join(DIR, 'expectations.json'), 'utf8')) as Record<
	string,
	Expectation
>;

let t: TempStore;

beforeAll(async () => {
	t = await tempStore();
	// Existing data the bad files must not disturb.
	const [sample] = listSampleFiles();
	const parsed = runPipeline(readFileSync(sample), t.registry, { fileName: basename(sample) });
	const o = await applyImport(t.store.db, parsed, { by: 'test' });
	expect(o.status).toBe('applied');
});

afterAll(async () => {
	await t?.dispose();
});

describe('bad-file corpus', () => {
	it('has an expectation for every file and a file for every expectation', () => {
		const files = readdirSync(DIR).filter((f) => f.endsWith('.csv'));
		expect(files.sort()).toEqual(Object.keys(expectations).sort());
		expect(files.length).toBeGreaterThanOrEqual(25);
	});

	it.each(Object.entries(expectations))(
		'%s: rejected with its problem and message, nothing written',
		async (file, exp) => {
			const before = storeState(t.store);
			const parsed = runPipeline(readFileSync(join(DIR, file)), t.registry, { fileName: file });
			const outcome = await applyImport(t.store.db, parsed, { by: 'test' });

			expect(outcome.status, exp.problem).toBe('rejected');
			expect(outcome.importId).toBeNull();
			expect(parsed.cells).toEqual([]);
			const problem = outcome.errors.find((e) => e.code === exp.code);
			expect(problem, `${exp.code} among ${outcome.errors.map((e) => e.code)}`).toBeDefined();
			if (exp.row !== undefined) expect(problem!.row).toBe(exp.row);
			if (exp.column !== undefined) expect(problem!.column).toBe(exp.column);
			if (exp.value !== undefined) expect(problem!.value).toBe(exp.value);
			// Nothing unexpected: every error is the file's problem or a stated consequence of it.
			const allowed = new Set([exp.code, ...(exp.also ?? [])]);
			expect(outcome.errors.filter((e) => !allowed.has(e.code))).toEqual([]);

			for (const locale of ['zh-cn', 'en'] as const) {
				const { message } = problemMessage(problem!, locale);
				expect(message.trim().length).toBeGreaterThan(0);
				expect(message).not.toMatch(/undefined|\{\w+\}/);
				if (problem!.row !== null) expect(message).toContain(String(problem!.row));
			}
			expect(storeState(t.store)).toEqual(before);
		}
	);
});
