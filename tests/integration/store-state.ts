/**
 * Helpers of the robustness tests: a real SQLite file store with the registry of
 * `data/branches.csv`, and a canonical snapshot of everything an import may write.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BranchRegistry } from '../../src/lib/domain/branches';
import { loadRegistry, openStore, type AppStore } from '../../src/lib/server/app';

export const ROOT = join(import.meta.dirname, '../..');

export interface TempStore {
	store: AppStore;
	registry: BranchRegistry;
	dir: string;
	dispose(): Promise<void>;
}

/** A fresh database file in a temporary directory, branches synced from `data/branches.csv`. */
export async function tempStore(prefix = 'pacesetter-test-'): Promise<TempStore> {
	const dir = mkdtempSync(join(tmpdir(), prefix));
	const store = await openStore({
		dbPath: join(dir, 'test.db'),
		branchesPath: join(ROOT, 'data/branches.csv')
	});
	const registry = await loadRegistry(store.db);
	return {
		store,
		registry,
		dir,
		async dispose() {
			await store.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * Rows inserted, updated or deleted through this connection so far (SQLite's `total_changes()`):
 * unchanged across a call ⇔ the call wrote nothing. O(1), for the fuzz loop.
 */
export function totalChanges(store: Pick<AppStore, 'sqlite'>): number {
	return (store.sqlite!.prepare('select total_changes() as n').get() as { n: number }).n;
}

export interface StoreState {
	imports: number;
	/** Imported cells (history), over every import. */
	observations: number;
	/** Every current value, in key order, as one string (compares byte for byte). */
	currentValues: string;
}

/** Imported cells (history rows hold a JSON array of them each), over every import. */
export function importedCells(store: Pick<AppStore, 'sqlite'>): number {
	return (
		store
			.sqlite!.prepare('select coalesce(sum(json_array_length(cells)), 0) as n from import_rows')
			.get() as { n: number }
	).n;
}

/** What an import writes: the imports and imported-cell counts and every current value. */
export function storeState(store: Pick<AppStore, 'sqlite'>): StoreState {
	const count = (table: string) =>
		(store.sqlite!.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
	const rows = store
		.sqlite!.prepare(
			'select branch, month, metric, value, import_id from current_values order by branch, month, metric'
		)
		.raw()
		.all();
	return {
		imports: count('imports'),
		observations: importedCells(store),
		currentValues: JSON.stringify(rows)
	};
}
