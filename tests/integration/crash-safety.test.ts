/**
 * Crash safety: a process importing a large file is killed with SIGKILL while it writes. On reopen
 * the database passes `PRAGMA integrity_check` and holds either the whole import or none of it
 * (imports, imported cells and current values agree), and takes the next import normally.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provinceExport, syntheticBranches } from '../../bench/lib/province';
import { BranchRegistry } from '../../src/lib/domain/branches';
import { runPipeline } from '../../src/lib/import/pipeline';
import { loadRegistry, syncBranches } from '../../src/lib/server/branches';
import { openDb } from '../../src/lib/server/db';
import { applyImport } from '../../src/lib/server/imports';
import { ROOT, storeState, type StoreState } from './store-state';

/** 150 branches × 60 months × 22 metrics ≈ 200,000 cells: seconds of writing to interrupt. */
const BRANCHES = syntheticBranches(150);
const WAL_BYTES_BEFORE_KILL = 4 * 1024 * 1024;

let dir: string;
let dbPath: string;
let before: StoreState;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-crash-'));
	dbPath = join(dir, 'crash.db');
	writeFileSync(join(dir, 'big.csv'), provinceExport(BRANCHES, 60, '2019-01', 11));
	const store = await openDb(dbPath);
	await syncBranches(store.db, BRANCHES);
	// Earlier data (other values for the first branches' first year) the crash must not damage.
	const earlier = provinceExport(BRANCHES.slice(0, 5), 12, '2019-01', 3);
	const parsed = runPipeline(earlier, new BranchRegistry(BRANCHES), { fileName: 'earlier.csv' });
	expect((await applyImport(store.db, parsed, { by: 'test' })).status).toBe('applied');
	before = storeState(store);
	await store.close();
});

afterAll(() => {
	if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Run the child; once it says it is writing, SIGKILL it as soon as the uncommitted transaction has
 * spilled pages into the write-ahead log (so recovery has something to throw away).
 */
function importAndKill(): Promise<{ cells: number; lines: string[]; signal: string | null }> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--import', 'tsx', 'tests/integration/crash-import-child.ts', dbPath, join(dir, 'big.csv')],
			{ cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
		);
		const lines: string[] = [];
		let cells = 0;
		let timer: NodeJS.Timeout | undefined;
		createInterface({ input: child.stdout }).on('line', (line) => {
			lines.push(line);
			if (line.startsWith('parsed ')) cells = Number(line.slice(7));
			if (line === 'writing')
				timer = setInterval(() => {
					const wal = statSync(`${dbPath}-wal`, { throwIfNoEntry: false });
					if ((wal?.size ?? 0) >= WAL_BYTES_BEFORE_KILL) child.kill('SIGKILL');
				}, 10);
		});
		child.on('error', reject);
		child.on('exit', (_code, signal) => {
			clearInterval(timer);
			resolve({ cells, lines, signal });
		});
	});
}

describe('crash safety', () => {
	it('kill -9 during an import: integrity ok, the whole import or none of it', async () => {
		const run = await importAndKill();
		expect(run.lines).toContain('writing');
		expect(run.cells).toBe(150 * 60 * 22);
		// Killed mid-write: the transaction had put pages in the write-ahead log, and never finished.
		expect(run.signal).toBe('SIGKILL');
		expect(run.lines.some((l) => l.startsWith('done'))).toBe(false);
		expect(statSync(`${dbPath}-wal`).size).toBeGreaterThanOrEqual(WAL_BYTES_BEFORE_KILL);

		const store = await openDb(dbPath);
		try {
			expect(store.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
			expect(store.sqlite!.pragma('foreign_key_check')).toEqual([]);
			const after = storeState(store);
			if (run.signal === 'SIGKILL' && after.imports === before.imports) {
				// None of it: not a row of the killed import anywhere.
				expect(after).toEqual(before);
			} else {
				// All of it (the import committed before the kill landed).
				const id = (
					store.sqlite!.prepare('select max(id) as id from imports').get() as { id: number }
				).id;
				const count = (sql: string) => (store.sqlite!.prepare(sql).get(id) as { n: number }).n;
				expect(after.imports).toBe(before.imports + 1);
				expect(count('select cells as n from imports where id = ?')).toBe(run.cells);
				expect(count('select count(*) as n from import_cells where import_id = ?')).toBe(run.cells);
				expect(count('select count(*) as n from current_values where import_id = ?')).toBe(
					run.cells
				);
			}
			// The store works on: the next import applies normally.
			const registry = await loadRegistry(store.db);
			const next = runPipeline(provinceExport(BRANCHES.slice(0, 2), 3, '2024-01'), registry, {
				fileName: 'next.csv',
				today: new Date('2025-01-01')
			});
			const o = await applyImport(store.db, next, { by: 'test' });
			expect(o.status).toBe('applied');
			expect(o.new).toBe(2 * 3 * 22);
		} finally {
			await store.close();
		}
	}, 120_000);
});
