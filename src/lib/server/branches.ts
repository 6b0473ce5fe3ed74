/**
 * The branch registry on the server: `data/branches.csv` seeds it, the database holds it. An admin
 * edits names, aliases and colours, or adds a branch, in the app (audited); the file is applied
 * again only when the file itself changed.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import {
	BRANCH_PALETTE,
	BranchRegistry,
	branchesFromRecords,
	normaliseName,
	shortEnOf,
	type Branch
} from '../domain/branches';
import { writeAudit, type Actor } from './audit';
import { perDataVersion } from './data-version';
import { writeTransaction, type Db } from './db';
import type { Selectable } from 'kysely';
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
 * stay (their history must remain readable) but sort after the listed ones. The file is applied
 * only when it differs from the one applied last (its digest is kept), so an admin's edits in the
 * app survive restarts until someone edits the file; and opening the store (every CLI command)
 * writes nothing then, so the data version, and every cache keyed on it, stays.
 */
export async function syncBranches(db: Db, branches: Branch[]): Promise<void> {
	const rows = branches.map(rowOf);
	const digest = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
	const applied = await db
		.selectFrom('meta')
		.select('value')
		.where('key', '=', FILE_DIGEST)
		.executeTakeFirst();
	if (applied?.value === digest) return;
	// A database that already holds the file (made before the digest was kept): remember it.
	if (await registryMatches(db, rows)) return setMeta(db, FILE_DIGEST, digest);
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
		await setMeta(trx, FILE_DIGEST, digest);
	});
}

/** The digest of the registry file last applied. */
const FILE_DIGEST = 'branches_file';

const rowOf = (b: Branch): BranchRow => ({
	slug: b.slug,
	name: b.name,
	short: b.short,
	name_en: b.nameEn,
	short_en: b.shortEn,
	aliases: JSON.stringify(b.aliases),
	colour: b.colour,
	sort: b.order
});

async function setMeta(db: Db, key: string, value: string): Promise<void> {
	await db
		.insertInto('meta')
		.values({ key, value })
		.onConflict((oc) => oc.column('key').doUpdateSet({ value }))
		.execute();
}

/** Where branches no longer in the registry file sort from. */
const UNLISTED = 100000;

type BranchRow = Selectable<BranchTable>;

/** Whether the database holds the file's branches, field for field, the unlisted ones after. */
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

/** What an admin may change of a branch in the app (the slug, its key in every table, stays). */
export interface BranchEdit {
	name: string;
	short: string;
	nameEn: string;
	/** The English short name on charts; empty: made from the English name. */
	shortEn?: string;
	aliases: string[];
	colour: string;
}

/** A registry change refused, with what to fix (shown on the page). */
export class RegistryError extends Error {
	constructor(
		readonly code:
			'bad_slug' | 'slug_taken' | 'name_required' | 'bad_colour' | 'name_taken' | 'unknown',
		readonly params: Record<string, string> = {}
	) {
		super(`${code} ${JSON.stringify(params)}`);
		this.name = 'RegistryError';
	}
}

function cleaned(edit: BranchEdit): BranchEdit {
	const name = edit.name.trim();
	if (!name) throw new RegistryError('name_required');
	const colour = edit.colour.trim().toLowerCase();
	if (!/^#[0-9a-f]{6}$/.test(colour)) throw new RegistryError('bad_colour', { colour });
	const aliases = [...new Set(edit.aliases.map((a) => a.trim()).filter(Boolean))];
	const nameEn = edit.nameEn.trim();
	return {
		name,
		short: edit.short.trim() || name,
		nameEn,
		shortEn: edit.shortEn?.trim() || (nameEn ? shortEnOf(nameEn) : ''),
		aliases,
		colour
	};
}

/** A name or alias that would also name another branch: files would be read ambiguously. */
function checkNames(registry: BranchRegistry, slug: string, edit: BranchEdit): void {
	for (const text of [edit.name, edit.short, edit.nameEn, edit.shortEn ?? '', ...edit.aliases]) {
		const other = registry.find(text);
		if (other && other.slug !== slug && normaliseName(text))
			throw new RegistryError('name_taken', { text, branch: other.name });
	}
}

/** Change a branch's names, aliases or colour; audited with before and after. */
export async function updateBranch(
	db: Db,
	slug: string,
	input: BranchEdit,
	by: Actor
): Promise<Branch> {
	const edit = cleaned(input);
	return writeTransaction(db, async (trx) => {
		const registry = await readRegistry(trx);
		const before = registry.bySlug(slug);
		if (!before) throw new RegistryError('unknown', { slug });
		checkNames(registry, slug, edit);
		const after: Branch = {
			...before,
			...edit,
			nameEn: edit.nameEn || before.nameEn,
			shortEn: edit.shortEn || before.shortEn
		};
		await trx.updateTable('branches').set(rowOf(after)).where('slug', '=', slug).execute();
		await writeAudit(trx, {
			...by,
			action: 'registry.branch',
			target: slug,
			branch: slug,
			detail: { before: editOf(before), after: editOf(after) }
		});
		return after;
	});
}

/** Register a new branch after the listed ones; audited. */
export async function addBranch(
	db: Db,
	slug: string,
	input: Omit<BranchEdit, 'colour'> & { colour?: string },
	by: Actor
): Promise<Branch> {
	slug = slug.trim();
	if (!/^[a-z0-9][a-z0-9-]{0,47}$/.test(slug)) throw new RegistryError('bad_slug', { slug });
	return writeTransaction(db, async (trx) => {
		const registry = await readRegistry(trx);
		if (registry.bySlug(slug)) throw new RegistryError('slug_taken', { slug });
		const listed = registry.branches.filter((b) => b.order < UNLISTED);
		const colour = input.colour || BRANCH_PALETTE[registry.branches.length % BRANCH_PALETTE.length];
		const edit = cleaned({ ...input, nameEn: input.nameEn || slug, colour });
		checkNames(registry, slug, edit);
		const branch: Branch = {
			slug,
			...edit,
			shortEn: edit.shortEn || slug,
			order: Math.max(0, ...listed.map((b) => b.order)) + 1
		};
		await trx.insertInto('branches').values(rowOf(branch)).execute();
		await writeAudit(trx, {
			...by,
			action: 'registry.add',
			target: slug,
			branch: slug,
			detail: { after: editOf(branch) }
		});
		return branch;
	});
}

const editOf = (b: Branch): BranchEdit => ({
	name: b.name,
	short: b.short,
	nameEn: b.nameEn,
	shortEn: b.shortEn,
	aliases: b.aliases,
	colour: b.colour
});

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
