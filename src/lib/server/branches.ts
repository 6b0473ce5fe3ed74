/** The branch registry on the server: `data/branches.csv` is the source, the database a copy. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { BranchRegistry, branchesFromRecords, shortEnOf, type Branch } from '../domain/branches';
import { perDataVersion } from './data-version';
import { writeTransaction, type Db } from './db';

/** The registry file: `PACESETTER_BRANCHES`, else `data/branches.csv` under the working directory. */
export function defaultBranchesPath(env: NodeJS.ProcessEnv = process.env): string {
	return resolve(env.PACESETTER_BRANCHES || 'data/branches.csv');
}

/** Read and validate a branches CSV (UTF-8, BOM allowed). */
export function readBranchesCsv(path: string): Branch[] {
	const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
	const { data } = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
	return branchesFromRecords(data);
}

/**
 * Make the database's registry match the CSV: upsert every listed branch. Branches no longer listed
 * stay (their history must remain readable) but sort after the listed ones.
 */
export async function syncBranches(db: Db, branches: Branch[]): Promise<void> {
	await writeTransaction(db, async (trx) => {
		await trx
			.updateTable('branches')
			.set((eb) => ({ sort: eb('sort', '+', 100000) }))
			.execute();
		for (const b of branches) {
			const row = {
				slug: b.slug,
				name: b.name,
				short: b.short,
				name_en: b.nameEn,
				short_en: b.shortEn,
				aliases: JSON.stringify(b.aliases),
				colour: b.colour,
				sort: b.order
			};
			await trx
				.insertInto('branches')
				.values(row)
				.onConflict((oc) => oc.column('slug').doUpdateSet(row))
				.execute();
		}
	});
}

/**
 * The registry as the database holds it, in display order. Read again only when the data changed
 * (every request asks for it; the branches change only when the registry file is synced).
 */
export const loadRegistry = perDataVersion(readRegistry);

async function readRegistry(db: Db): Promise<BranchRegistry> {
	const rows = await db.selectFrom('branches').selectAll().orderBy('sort').execute();
	return new BranchRegistry(
		rows.map((r) => ({
			slug: r.slug,
			name: r.name,
			short: r.short,
			nameEn: r.name_en,
			// Rows synced before the column existed hold '' until the next sync.
			shortEn: r.short_en || shortEnOf(r.name_en),
			aliases: JSON.parse(r.aliases) as string[],
			colour: r.colour,
			order: r.sort
		}))
	);
}
