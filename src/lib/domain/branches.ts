/**
 * The branch registry: which branches exist, how they are named, their colour and order.
 * Read from `data/branches.csv` (editable by the committee, never hard-coded) by the caller.
 */

export interface Branch {
	slug: string;
	name: string;
	short: string;
	nameEn: string;
	/** The English short name charts and exports label with: `1st Procuratorial`. */
	shortEn: string;
	aliases: string[];
	colour: string;
	order: number;
}

/** A palette for branches without a colour: distinct, print-safe, readable on white. */
export const BRANCH_PALETTE = [
	'#c0392b',
	'#2e86c1',
	'#d68910',
	'#239b56',
	'#7d3c98',
	'#17a589',
	'#ba4a00',
	'#5d6d7e',
	'#a93226',
	'#1f618d',
	'#b7950b',
	'#1e8449'
];

/** Normalise a name for matching: NFKC, lower case, no whitespace. */
export function normaliseName(s: string): string {
	return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

export class BranchRegistry {
	readonly branches: readonly Branch[];
	private readonly lookup = new Map<string, Branch>();

	constructor(branches: Branch[]) {
		this.branches = [...branches].sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
		for (const b of this.branches) {
			for (const key of [b.slug, b.name, b.short, b.nameEn, b.shortEn, ...b.aliases]) {
				const k = normaliseName(key);
				if (k && !this.lookup.has(k)) this.lookup.set(k, b);
			}
		}
	}

	/** The branch a cell, title or file name names exactly (slug, names or an alias), if any. */
	find(text: string): Branch | undefined {
		return this.lookup.get(normaliseName(text));
	}

	bySlug(slug: string): Branch | undefined {
		return this.branches.find((b) => b.slug === slug);
	}

	/**
	 * The branch whose name appears inside a longer text (a title line or a file name). The longest
	 * matching name wins, so `第一检察部党支部` beats a shorter alias; ambiguous texts give undefined.
	 */
	findWithin(text: string): Branch | undefined {
		const t = normaliseName(text);
		let best: { branch: Branch; len: number } | undefined;
		let tie = false;
		for (const [key, branch] of this.lookup) {
			// Short keys (a slug like `ga`) would match by accident inside unrelated words.
			if (key.length < 3 || !t.includes(key)) continue;
			if (!best || key.length > best.len) {
				best = { branch, len: key.length };
				tie = false;
			} else if (key.length === best.len && best.branch !== branch) tie = true;
		}
		return best && !tie ? best.branch : undefined;
	}
}

/**
 * Parse the rows of `data/branches.csv` (already split into records, header first).
 * Columns: slug, name, short, name_en, short_en, aliases (separated by `|`), colour, order. Without
 * a short_en the English name less its trailing ` Branch` stands in.
 */
export function branchesFromRecords(records: string[][]): Branch[] {
	const [header, ...rows] = records;
	const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
	const idx = {
		slug: col('slug'),
		name: col('name'),
		short: col('short'),
		nameEn: col('name_en'),
		shortEn: col('short_en'),
		aliases: col('aliases'),
		colour: col('colour'),
		order: col('order')
	};
	if (idx.slug < 0 || idx.name < 0) throw new Error('branches.csv needs at least slug and name');
	const get = (row: string[], i: number) => (i >= 0 ? (row[i] ?? '').trim() : '');
	return rows
		.filter((row) => get(row, idx.slug))
		.map((row, i) => {
			const slug = get(row, idx.slug);
			if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) throw new Error(`branches.csv: bad slug "${slug}"`);
			const name = get(row, idx.name);
			const order = Number(get(row, idx.order));
			const nameEn = get(row, idx.nameEn) || slug;
			return {
				slug,
				name,
				short: get(row, idx.short) || name,
				nameEn,
				shortEn: get(row, idx.shortEn) || shortEnOf(nameEn),
				aliases: get(row, idx.aliases)
					.split('|')
					.map((a) => a.trim())
					.filter(Boolean),
				colour: get(row, idx.colour) || BRANCH_PALETTE[i % BRANCH_PALETTE.length],
				order: Number.isFinite(order) && get(row, idx.order) !== '' ? order : i + 1
			};
		});
}

/** The English short name a registry without one falls back to: the name less ` Branch`. */
export function shortEnOf(nameEn: string): string {
	return nameEn.replace(/ Branch$/, '');
}
