/**
 * The CLI contract, end to end on a real database file: the samples reproduce every seed figure
 * of DOMAIN.md, a second import changes nothing, a rejected file changes nothing, revert restores.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSampleFiles } from '../../src/cli/samples';
import { monthsIn } from '../../src/lib/domain/periods';
import { openDb } from '../../src/lib/server/db';
import { currentSnapshot } from '../../src/lib/server/current-series';
import { isDemo } from '../../src/lib/server/app';
import { dbArgs, testDbLocation, testDialect } from '../../src/lib/server/test-fixtures';

const root = join(import.meta.dirname, '../..');
let dir: string;
let db: string;

function cli(...args: string[]) {
	const r = spawnSync(
		process.execPath,
		['--import', 'tsx', 'src/cli/main.ts', ...args, ...dbArgs(db)],
		{
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env, NODE_NO_WARNINGS: '1' }
		}
	);
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json<T>(r: { stdout: string; stderr: string; code: number | null }): T {
	try {
		return JSON.parse(r.stdout) as T;
	} catch {
		throw new Error(`not JSON (exit ${r.code}): ${r.stdout}\n${r.stderr}`);
	}
}

interface FileOut {
	file: string;
	status: string;
	encoding: string;
	new: number;
	replaced: number;
	unchanged: number;
	importId: number | null;
	identicalTo: { importId: number; importedAt: string } | null;
	errors: {
		code: string;
		row: number | null;
		column: string | null;
		value: string | null;
		message: string;
	}[];
}

interface Summary {
	branches: {
		slug: string;
		metrics: Record<string, { value: number | null; reported: number; months: number }>;
	}[];
}

function first(from: string, to: string) {
	const s = json<Summary>(cli('summary', '--from', from, '--to', to, '--json'));
	return s.branches.find((b) => b.slug === 'first-procuratorial')!.metrics;
}

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-cli-'));
	db = testDbLocation(join(dir, 'test.db'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI over the sample exports', () => {
	it('imports the 8 samples, each applied with no errors', () => {
		const r = cli('import', '--json', ...listSampleFiles());
		expect(r.code).toBe(0);
		const { files } = json<{ files: FileOut[] }>(r);
		expect(files).toHaveLength(8);
		for (const f of files) {
			expect(f.errors, f.file).toEqual([]);
			expect(f.status, f.file).toBe('applied');
			expect(f.new, f.file).toBeGreaterThan(0);
		}
	});

	it('reproduces every seed figure of the First Procuratorial Department', () => {
		const since = first('2019-06', '2020-06');
		expect(since.secretary_lectures.value).toBe(5);
		expect(since.problems_found.value).toBe(12);
		expect(since.measures_proposed.value).toBe(20);

		const y2019 = first('2019-01', '2019-12');
		expect(Math.round(y2019.leader_case_share.value! * 1000) / 10).toBe(29.6);
		expect(y2019.leader_case_share).toMatchObject({ reported: 12, months: 12 });

		const h1 = first('2020-01', '2020-06');
		expect(h1.guidance_visits.value).toBeGreaterThanOrEqual(71);
		expect(h1.guidance_visits.value).toBeLessThanOrEqual(79);
		expect(h1.research_reports.value).toBe(19);
		expect(h1.major_cases_guided.value).toBe(46);
		expect(h1.lectures_given.value).toBeGreaterThanOrEqual(9);

		const programme = first('2019-01', '2020-06');
		expect(programme.honours.value).toBe(3);
		expect(programme.typical_cases.value).toBe(8);
	});

	it('has collective study at least 4 times in every month', async () => {
		const store = await openDb(db);
		try {
			const period = { from: '2019-01', to: '2021-12' };
			const study = (await currentSnapshot(store.db)).series
				.get('first-procuratorial')!
				.get('study_sessions')!;
			for (const month of monthsIn(period))
				expect(study.get(month), month).toBeGreaterThanOrEqual(4);
		} finally {
			await store.close();
		}
	});

	it('reports every file unchanged on a second import, naming the identical import', () => {
		const r = cli('import', '--json', ...listSampleFiles());
		expect(r.code).toBe(0);
		for (const f of json<{ files: FileOut[] }>(r).files) {
			expect(f).toMatchObject({ status: 'unchanged', new: 0, replaced: 0, importId: null });
			expect(f.identicalTo?.importId).toBeTypeOf('number');
		}
		expect(json<{ imports: unknown[] }>(cli('imports', '--json')).imports).toHaveLength(8);
	});

	it('rejects a file with a bad cell, names row, column and value, and changes nothing', () => {
		const before = cli('summary', '--from', '2019-01', '--to', '2021-12', '--json').stdout;
		const bad = join(dir, 'bad.csv');
		writeFileSync(
			bad,
			'\uFEFF支部名称,月份,主题党日（次）,集体学习（次）\r\n第一检察部党支部,2021-01,9,abc\r\n'
		);
		const r = cli('import', '--json', bad);
		expect(r.code).toBe(1);
		const [f] = json<{ files: FileOut[] }>(r).files;
		expect(f.status).toBe('rejected');
		expect(f.errors[0]).toMatchObject({ row: 2, column: '集体学习（次）', value: 'abc' });
		expect(f.errors[0].message).toContain('abc');
		expect(cli('summary', '--from', '2019-01', '--to', '2021-12', '--json').stdout).toBe(before);
	});

	it('replaces a value with a corrected file and restores it on revert', () => {
		const fix = join(dir, 'fix.csv');
		writeFileSync(fix, '支部名称,月份,主题党日\r\n第一检察部党支部,2021-01,17\r\n');
		const before = first('2021-01', '2021-01').party_days.value;
		const r = json<{ files: FileOut[] }>(cli('import', '--json', fix));
		expect(r.files[0]).toMatchObject({ status: 'applied', replaced: 1, new: 0 });
		expect(first('2021-01', '2021-01').party_days.value).toBe(17);
		const reverted = json<{ importId: number; restored: number }>(
			cli('revert', String(r.files[0].importId), '--json')
		);
		expect(reverted).toMatchObject({ importId: r.files[0].importId, restored: 1 });
		expect(first('2021-01', '2021-01').party_days.value).toBe(before);
	});

	it('exits 2 on usage errors and unknown slugs, with nothing on stdout', () => {
		const cases = [
			cli('summary', '--from', '2019-13', '--to', '2019-12'),
			cli('import', '--branch', 'no-such-branch', listSampleFiles()[0]),
			cli('frobnicate'),
			cli('revert', 'x')
		];
		for (const r of cases) {
			expect(r.code).toBe(2);
			expect(r.stdout).toBe('');
		}
	});

	it('prints a readable table without --json', () => {
		const r = cli('summary', '--from', '2019-01', '--to', '2019-12', '--lang', 'en');
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('Share of cases handled by leaders');
		expect(r.stdout).toContain('29.6%');
		// 政治部 reported 0 cases: its case share is not applicable (n/a), not "not reported" (—).
		const line = r.stdout.split('\n').find((l) => l.startsWith('Share of cases handled'))!;
		const cells = line.trim().split(/\s{2,}/);
		const heads = r.stdout
			.split('\n')
			.find((l) => l.startsWith('metric'))!
			.trim()
			.split(/\s{2,}/);
		expect(cells[heads.indexOf('political-department')]).toBe('n/a');
		expect(r.stdout).toMatch(/n\/a not applicable/);
	});
});

describe('demo-db on PostgreSQL', () => {
	// A PostgreSQL database is named by --database-url only; on SQLite demo-db's own tests
	// (cli-store.test.ts) cover the file it builds and replaces.
	it.runIf(testDialect() === 'postgres')(
		'fills an empty database or schema, and never one that holds tables',
		async () => {
			const location = testDbLocation();
			const demo = (...args: string[]) =>
				spawnSync(
					process.execPath,
					['--import', 'tsx', 'src/cli/main.ts', 'demo-db', '--database-url', location, ...args],
					{ cwd: root, encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } }
				);
			expect(demo().status).toBe(0);
			const imports = async () => {
				const store = await openDb(location);
				try {
					return {
						demo: await isDemo(store),
						imports: (await store.db.selectFrom('imports').select('id').execute()).length
					};
				} finally {
					await store.close();
				}
			};
			expect(await imports()).toEqual({ demo: true, imports: 8 });
			const again = demo();
			expect(again.status).toBe(2);
			expect(again.stderr).toMatch(/already holds tables/);
			expect(again.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
			expect(await imports()).toEqual({ demo: true, imports: 8 });
		}
	);
});
