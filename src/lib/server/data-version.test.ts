import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataVersion, perDataVersion } from './data-version';
import { openDb, writeTransaction, type Db, type OpenedDb } from './db';
import { testDbLocation } from './test-fixtures';

let dir: string;
let a: OpenedDb;
let b: OpenedDb;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-version-'));
	const location = testDbLocation(join(dir, 'x.db'));
	a = await openDb(location);
	b = await openDb(location); // a second connection, as the CLI would be
});

afterEach(async () => {
	await a.close();
	await b.close();
	rmSync(dir, { recursive: true, force: true });
});

/** A write the way every writer makes one. */
const write = (s: OpenedDb, key: string) =>
	writeTransaction(s.db, (trx) => trx.insertInto('meta').values({ key, value: '1' }).execute());

describe('dataVersion', () => {
	it('stays put while nothing is written', async () => {
		expect(await dataVersion(a.db)).toBe(await dataVersion(a.db));
	});

	it('changes after a write through this connection or another one', async () => {
		const v0 = await dataVersion(a.db);
		await write(a, 'one');
		const v1 = await dataVersion(a.db);
		expect(v1).not.toBe(v0);
		await write(b, 'two');
		expect(await dataVersion(a.db)).not.toBe(v1);
	});
});

describe('perDataVersion', () => {
	it('reads once per version, shares a read in flight, and reads again after a write', async () => {
		let reads = 0;
		const keys = perDataVersion(async (db: Db) => {
			reads++;
			return (
				await db.selectFrom('meta').select('key').where('key', '!=', 'data_version').execute()
			).map((r) => r.key);
		});
		const [x, y] = await Promise.all([keys(a.db), keys(a.db)]);
		expect(x).toBe(y);
		expect(reads).toBe(1);
		expect(await keys(a.db)).toBe(x);
		await write(b, 'elsewhere');
		expect(await keys(a.db)).toEqual(['elsewhere']);
		expect(reads).toBe(2);
	});

	it('does not keep a failed read', async () => {
		let fail = true;
		const value = perDataVersion(async () => {
			if (fail) throw new Error('disk');
			return 42;
		});
		await expect(value(a.db)).rejects.toThrow('disk');
		fail = false;
		expect(await value(a.db)).toBe(42);
	});
});
