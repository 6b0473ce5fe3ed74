/**
 * A small cache of computed views (the overview's figures), valid while the data is: every key
 * carries the database's data version, which changes with each applied or reverted import — also
 * one made by another process (the CLI) on the same file. At 50 concurrent requests the overview
 * must answer in well under 100 ms; computing it takes ~10 ms of CPU even for 8 branches.
 */
import type { Db } from './db';

/**
 * The data version: imports only ever add rows or flip one to `reverted`, and nothing else writes
 * current values, so (count, newest id, reverted count) changes exactly when the figures may.
 */
export async function dataVersion(db: Db): Promise<string> {
	const r = await db
		.selectFrom('imports')
		.select((eb) => [
			eb.fn.countAll<number>().as('n'),
			eb.fn.max('id').as('newest'),
			eb.fn
				.sum<number>(eb.case().when('status', '=', 'reverted').then(1).else(0).end())
				.as('reverted')
		])
		.executeTakeFirstOrThrow();
	return `${r.n}:${r.newest ?? 0}:${r.reverted ?? 0}`;
}

type Entries<T> = Map<string, { version: string; value: Promise<T> }>;

/** Per database (a process may hold several, e.g. tests): its views by key, least recent first. */
export class ViewCache<T> {
	private readonly stores = new WeakMap<Db, Entries<T>>();

	constructor(private readonly capacity = 64) {}

	/**
	 * The cached value for `key` at the current data version, or `compute()`'s (shared by concurrent
	 * callers). Values are shared between requests: treat them as read-only.
	 */
	async get(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
		const version = await dataVersion(db);
		let entries = this.stores.get(db);
		if (!entries) this.stores.set(db, (entries = new Map()));
		const hit = entries.get(key);
		if (hit && hit.version === version) {
			// Most recently used last: Map keeps insertion order.
			entries.delete(key);
			entries.set(key, hit);
			return hit.value;
		}
		const value = compute();
		entries.set(key, { version, value });
		value.catch(() => entries.get(key)?.value === value && entries.delete(key));
		while (entries.size > this.capacity) entries.delete(entries.keys().next().value!);
		return value;
	}

	/** Views held for `db`. */
	size(db: Db): number {
		return this.stores.get(db)?.size ?? 0;
	}
}
