/**
 * What changes when the data changes, and values derived from the data that are read again only
 * then (the current-values snapshot, the branch registry): every request needs them, writes are rare.
 */
import { changeToken, pgDataVersion, type Db } from './db';

/**
 * The data's version: SQLite's change token (any write, by this process or another), or on
 * PostgreSQL the counter every write transaction bumps (any instance, or the CLI).
 */
export async function dataVersion(db: Db): Promise<string> {
	return changeToken(db) ?? (await pgDataVersion(db))!;
}

/**
 * `read(db, version)` once per database and data version; concurrent callers share one read, and
 * a failed read is not kept. A caller that read the version already in this request (`known`,
 * from `storeVersions`) passes it, which saves PostgreSQL a statement. The read starts after the version is taken: if a write lands in
 * between, the value is newer than its label and the next call reads again, never older.
 */
export function perDataVersion<T>(
	read: (db: Db, version: string) => Promise<T>
): (db: Db, known?: string) => Promise<T> {
	const cache = new WeakMap<Db, { version: string; value: Promise<T> }>();
	return async (db, known) => {
		const version = known ?? (await dataVersion(db));
		const cached = cache.get(db);
		if (cached?.version === version) return cached.value;
		const value = read(db, version);
		cache.set(db, { version, value });
		value.catch(() => {
			if (cache.get(db)?.value === value) cache.delete(db);
		});
		return value;
	};
}
