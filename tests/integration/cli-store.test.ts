/**
 * The CLI's care for the database, on temp files: demo-db replaces only an unused demo database,
 * restore, the history's pages, a --db folder that must exist, and two writers at once (a CLI
 * process and another connection: they wait; a lock held past the busy timeout exits 3, "try
 * again"). Commands run in-process through `main` (a process start costs seconds on a loaded
 * machine) except the concurrent import, which is a real second process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main';
import { listSampleFiles } from '../../src/cli/samples';
import { isDemo, openStore } from '../../src/lib/server/app';

const root = join(import.meta.dirname, '../..');
let dir: string;

const args = (a: string[]) => ['--import', 'tsx', 'src/cli/main.ts', ...a];

/** One CLI command run through `main`, its stdout and stderr captured. */
async function cli(a: string[], extraEnv: Record<string, string> = {}) {
	vi.stubEnv('PACESETTER_DB', extraEnv.PACESETTER_DB ?? '');
	let stdout = '';
	let stderr = '';
	const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
		stdout += String(chunk);
		return true;
	});
	const err = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
		stderr += parts.map(String).join(' ') + '\n';
	});
	try {
		return { code: await main(a), stdout, stderr };
	} finally {
		out.mockRestore();
		err.mockRestore();
		vi.unstubAllEnvs();
	}
}

function cliAsync(a: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((done) => {
		const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
		delete env.PACESETTER_DB;
		const child = spawn(process.execPath, args(a), { cwd: root, env });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
		child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
		child.on('close', (code) => done({ code, stdout, stderr }));
	});
}

interface Listed {
	total: number;
	imports: { id: number; status: string; revertedAt: string | null; restoredAt: string | null }[];
}
const listed = async (db: string, ...more: string[]) =>
	JSON.parse((await cli(['imports', '--json', '--db', db, ...more])).stdout) as Listed;

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-cli-store-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe('demo-db', () => {
	it('refuses a database holding real data, by --db or PACESETTER_DB, and leaves it whole', async () => {
		const real = join(dir, 'real.db');
		expect((await cli(['import', '--db', real, listSampleFiles()[0]])).code).toBe(0);
		const before = readFileSync(real);
		for (const r of [
			await cli(['demo-db', '--db', real]),
			await cli(['demo-db'], { PACESETTER_DB: real })
		]) {
			expect(r.code).toBe(2);
			expect(r.stderr).toContain('holds real data');
			expect(r.stderr).toContain(real);
		}
		expect(readFileSync(real).equals(before)).toBe(true);
		expect((await listed(real)).total).toBe(1);
	});

	it('refuses a file that is not a database', async () => {
		const text = join(dir, 'notes.db');
		writeFileSync(text, 'not a database at all, but somebody’s notes\n');
		const r = await cli(['demo-db', '--db', text]);
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/demo-db: .*notes\.db/);
		expect(readFileSync(text, 'utf8')).toBe('not a database at all, but somebody’s notes\n');
	});

	it('creates a missing one, replaces its own, and refuses while a server has it open', async () => {
		const demo = join(dir, 'sub', 'demo.db');
		expect((await cli(['demo-db', '--db', demo])).code).toBe(0);
		const store = await openStore({ dbPath: demo });
		try {
			expect(await isDemo(store)).toBe(true);
		} finally {
			await store.close();
		}
		expect((await listed(demo)).total).toBe(8);
		expect((await cli(['revert', '1', '--db', demo])).code).toBe(0);

		// Open, as a running server holds it: refused, and the server's database stays as it was.
		const server = await openStore({ dbPath: demo });
		try {
			const r = await cli(['demo-db', '--db', demo]);
			expect(r.code).toBe(2);
			expect(r.stderr).toContain('in use');
			expect((await listed(demo)).imports.at(-1)?.status).toBe('reverted');
		} finally {
			await server.close();
		}

		// Closed: replaced by a fresh demo database, nothing left beside it.
		expect((await cli(['demo-db', '--db', demo])).code).toBe(0);
		const fresh = await listed(demo);
		expect(fresh.total).toBe(8);
		expect(fresh.imports.every((i) => i.status === 'applied')).toBe(true);
		expect(existsSync(`${demo}.building-${process.pid}`)).toBe(false);
	});

	it('npm run demo builds and serves data/demo.db whatever PACESETTER_DB or PACESETTER_DATABASE_URL say', async () => {
		const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
			scripts: Record<string, string>;
		};
		const steps = pkg.scripts.demo.split('&&').map((s) => s.trim());
		const build = steps.find((s) => s.includes('demo-db'));
		const start = steps.find((s) => s.endsWith('npm start'));
		expect(build).toMatch(/ demo-db --db data\/demo\.db$/);
		expect(start).toBe('PACESETTER_DATABASE_URL= PACESETTER_DB=data/demo.db npm start');
	});
});

