/**
 * What the import modules share: the `branch|month` key and the writer of packed rows (encodings
 * in `../db/packed.ts`).
 */
import type { Database as SQLiteDatabase, Statement as SQLiteStatement } from 'better-sqlite3';
import { sql } from 'kysely';
import { dialectOf, type Db } from '../db';

export const rowKey = (branch: string, month: string) => `${branch}|${month}`;

const CHUNK = 500;

type PackedRow = [branch: string, month: string, cells: string];

export interface RowWriter {
	imported(importId: number, branch: string, month: string, cells: string): void;
	current(branch: string, month: string, cells: string): void;
	gone(branch: string, month: string): void;
	/** Writes what is still buffered. */
	flush(): Promise<void>;
}

/**
 * Writes packed rows. On SQLite straight through prepared statements on the raw connection (inside
 * the caller's transaction, which holds that connection), so a row's text is short-lived; other
 * dialects buffer and write through the query builder in batches (PostgreSQL: a few thousand rows
 * per statement as arrays, `unnest`ed, instead of four parameters per row).
 */
export function rowWriter(trx: Db, raw: SQLiteDatabase | undefined): RowWriter {
	if (raw) {
		let insert: SQLiteStatement | undefined;
		let upsert: SQLiteStatement | undefined;
		let remove: SQLiteStatement | undefined;
		return {
			imported(importId, branch, month, cells) {
				insert ??= raw.prepare(
					'insert into import_rows (import_id, branch, month, cells) values (?, ?, ?, ?)'
				);
				insert.run(importId, branch, month, cells);
			},
			current(branch, month, cells) {
				upsert ??= raw.prepare(
					`insert into current_rows (branch, month, cells) values (?, ?, ?)
					on conflict (branch, month) do update set cells = excluded.cells`
				);
				upsert.run(branch, month, cells);
			},
			gone(branch, month) {
				remove ??= raw.prepare('delete from current_rows where branch = ? and month = ?');
				remove.run(branch, month);
			},
			flush: async () => {}
		};
	}
	const imported: { import_id: number; branch: string; month: string; cells: string }[] = [];
	const current: { branch: string; month: string; cells: string }[] = [];
	const gone: PackedRow[] = [];
	return {
		imported: (import_id, branch, month, cells) =>
			void imported.push({ import_id, branch, month, cells }),
		current: (branch, month, cells) => void current.push({ branch, month, cells }),
		gone: (branch, month) => void gone.push([branch, month, '']),
		async flush() {
			if (dialectOf(trx) === 'postgres') return flushArrays(trx, imported, current, gone);
			for (let i = 0; i < imported.length; i += CHUNK)
				await trx
					.insertInto('import_rows')
					.values(imported.slice(i, i + CHUNK))
					.execute();
			for (let i = 0; i < current.length; i += CHUNK)
				await trx
					.insertInto('current_rows')
					.values(current.slice(i, i + CHUNK))
					.onConflict((oc) =>
						oc
							.columns(['branch', 'month'])
							.doUpdateSet((eb) => ({ cells: eb.ref('excluded.cells') }))
					)
					.execute();
			for (const [branch, month] of gone)
				await trx
					.deleteFrom('current_rows')
					.where('branch', '=', branch)
					.where('month', '=', month)
					.execute();
		}
	};
}

const ARRAY_CHUNK = 5000;

/** PostgreSQL: the buffered rows as one array per column, a few thousand rows per statement. */
async function flushArrays(
	trx: Db,
	imported: { import_id: number; branch: string; month: string; cells: string }[],
	current: { branch: string; month: string; cells: string }[],
	gone: PackedRow[]
): Promise<void> {
	for (let i = 0; i < imported.length; i += ARRAY_CHUNK) {
		const rows = imported.slice(i, i + ARRAY_CHUNK);
		await sql`insert into import_rows (import_id, branch, month, cells)
			select * from unnest(${rows.map((r) => r.import_id)}::integer[],
				${rows.map((r) => r.branch)}::text[], ${rows.map((r) => r.month)}::text[],
				${rows.map((r) => r.cells)}::text[])`.execute(trx);
	}
	for (let i = 0; i < current.length; i += ARRAY_CHUNK) {
		const rows = current.slice(i, i + ARRAY_CHUNK);
		await sql`insert into current_rows (branch, month, cells)
			select * from unnest(${rows.map((r) => r.branch)}::text[],
				${rows.map((r) => r.month)}::text[], ${rows.map((r) => r.cells)}::text[])
			on conflict (branch, month) do update set cells = excluded.cells`.execute(trx);
	}
	for (let i = 0; i < gone.length; i += ARRAY_CHUNK) {
		const rows = gone.slice(i, i + ARRAY_CHUNK);
		await sql`delete from current_rows where (branch, month) in (
			select * from unnest(${rows.map((r) => r[0])}::text[], ${rows.map((r) => r[1])}::text[]))`.execute(
			trx
		);
	}
}
