/**
 * One side of the import benchmark, run in its own process by bench/import.ts:
 *   pipeline CSV DB — runPipeline + applyImport into a fresh store (registry synced first, untimed)
 *   bare CSV DB     — decode + PapaParse + one prepared insert per cell in one transaction
 * Prints `{ms, cpuMs, peakRss, cells}` as JSON (CPU time: the machine may be shared).
 */
import { readFileSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import Papa from 'papaparse';
import { BranchRegistry } from '../src/lib/domain/branches';
import { runPipeline } from '../src/lib/import/pipeline';
import { syncBranches } from '../src/lib/server/branches';
import { openDb } from '../src/lib/server/db';
import { applyImport } from '../src/lib/server/imports';
import { report } from './lib/child';
import { PROVINCE, syntheticBranches } from './lib/province';

const [side, csvPath, dbPath] = process.argv.slice(2);
const bytes = readFileSync(csvPath);

async function pipelineSide() {
	const store = await openDb(dbPath);
	const branches = syntheticBranches(PROVINCE.branches);
	await syncBranches(store.db, branches);
	const registry = new BranchRegistry(branches);
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	const parsed = runPipeline(bytes, registry, { fileName: 'province.csv' });
	const tParsed = performance.now();
	const outcome = await applyImport(store.db, parsed, { by: 'bench' });
	const t1 = performance.now();
	const cpu = process.cpuUsage(c0);
	await store.close();
	if (outcome.status !== 'applied')
		throw new Error(`import ${outcome.status}: ${JSON.stringify(outcome.errors.slice(0, 3))}`);
	report({
		ms: t1 - t0,
		cpuMs: (cpu.user + cpu.system) / 1000,
		pipelineMs: tParsed - t0,
		applyMs: t1 - tParsed,
		cells: outcome.new
	});
}

function bareSide() {
	const db = new SQLite(dbPath);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = NORMAL');
	db.exec('create table cells (branch text, month text, metric text, value real)');
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	const { data } = Papa.parse<string[]>(text, { skipEmptyLines: true });
	const header = data[0];
	const insert = db.prepare('insert into cells (branch, month, metric, value) values (?, ?, ?, ?)');
	let cells = 0;
	db.transaction(() => {
		for (let r = 1; r < data.length; r++) {
			const row = data[r];
			for (let c = 2; c < row.length; c++) {
				insert.run(row[0], row[1], header[c], Number(row[c]));
				cells++;
			}
		}
	})();
	const t1 = performance.now();
	const cpu = process.cpuUsage(c0);
	db.close();
	report({ ms: t1 - t0, cpuMs: (cpu.user + cpu.system) / 1000, cells });
}

if (side === 'pipeline') await pipelineSide();
else if (side === 'bare') bareSide();
else throw new Error(`unknown side ${side}`);
