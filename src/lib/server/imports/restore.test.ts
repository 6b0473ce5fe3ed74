import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricId } from '../../domain/metrics';
import type { Db, OpenedDb } from '../db';
import { applyImport, importDetail, listImports, restoreImport, revertImport } from '.';
import { memoryStore, parsedFile, testDialect, type CellSpec } from '../test-fixtures';

const by = { by: 'test' };

/** Every current cell as `branch|month|metric` → value. */
async function currentValues(db: Db): Promise<Record<string, number>> {
	const rows = await db.selectFrom('current_values').selectAll().execute();
	return Object.fromEntries(rows.map((r) => [`${r.branch}|${r.month}|${r.metric}`, r.value]));
}

describe('restoreImport', () => {
	let store: OpenedDb;
	beforeEach(async () => {
		store = await memoryStore(2);
	});
	afterEach(async () => {
		await store.close();
	});

	it('makes a reverted import current again, except where a newer import supplies the cell', async () => {
		const first = await applyImport(
			store.db,
			parsedFile('1.csv', [
				['a', '2020-01', 'party_days', 1],
				['a', '2020-02', 'party_days', 1],
				['b', '2020-01', 'heart_talks', 3]
			]),
			by
		);
		const second = await applyImport(
			store.db,
			parsedFile('2.csv', [['a', '2020-02', 'party_days', 2]]),
			by
		);
		await revertImport(store.db, first.importId!, new Date('2026-01-01T00:00:00Z'));
		expect(await currentValues(store.db)).toEqual({ 'a|2020-02|party_days': 2 });

		expect(
			await restoreImport(store.db, first.importId!, new Date('2026-01-02T00:00:00Z'))
		).toEqual({ importId: first.importId, current: 2, superseded: 1 });
		expect(await currentValues(store.db)).toEqual({
			'a|2020-01|party_days': 1,
			'a|2020-02|party_days': 2,
			'b|2020-01|heart_talks': 3
		});
		const [, one] = await listImports(store.db);
		expect(one).toMatchObject({
			id: first.importId,
			status: 'applied',
			revertedAt: '2026-01-01T00:00:00.000Z',
			restoredAt: '2026-01-02T00:00:00.000Z'
		});
		// The detail tells the cell a newer import supplies from the ones current again.
		const detail = await importDetail(store.db, first.importId!);
		expect(detail?.cells.map((c) => [c.month, c.current])).toEqual([
			['2020-01', true],
			['2020-02', false],
			['2020-01', true]
		]);

		// Reverting the newer one now falls back to the restored import.
		await revertImport(store.db, second.importId!);
		expect((await currentValues(store.db))['a|2020-02|party_days']).toBe(1);
	});

	it('changes nothing for an applied import and returns null for an unknown one', async () => {
		const o = await applyImport(
			store.db,
			parsedFile('1.csv', [['a', '2020-01', 'party_days', 1]]),
			by
		);
		expect(await restoreImport(store.db, o.importId!)).toEqual({
			importId: o.importId,
			current: 0,
			superseded: 0
		});
		expect((await listImports(store.db))[0].restoredAt).toBeNull();
		expect(await restoreImport(store.db, 999)).toBeNull();
	});
});

describe('revert and restore in any order', () => {
	const cell = fc.tuple(
		fc.constantFrom('a', 'b'),
		fc.constantFrom('2020-01', '2020-02', '2020-03'),
		fc.constantFrom<MetricId>('party_days', 'heart_talks'),
		fc.integer({ min: 0, max: 3 })
	);
	const files = fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), {
		minLength: 1,
		maxLength: 5
	});
	const ops = fc.array(fc.tuple(fc.constantFrom('revert', 'restore'), fc.nat({ max: 4 })), {
		maxLength: 12
	});

	it('leaves the current values of applying the non-reverted imports in their order', async () => {
		await fc.assert(
			fc.asyncProperty(files, ops, async (specs, steps) => {
				const store = await memoryStore(2);
				const fresh = await memoryStore(2);
				try {
					// The imports that were recorded (a file changing nothing is no import).
					const recorded: { id: number; cells: CellSpec[] }[] = [];
					for (const [k, cells] of specs.entries()) {
						const o = await applyImport(store.db, parsedFile(`${k}.csv`, cells), by);
						if (o.importId !== null) recorded.push({ id: o.importId, cells });
					}
					const reverted = new Set<number>();
					for (const [op, n] of steps) {
						const target = recorded[n % recorded.length];
						if (!target) continue;
						if (op === 'revert') {
							await revertImport(store.db, target.id);
							reverted.add(target.id);
						} else {
							await restoreImport(store.db, target.id);
							reverted.delete(target.id);
						}
					}
					for (const [k, r] of recorded.entries())
						if (!reverted.has(r.id))
							await applyImport(fresh.db, parsedFile(`${k}.csv`, r.cells), by);
					expect(await currentValues(store.db)).toEqual(await currentValues(fresh.db));
					const statuses = (await listImports(store.db)).map((i) => [i.id, i.status]);
					expect(statuses).toEqual(
						recorded.map((r) => [r.id, reverted.has(r.id) ? 'reverted' : 'applied']).reverse()
					);
				} finally {
					await store.close();
					await fresh.close();
				}
			}),
			// Each run opens two stores: a PostgreSQL schema and its migrations cost 0.2–2 s.
			{ numRuns: testDialect() === 'postgres' ? 12 : 150 }
		);
	}, 120_000);
});
