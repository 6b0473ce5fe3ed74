/**
 * The two further export forms (issue 12) through the real CLI on a temporary SQLite database:
 * ledger files (台账) and two-row headers, each in GBK, UTF-8 with BOM and UTF-16LE tab form,
 * import with the right totals; every quarterly column is refused by name.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/lib/server/db';

const root = join(import.meta.dirname, '../..');
const GOOD = join(root, 'tests/fixtures/good');
let dir: string;

function cli(db: string, ...args: string[]) {
	return cliWith({}, db, ...args);
}

function cliWith(env: Record<string, string>, db: string, ...args: string[]) {
	const r = spawnSync(
		process.execPath,
		['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', db],
		{
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env, NODE_NO_WARNINGS: '1', ...env }
		}
	);
	try {
		return { code: r.status, out: JSON.parse(r.stdout) };
	} catch {
		throw new Error(`not JSON (exit ${r.status}): ${r.stdout}\n${r.stderr}`);
	}
}

interface FileOut {
	file: string;
	status: string;
	encoding: string;
	new: number;
	errors: { code: string; row: number | null; column: string | null; message: string }[];
}
type Metrics = Record<string, { value: number | null; reported: number }>;

function summary(db: string, from: string, to: string): Record<string, Metrics> {
	const { out } = cli(db, 'summary', '--from', from, '--to', to, '--json');
	const bySlug: Record<string, Metrics> = {};
	for (const b of out.branches as { slug: string; metrics: Metrics }[]) bySlug[b.slug] = b.metrics;
	return bySlug;
}

const values = (metrics: Metrics, ids: string[]) =>
	Object.fromEntries(ids.map((id) => [id, metrics[id].value]));

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-forms-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
	['gbk', 'gb18030'],
	['utf8-bom', 'utf-8-bom'],
	['utf16le-tab', 'utf-16le']
])('the CLI imports both forms in %s', (form, encoding) => {
	it('with the right totals', { timeout: 240_000 }, () => {
		const db = join(dir, `${form}.db`);
		const files = ['ledger', 'ledger-months', 'two-row-header'].map((n) =>
			join(GOOD, `${n}-${form}.csv`)
		);
		const r = cli(db, 'import', ...files, '--json');
		expect(r.code).toBe(0);
		const out = r.out.files as FileOut[];
		expect(out.map((f) => [f.status, f.encoding, f.errors])).toEqual(
			files.map(() => ['applied', encoding, []])
		);
		expect(out.map((f) => f.new)).toEqual([9 * 6 - 1, 3 * 3, 6 * 6]);

		// One summary over all three files' months: each branch has data only in its own file.
		const all = summary(db, '2020-01', '2021-03');
		const h1 = all['fifth-procuratorial'];
		expect(
			values(h1, [
				'members',
				'general_meetings',
				'committee_meetings',
				'group_meetings',
				'secretary_lectures',
				'study_sessions',
				'cases_total',
				'cases_by_leaders',
				'heart_talks',
				'leader_case_share'
			])
		).toEqual({
			members: 22,
			general_meetings: 2,
			committee_meetings: 6,
			group_meetings: 7,
			secretary_lectures: 2,
			study_sessions: 25,
			cases_total: 180,
			cases_by_leaders: 54,
			heart_talks: 18,
			leader_case_share: 0.3
		});
		expect(h1.heart_talks.reported).toBe(5);

		const q1 = all['general-office'];
		expect(values(q1, ['party_days', 'dues_due', 'dues_paid'])).toEqual({
			party_days: 3,
			dues_due: 46,
			dues_paid: 45
		});

		const q3 = all;
		const ids = [
			'general_meetings',
			'committee_meetings',
			'group_meetings',
			'secretary_lectures',
			'cases_total',
			'cases_by_leaders'
		];
		expect(values(q3['sixth-procuratorial'], ids)).toEqual({
			general_meetings: 1,
			committee_meetings: 3,
			group_meetings: 4,
			secretary_lectures: 1,
			cases_total: 66,
			cases_by_leaders: 19
		});
		expect(values(q3['eighth-procuratorial'], ids)).toEqual({
			general_meetings: 1,
			committee_meetings: 3,
			group_meetings: 3,
			secretary_lectures: 1,
			cases_total: 42,
			cases_by_leaders: 12
		});
	});
});

it('keeps the source cell of every ledger value (row and month column)', async () => {
	const store = await openDb(join(dir, 'gbk.db'));
	try {
		const { rows } = await sql<{
			value: number;
			source_row: number;
			source_column: string;
			raw: string;
		}>`
			select value, source_row, source_column, raw from import_cells
			where metric = 'cases_total' and month = '2020-04'
		`.execute(store.db);
		expect(rows).toEqual([{ value: 35, source_row: 9, source_column: '2020年4月', raw: '35' }]);
	} finally {
		await store.close();
	}
});

it(
	'refuses every quarterly column by name, in every encoding, and writes nothing',
	{ timeout: 240_000 },
	() => {
		const rows = [
			['第一检察部党支部2020年台账', '', '', '', ''],
			['指标', '第一季度', '2020年4-6月', 'Q3', '2020年10月'],
			['集体学习', '12', '13', '12', '4']
		];
		const encodings: Record<string, Buffer> = {
			gbk: iconv.encode(rows.map((r) => r.join(',')).join('\r\n'), 'gbk'),
			bom: Buffer.from('\ufeff' + rows.map((r) => r.join(',')).join('\r\n'), 'utf8'),
			utf16: Buffer.concat([
				Buffer.from([0xff, 0xfe]),
				Buffer.from(rows.map((r) => r.join('\t')).join('\r\n'), 'utf16le')
			])
		};
		const db = join(dir, 'quarters.db');
		const files = Object.entries(encodings).map(([name, bytes]) => {
			const file = join(dir, `quarters-${name}.csv`);
			writeFileSync(file, bytes);
			return file;
		});
		const r = cli(db, 'import', ...files, '--json', '--lang', 'en');
		expect(r.code).toBe(1);
		for (const f of r.out.files as FileOut[]) {
			expect(f.status).toBe('rejected');
			expect(f.errors.map((e) => [e.code, e.row, e.column])).toEqual([
				['period_column', 2, '第一季度'],
				['period_column', 2, '2020年4-6月'],
				['period_column', 2, 'Q3']
			]);
			for (const e of f.errors) expect(e.message).toContain(`"${e.column}"`);
		}
		expect(cli(db, 'imports', '--json').out.imports).toEqual([]);
	}
);

it('takes the count ceiling from PACESETTER_MAX_COUNT', { timeout: 120_000 }, () => {
	const db = join(dir, 'ceiling.db');
	const r = cliWith(
		{ PACESETTER_MAX_COUNT: '25' },
		db,
		'import',
		join(GOOD, 'ledger-gbk.csv'),
		'--json'
	);
	expect(r.code).toBe(1);
	const [f] = r.out.files as FileOut[];
	expect(f.errors.map((e) => [e.code, e.row, e.column])).toEqual([
		['count_too_large', 9, '2020年1月'],
		['count_too_large', 9, '2020年3月'],
		['count_too_large', 9, '2020年4月'],
		['count_too_large', 9, '2020年5月'],
		['count_too_large', 9, '2020年6月']
	]);
});
