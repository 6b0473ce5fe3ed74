/**
 * `pending --month` on the demo database names the right branches: the demo's cycle for 2021-12 has
 * five accepted, one pending review, one sent back (eighth) and one not reported (general office).
 * stdout is the result only (parsed as JSON); logs go to stderr. `summary` carries on-time rates.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
let dir: string;
let db: string;

function cli(...args: string[]) {
	const r = spawnSync(
		process.execPath,
		['--import', 'tsx', 'src/cli/main.ts', ...args, '--db', db],
		{
			cwd: root,
			encoding: 'utf8',
			env: { ...process.env, NODE_NO_WARNINGS: '1' }
		}
	);
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-pending-'));
	db = join(dir, 'demo.db');
	expect(cli('demo-db').code).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pending --month on the demo database', () => {
	it('names the branch sent back and the one not reported, with their reminders (JSON)', () => {
		const r = cli('pending', '--month', '2021-12', '--json');
		expect(r.code).toBe(0);
		const out = JSON.parse(r.stdout) as {
			deadline: string;
			line: string;
			completeness: { accepted: number; pending: number; returned: number; missing: number };
			branches: { slug: string; state: string; lateDays: number; reminder: string }[];
		};
		expect(out.deadline).toBe('2022-01-05');
		expect(out.completeness).toMatchObject({ accepted: 5, pending: 1, returned: 1, missing: 1 });
		expect(out.branches.map((b) => [b.slug, b.state])).toEqual([
			['eighth-procuratorial', 'returned'],
			['general-office', 'missing']
		]);
		expect(out.line).toBe(
			'2021-12：已采用 5/8，待审核 1，已退回 1（第八检察部），未报送 1（办公室）'
		);
		const office = out.branches[1];
		expect(office.lateDays).toBe(3);
		expect(office.reminder).toContain('办公室党支部');
		expect(office.reminder).toContain('2021年12月');
		expect(office.reminder).toContain('2022-01-05');
	});

	it('prints the line and the reminders as text, and refuses a bad month', () => {
		const r = cli('pending', '--month', '2021-12', '--lang', 'en');
		expect(r.stdout.split('\n')[0]).toBe(
			'2021-12: accepted 5/8, pending review 1, sent back 1 (Eighth Procuratorial Department), not reported 1 (General Office)'
		);
		expect(cli('pending', '--month', '2021-13').code).toBe(2);
	});

	it('summary --json gives each branch its on-time rate', () => {
		const r = cli('summary', '--from', '2021-01', '--to', '2021-12', '--json');
		const out = JSON.parse(r.stdout) as {
			branches: { slug: string; onTime: { onTime: number; due: number } }[];
		};
		const rate = (slug: string) => out.branches.find((b) => b.slug === slug)!.onTime;
		// The cycle starts 2021-11 (the committee entered it on time); 2021-12 as in the demo.
		expect(rate('first-procuratorial')).toMatchObject({ onTime: 2, due: 2 });
		expect(rate('fifth-procuratorial')).toMatchObject({ onTime: 1, due: 2 });
		expect(rate('general-office')).toMatchObject({ onTime: 1, due: 2 });
	});
});
