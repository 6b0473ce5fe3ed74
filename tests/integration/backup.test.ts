/**
 * The restore drill README describes, on the store the tests run on (SQLite, or PostgreSQL under
 * `tests/pg.sh`): import, back up while another connection is open, restore into a new empty
 * database, and `summary` answers the same; a restore into a database holding data is refused.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSampleFiles } from '../../src/cli/samples';
import { openStore } from '../../src/lib/server/app';
import { dbArgs, testDialect } from '../../src/lib/server/test-fixtures';

const root = join(import.meta.dirname, '../..');
let dir: string;
const databases: string[] = [];

function cli(...args: string[]) {
	const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
		cwd: root,
		encoding: 'utf8',
		env: { ...process.env, NODE_NO_WARNINGS: '1' }
	});
	return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A new empty database: a SQLite path, or a database created on the test cluster. */
async function newDatabase(name: string): Promise<string> {
	if (testDialect() === 'sqlite') return join(dir, `${name}.db`);
	const admin = process.env.PACESETTER_TEST_DATABASE_URL!;
	const db = `drill_${name}_${process.pid}`;
	const client = new pg.Client({ connectionString: admin });
	await client.connect();
	try {
		await client.query(`create database ${db}`);
	} finally {
		await client.end();
	}
	databases.push(db);
	const url = new URL(admin);
	url.pathname = `/${db}`;
	return url.toString();
}

beforeAll(() => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-backup-'));
});
afterAll(async () => {
	rmSync(dir, { recursive: true, force: true });
	if (!databases.length) return;
	const client = new pg.Client({ connectionString: process.env.PACESETTER_TEST_DATABASE_URL });
	await client.connect();
	try {
		for (const db of databases) await client.query(`drop database if exists ${db}`);
	} finally {
		await client.end();
	}
});

describe('backup and restore-backup', () => {
	it('restores a backup taken while the store is open into a new database: summary identical', async () => {
		const source = await newDatabase('source');
		const files = listSampleFiles().slice(0, 3);
		expect(cli('import', ...dbArgs(source), ...files).code).toBe(0);
		expect(cli('revert', '2', ...dbArgs(source)).code).toBe(0);
		const out = join(dir, testDialect() === 'sqlite' ? 'backup.db' : 'backup.dump');
		// A server's connection stays open during the backup.
		const server = await openStore({ dbPath: source });
		try {
			const b = cli('backup', '--out', out, ...dbArgs(source));
			expect(b.code, b.stderr).toBe(0);
			expect(b.stderr).toContain('3 imports');
		} finally {
			await server.close();
		}

		const target = await newDatabase('target');
		const r = cli('restore-backup', out, ...dbArgs(target));
		expect(r.code, r.stderr).toBe(0);
		expect(r.stderr).toContain('3 imports');

		const summary = (location: string) =>
			cli('summary', '--from', '2019-01', '--to', '2021-12', '--json', ...dbArgs(location));
		const before = summary(source);
		expect(before.code).toBe(0);
		expect(JSON.parse(before.stdout).branches.length).toBeGreaterThan(0);
		expect(summary(target).stdout).toBe(before.stdout);
		const history = (location: string) => cli('imports', '--json', ...dbArgs(location)).stdout;
		expect(history(target)).toBe(history(source));

		// Not over a database that holds data.
		const again = cli('restore-backup', out, ...dbArgs(target));
		expect(again.code).toBe(2);
		expect(again.stderr).toMatch(/only restores into an empty database/);
	}, 120_000);

	it('says what to do when the backup file is missing', () => {
		const r = cli('restore-backup', join(dir, 'nothing.dump'), ...dbArgs(join(dir, 'x.db')));
		expect(r.code).toBe(2);
		expect(r.stderr).toMatch(/no such backup file: .*nothing\.dump/);
	});
});
