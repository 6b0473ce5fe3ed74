/**
 * Fuzzing the import end to end: damaged real exports and random bytes through runPipeline and
 * applyImport on a real SQLite file. Always an outcome or clean errors; never an exception (nor the
 * pipeline's caught `internal_error`); never a partial write. `FUZZ_RUNS=20000` runs more (with a
 * random seed, printed on failure); CI runs a fixed seed.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSampleFiles } from '../../src/cli/samples';
import { runPipeline } from '../../src/lib/import/pipeline';
import type { ParsedFile } from '../../src/lib/import/types';
import { applyImport, type ImportOutcome } from '../../src/lib/server/imports';
import { mutate, mutation } from './mutations';
import { importedCells, tempStore, totalChanges, type TempStore } from './store-state';

const RUNS = Number(process.env.FUZZ_RUNS ?? 0);
// A fixed seed in CI (a red build is a real finding, reproducible); FUZZ_RUNS picks a fresh one.
const params = (ciRuns: number): fc.Parameters<unknown> =>
	RUNS > 0 ? { numRuns: RUNS } : { numRuns: ciRuns, seed: 20261125 };

const samples = listSampleFiles().map((f) => ({ name: basename(f), bytes: readFileSync(f) }));
let t: TempStore;

beforeAll(async () => {
	t = await tempStore('pacesetter-fuzz-');
	for (const s of samples) {
		const o = await applyImport(
			t.store.db,
			runPipeline(s.bytes, t.registry, { fileName: s.name }),
			{
				by: 'fuzz'
			}
		);
		expect(o.status).toBe('applied');
	}
});

afterAll(async () => {
	await t?.dispose();
});

/** Import `bytes` and check the outcome against what the database holds before and after. */
const count = (table: 'imports' | 'observations') =>
	table === 'observations'
		? importedCells(t.store)
		: (t.store.sqlite!.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

async function importChecked(bytes: Uint8Array, fileName: string): Promise<ImportOutcome> {
	const changes = totalChanges(t.store);
	const before = { imports: count('imports'), observations: count('observations') };
	// A throw fails the property (fast-check reports the shrunk input).
	const parsed: ParsedFile = runPipeline(bytes, t.registry, { fileName });
	expect(parsed.errors.filter((e) => e.code === 'internal_error')).toEqual([]);
	if (parsed.errors.length > 0) expect(parsed.cells).toEqual([]);
	const outcome = await applyImport(t.store.db, parsed, { by: 'fuzz' });
	const after = { imports: count('imports'), observations: count('observations') };

	if (outcome.status === 'rejected' || outcome.status === 'unchanged') {
		if (outcome.status === 'rejected') expect(parsed.errors.length).toBeGreaterThan(0);
		expect(outcome.importId).toBeNull();
		// Not a single row inserted, updated or deleted.
		expect(totalChanges(t.store)).toBe(changes);
	} else {
		expect(outcome.status).toBe('applied');
		expect(outcome.new + outcome.replaced + outcome.unchanged).toBe(parsed.cells.length);
		expect(after.imports).toBe(before.imports + 1);
		expect(after.observations).toBe(before.observations + parsed.cells.length);
		// Every cell of the file is now current, with the file's value.
		const current = t.store.sqlite!.prepare(
			'select value, import_id from current_values where branch = ? and month = ? and metric = ?'
		);
		for (const c of parsed.cells) {
			expect(current.get(c.branch, c.month, c.metric)).toEqual({
				value: c.value,
				import_id: outcome.importId
			});
		}
	}
	return outcome;
}

describe('import fuzzing', () => {
	it('mutated real exports: an outcome or clean errors, never a partial write', async () => {
		const statuses = new Map<string, number>();
		await fc.assert(
			fc.asyncProperty(
				fc.nat({ max: samples.length - 1 }),
				fc.array(mutation, { minLength: 1, maxLength: 4 }),
				async (which, mutations) => {
					const s = samples[which];
					const bytes = mutations.reduce(mutate, new Uint8Array(s.bytes));
					const o = await importChecked(bytes, s.name);
					statuses.set(o.status, (statuses.get(o.status) ?? 0) + 1);
				}
			),
			params(2000)
		);
		// The mutations reach every path: rejected, unchanged and applied files.
		expect([...statuses.keys()].sort()).toEqual(['applied', 'rejected', 'unchanged']);
	}, 300_000);

	it('random bytes and random text: never an exception, never a write', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.oneof(
					fc.uint8Array({ maxLength: 4096 }),
					fc
						.string({ maxLength: 2000, unit: 'binary' })
						.map((s) => Uint8Array.from(Buffer.from(s, 'utf8'))),
					fc
						.array(
							fc.array(
								fc.constantFrom('支部', '月份', '党员人数', '2020-01', '1', '', '"', '第一检察部'),
								{
									maxLength: 6
								}
							),
							{ maxLength: 12 }
						)
						.map((rows) => Uint8Array.from(Buffer.from(rows.map((r) => r.join(',')).join('\n'))))
				),
				fc.constantFrom('export.csv', '第一检察部党支部.csv', 'data.txt'),
				async (bytes, name) => {
					const o = await importChecked(bytes, name);
					expect(['rejected', 'unchanged', 'applied']).toContain(o.status);
				}
			),
			params(1000)
		);
	}, 300_000);
});