describe('restore and the history', () => {
	it('restores a reverted import and pages the history', async () => {
		const db = join(dir, 'restore.db');
		const fix = join(dir, 'fix.csv');
		writeFileSync(fix, '支部名称,月份,主题党日\r\n第一检察部党支部,2021-01,17\r\n');
		expect((await cli(['import', '--db', db, ...listSampleFiles().slice(0, 2), fix])).code).toBe(0);
		expect((await cli(['revert', '3', '--db', db])).code).toBe(0);
		const r = await cli(['restore', '3', '--json', '--db', db]);
		expect(r.code).toBe(0);
		expect(JSON.parse(r.stdout)).toEqual({ importId: 3, current: 1, superseded: 0 });
		const summary = JSON.parse(
			(await cli(['summary', '--from', '2021-01', '--to', '2021-01', '--json', '--db', db])).stdout
		) as { branches: { slug: string; metrics: Record<string, { value: number }> }[] };
		const first = summary.branches.find((b) => b.slug === 'first-procuratorial')!;
		expect(first.metrics.party_days.value).toBe(17);

		const page = await listed(db, '--limit', '1', '--offset', '1');
		expect(page.total).toBe(3);
		expect(page.imports.map((i) => i.id)).toEqual([2]);
		const [three] = (await listed(db, '--limit', '1')).imports;
		expect(three).toMatchObject({ id: 3, status: 'applied' });
		expect(three.revertedAt).toEqual(expect.any(String));
		expect(three.restoredAt).toEqual(expect.any(String));
		expect((await cli(['imports', '--db', db, '--lang', 'en'])).stdout).toMatch(
			/^#3\t\S+\trestored /m
		);

		for (const bad of [['restore', '99'], ['restore'], ['imports', '--limit', '0']]) {
			const u = await cli([...bad, '--db', db]);
			expect(u.code).toBe(2);
			expect(u.stdout).toBe('');
		}
	});
});

describe('--db', () => {
	it('is a usage error when its folder does not exist, for every command but demo-db', async () => {
		const missing = join(dir, 'no-such-folder', 'p.db');
		for (const a of [
			['imports'],
			['import', listSampleFiles()[0]],
			['revert', '1'],
			['restore', '1'],
			['summary', '--from', '2020-01', '--to', '2020-12']
		]) {
			const r = await cli([...a, '--db', missing]);
			expect(r.code).toBe(2);
			expect(r.stderr).toContain('no such folder');
		}
		const fromEnv = await cli(['imports'], { PACESETTER_DB: missing });
		expect(fromEnv.code).toBe(2);
		expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
	});
});

describe('two writers at once', () => {
	it('a CLI import process and another importer both succeed, in every one of 3 trials', async () => {
		const files = listSampleFiles();
		for (let trial = 0; trial < 3; trial++) {
			const db = join(dir, `both-${trial}.db`);
			expect((await cli(['imports', '--db', db])).code).toBe(0);
			const [one, two] = await Promise.all([
				cliAsync(['import', '--db', db, ...files.slice(0, 4)]),
				// Started while the process is still starting up, then both write in turns.
				new Promise((r) => setTimeout(r, 200 * trial)).then(() =>
					cli(['import', '--db', db, ...files.slice(4)])
				)
			]);
			expect([one.code, two.code], one.stderr + two.stderr).toEqual([0, 0]);
			expect((await listed(db)).total).toBe(8);
		}
	}, 300_000);

	it('exits 3 with "database busy" when another writer holds the lock past the busy timeout', async () => {
		const db = join(dir, 'busy.db');
		expect((await cli(['imports', '--db', db])).code).toBe(0);
		const other = new SQLite(db);
		other.exec('begin immediate');
		let r;
		const started = Date.now();
		try {
			r = await cli(['import', '--db', db, '--lang', 'en', listSampleFiles()[0]]);
		} finally {
			other.exec('rollback');
			other.close();
		}
		expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
		expect(r.code).toBe(3);
		expect(r.stderr).toMatch(/database busy.*Try again/);
		expect((await listed(db)).total).toBe(0);
	}, 30_000);
});
