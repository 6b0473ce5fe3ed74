/**
 * Opening the application's store the one way every entry point does it (server, CLI, tests):
 * open and migrate the database, then bring its branch registry in line with `data/branches.csv`.
 */
import { loadRegistry, readBranchesCsv, syncBranches, defaultBranchesPath } from './branches';
import { defaultDbLocation, openDb, whileOpening, writeTransaction, type OpenedDb } from './db';
import { applyNorms, loadNorms } from './norms';
import { migrateAuth } from './auth';

export interface AppStore extends OpenedDb {
	/** The SQLite file's path or the PostgreSQL URL. */
	path: string;
}

export async function openStore(
	opts: { dbPath?: string; branchesPath?: string; normsPath?: string } = {}
): Promise<AppStore> {
	const path = opts.dbPath ?? defaultDbLocation();
	loadNorms(opts.normsPath);
	const store = await openDb(path);
	try {
		const branches = readBranchesCsv(opts.branchesPath ?? defaultBranchesPath());
		await whileOpening(store.db, async () => {
			await syncBranches(store.db, branches);
			await migrateAuth(store.db);
		});
		await applyNorms(store.db);
	} catch (e) {
		await store.close();
		throw e;
	}
	return { ...store, path };
}

/** Whether the database was made by `npm run demo` (pages then show a sample-data banner). */
export async function isDemo(store: Pick<OpenedDb, 'db'>): Promise<boolean> {
	const row = await store.db
		.selectFrom('meta')
		.select('value')
		.where('key', '=', 'demo')
		.executeTakeFirst();
	return row?.value === '1';
}

export async function markDemo(store: Pick<OpenedDb, 'db'>): Promise<void> {
	await writeTransaction(store.db, (trx) =>
		trx
			.insertInto('meta')
			.values({ key: 'demo', value: '1' })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: '1' }))
			.execute()
	);
}

export { loadRegistry };
