/**
 * Two writers on one store (two processes: two servers, or a server and the CLI), on SQLite and on
 * PostgreSQL (`tests/pg.sh`): imports of the same branch × month serialise without losing either's
 * cells, an import is all or nothing, and each writer's data version follows the other's writes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataVersion } from '../data-version';
import { syncBranches } from '../branches';
import { applyImport } from '../imports';
import { currentSnapshot } from '../current-series';
import { parsedFile, testDbLocation } from '../test-fixtures';
import { rowWriter } from '../imports/rows';
import { openDb, writeTransaction, type OpenedDb } from '.';

let dir: string;
let one: OpenedDb;
let two: OpenedDb;

beforeEach(async () => {
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-writers-'));
	const location = testDbLocation(join(dir, 'w.db'));
	one = await openDb(location);
	two = await openDb(location);
	await syncBranches(one.db, [
		{
			slug: 'a',
			name: '甲支部',
			short: '甲',
			nameEn: 'A',
			shortEn: 'A',
			aliases: [],
			colour: '#000',
			order: 1
		}
	]);
});

afterEach(async () => {
	await one.close();
	await two.close();
	rmSync(dir, { recursive: true, force: true });
});

const cells = async (s: OpenedDb, month: string) => {
	const row = await s.db
		.selectFrom('current_rows')
		.select('cells')
		.where('branch', '=', 'a')
		.where('month', '=', month)
		.executeTakeFirst();
	return row ? (JSON.parse(row.cells) as Record<string, [number, number]>) : {};
};

describe('two writers on one store', () => {
	it('never lose an update to the same branch × month', async () => {
		const months = Array.from({ length: 12 }, (_, i) => `2021-${String(i + 1).padStart(2, '0')}`);
		// Each month: both writers import at once, each its own metric of the same row.
		await Promise.all(
			months.flatMap((m) => [
				applyImport(one.db, parsedFile(`one-${m}.csv`, [['a', m, 'party_days', 1]]), {
					by: 'one'
				}),
				applyImport(two.db, parsedFile(`two-${m}.csv`, [['a', m, 'study_sessions', 2]]), {
					by: 'two'
				})
			])
		);
		for (const m of months) {
			const row = await cells(two, m);
			expect(Object.keys(row).sort(), m).toEqual(['party_days', 'study_sessions']);
		}
		const imports = await one.db.selectFrom('imports').select('id').execute();
		expect(imports).toHaveLength(24);
	});

	it('writes an import whole or not at all', async () => {
		const file = parsedFile('x.csv', [
			['a', '2021-01', 'party_days', 3],
			['a', '2021-02', 'party_days', 4]
		]);
		await expect(
			applyImport(one.db, file, {
				by: 'one',
				audit: async () => {
					throw new Error('audit refused');
				}
			})
		).rejects.toThrow('audit refused');
		expect(await cells(two, '2021-01')).toEqual({});
		expect(await two.db.selectFrom('imports').select('id').execute()).toEqual([]);
	});

	it('moves the other writer’s data version and snapshot on its next read', async () => {
		const before = await dataVersion(two.db);
		expect((await currentSnapshot(two.db)).series.size).toBe(0);
		await applyImport(one.db, parsedFile('y.csv', [['a', '2021-03', 'party_days', 5]]), {
			by: 'one'
		});
		expect(await dataVersion(two.db)).not.toBe(before);
		expect((await currentSnapshot(two.db)).series.get('a')).toBeDefined();
	});
});

describe('an import larger than one batch of rows', () => {
	// More branch × month rows than the row writer sends at once (apply.ts `SEND_EVERY`).
	const MONTHS = 2500;
	const months = Array.from({ length: MONTHS }, (_, i) => {
		const m = 1900 * 12 + i;
		return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
	});
	const rows = async (table: 'current_rows' | 'import_rows') =>
		Number(
			(
				await one.db
					.selectFrom(table)
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);

	it('writes every row, each as it was packed', async () => {
		const file = parsedFile(
			'long.csv',
			months.flatMap((m, i) => [
				['a', m, 'party_days', i] as const,
				['a', m, 'members', 1000 + i] as const
			])
		);
		const outcome = await applyImport(one.db, file, { by: 'test' });
		expect(outcome.status).toBe('applied');
		expect(await rows('import_rows')).toBe(MONTHS);
		expect(await rows('current_rows')).toBe(MONTHS);
		expect(await cells(one, months[0])).toEqual({
			party_days: [0, outcome.importId],
			members: [1000, outcome.importId]
		});
		expect(await cells(one, months.at(-1)!)).toEqual({
			party_days: [MONTHS - 1, outcome.importId],
			members: [1000 + MONTHS - 1, outcome.importId]
		});
	});

	it('writes nothing when the transaction fails after its batches were sent', async () => {
		const file = parsedFile(
			'failing.csv',
			months.map((m, i) => ['a', m, 'party_days', i] as const)
		);
		await expect(
			applyImport(one.db, file, {
				by: 'test',
				afterWrite: async () => {
					throw new Error('refused at the end');
				}
			})
		).rejects.toThrow('refused at the end');
		expect(await rows('import_rows')).toBe(0);
		expect(await rows('current_rows')).toBe(0);
		expect(await one.db.selectFrom('imports').select('id').execute()).toEqual([]);
	});

	it('reports a batch the database refused, at the next send or at the end', async () => {
		await expect(
			writeTransaction(one.db, async (trx) => {
				const writer = rowWriter(trx, one.db);
				writer.current('a', '2020-01', '{"party_days":[1,1]}');
				writer.imported(424242, 'a', '2020-01', '[]'); // no such import
				await writer.send();
				writer.current('a', '2020-02', '{"party_days":[2,1]}');
				await writer.flush();
			})
		).rejects.toThrow(/foreign key/i);
		expect(await rows('current_rows')).toBe(0);
	});

	it('stores every row text exactly, backslashes, tabs and line breaks included', async () => {
		const applied = await applyImport(
			one.db,
			parsedFile('x.csv', [['a', '2020-01', 'party_days', 1]]),
			{
				by: 'test'
			}
		);
		const id = applied.importId!;
		// Valid JSON (the upsert reads it as JSON) whose text holds backslashes and, between tokens, a
		// tab, a line feed and a carriage return: characters COPY's text format must escape.
		const odd = '{"a\\\\b":\t"tab\\tand\\nnewline\\r",\n"c":\r"\\\\"}';
		await writeTransaction(one.db, async (trx) => {
			const writer = rowWriter(trx, one.db);
			writer.imported(id, 'a', '2020-02', odd);
			writer.added('a', '2020-02', odd);
			writer.current('a', '2020-01', odd);
			await writer.flush();
		});
		const stored = await one.db
			.selectFrom('current_rows')
			.select(['month', 'cells'])
			.where('branch', '=', 'a')
			.orderBy('month')
			.execute();
		expect(stored).toEqual([
			{ month: '2020-01', cells: odd },
			{ month: '2020-02', cells: odd }
		]);
		const history = await one.db
			.selectFrom('import_rows')
			.select('cells')
			.where('month', '=', '2020-02')
			.executeTakeFirstOrThrow();
		expect(history.cells).toBe(odd);
	});
});
