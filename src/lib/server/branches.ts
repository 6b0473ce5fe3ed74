/** The branch registry on the server: `data/branches.csv` is the source, the database a copy. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import { BranchRegistry, branchesFromRecords, type Branch } from '../domain/branches';
import { perDataVersion } from './data-version';
import { writeTransaction, type Db } from './db';
import type { BranchTable } from './db/schema';

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
 * stay (their history must remain readable) but sort after the listed ones. A registry that
 * already matches is left alone: opening the store (every CLI command) writes nothing then, so the
 * data version, and every cache keyed on it, stays.
 */
export async function syncBranches(db: Db, branches: Branch[]): Promise<void> {
	const rows = branches.map((b) => ({
		slug: b.slug,
		name: b.name,
		short: b.short,
		name_en: b.nameEn,
		aliases: JSON.stringify(b.aliases),
		colour: b.colour,
		sort: b.order
	}));
	if (await registryMatches(db, rows)) return;
	await writeTransaction(db, async (trx) => {
		const listed = rows.map((r) => r.slug);
		let unlisted = trx
			.updateTable('branches')
			.set((eb) => ({ sort: eb('sort', '+', UNLISTED) }))
			.where('sort', '<', UNLISTED);
		if (listed.length) unlisted = unlisted.where('slug', 'not in', listed);
		await unlisted.execute();
		for (const row of rows) {
			await trx
				.insertInto('branches')
				.values(row)
				.onConflict((oc) => oc.column('slug').doUpdateSet(row))
				.execute();
		}
	});
}

/** Where branches no longer in the registry file sort from. */
const UNLISTED = 100000;

type BranchRow = BranchTable;

async function registryMatches(db: Db, rows: BranchRow[]): Promise<boolean> {
	const stored = await db.selectFrom('branches').selectAll().execute();
	const bySlug = new Map(stored.map((r) => [r.slug, r]));
	const same = (a: BranchRow, b: BranchRow) =>
		(Object.keys(a) as (keyof BranchRow)[]).every((k) => a[k] === b[k]);
	const listed = new Set(rows.map((r) => r.slug));
	return (
		rows.every((r) => bySlug.has(r.slug) && same(r, bySlug.get(r.slug)!)) &&
		stored.every((r) => listed.has(r.slug) || r.sort >= UNLISTED)
	);
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
			aliases: JSON.parse(r.aliases) as string[],
			colour: r.colour,
			order: r.sort
		}))
	);
}
