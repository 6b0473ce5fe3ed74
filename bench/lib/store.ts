/** A benchmark store: a fresh SQLite file with `n` synthetic branches and their export imported. */
import { BranchRegistry } from '../../src/lib/domain/branches';
import { runPipeline } from '../../src/lib/import/pipeline';
import { syncBranches } from '../../src/lib/server/branches';
import { openDb, type OpenedDb } from '../../src/lib/server/db';
import { applyImport } from '../../src/lib/server/imports';
import { PROVINCE, provinceExport, syntheticBranches } from './province';

export async function provinceStore(
	path: string,
	branchCount: number,
	months = PROVINCE.months
): Promise<{ store: OpenedDb; registry: BranchRegistry; cells: number }> {
	const store = await openDb(path);
	const branches = syntheticBranches(branchCount);
	await syncBranches(store.db, branches);
	const registry = new BranchRegistry(branches);
	const parsed = runPipeline(provinceExport(branches, months), registry, { fileName: 'bench.csv' });
	const outcome = await applyImport(store.db, parsed, { by: 'bench' });
	if (outcome.status !== 'applied') throw new Error(`bench import ${outcome.status}`);
	return { store, registry, cells: outcome.new };
}
