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
	/**
	 * Starts writing what is buffered, once the batch sent before it is written, without waiting
	 * for it: the caller packs the next rows while the database writes these. Callers send every
	 * few thousand rows, so that a province's rows are never all held at once.
	 */
	send(): Promise<void>;
	/** Writes what is still buffered and waits until everything sent is written. */
	flush(): Promise<void>;
}

/**
 * Writes packed rows. On SQLite straight through prepared statements on the raw connection (inside
 * the caller's transaction, which holds that connection), so a row's text is short-lived; other
 * dialects buffer and write through the query builder in batches (PostgreSQL: a few thousand rows
 * per statement as one JSON text, instead of four parameters per row).
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
			send: async () => {},
			flush: async () => {}
		};
	}
	const imported: { import_id: number; branch: string; month: string; cells: string }[] = [];
	const current: { branch: string; month: string; cells: string }[] = [];
	const gone: PackedRow[] = [];
	let writing: Promise<void> = Promise.resolve();
	return {
		imported: (import_id, branch, month, cells) =>
			void imported.push({ import_id, branch, month, cells: flat(cells) }),
		current: (branch, month, cells) => void current.push({ branch, month, cells: flat(cells) }),
		gone: (branch, month) => void gone.push([branch, month, '']),
		async send() {
			if (dialectOf(trx) !== 'postgres') return this.flush();
			await writing;
			writing = flushJson(trx, imported.splice(0), current.splice(0), gone.splice(0));
			// Its failure is thrown by the next send or flush, which waits for it.
			writing.catch(() => {});
		},
		async flush() {
			if (dialectOf(trx) === 'postgres') {
				await this.send();
				await writing;
				return;
			}
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

/**
 * The same text as one flat string. A packed row is built by concatenation (`../db/packed.ts`),
 * which V8 keeps as a tree of hundreds of small pieces until something reads it whole; held in a
 * batch, those trees were ~12 KB per row and every young-generation collection copied them, most
 * of a province import's time on PostgreSQL. Converting to a number reads the text whole, which
 * makes V8 flatten it (SQLite's driver reads each row at once, so its rows never pile up).
 */
function flat(text: string): string {
	void Number(text);
	return text;
}

const JSON_CHUNK = 2000;

/**
 * PostgreSQL: the buffered rows as one JSON text per statement, read back by `json_to_recordset`.
 * A packed row is JSON already (`../db/packed.ts`), so it goes in as a JSON value, not a string:
 * nothing is escaped, and the text is only concatenated (pg's array literals escaped every quote
 * of every row in JavaScript, and the garbage that left was most of a province import's time).
 * PostgreSQL's `json` keeps a value's text as it was given, so `cells::text` stores the same bytes.
 */
async function flushJson(
	trx: Db,
	imported: { import_id: number; branch: string; month: string; cells: string }[],
	current: { branch: string; month: string; cells: string }[],
	gone: PackedRow[]
): Promise<void> {
	const key = (branch: string, month: string) =>
		`"b":${JSON.stringify(branch)},"m":${JSON.stringify(month)}`;
	for (let i = 0; i < imported.length; i += JSON_CHUNK) {
		const rows = imported
			.slice(i, i + JSON_CHUNK)
			.map((r) => `{"i":${r.import_id},${key(r.branch, r.month)},"c":${r.cells}}`);
		await sql`insert into import_rows (import_id, branch, month, cells)
			select i, b, m, c::text from json_to_recordset(${`[${rows.join(',')}]`}::json)
				as r(i integer, b text, m text, c json)`.execute(trx);
	}
	for (let i = 0; i < current.length; i += JSON_CHUNK) {
		const rows = current
			.slice(i, i + JSON_CHUNK)
			.map((r) => `{${key(r.branch, r.month)},"c":${r.cells}}`);
		await sql`insert into current_rows (branch, month, cells)
			select b, m, c::text from json_to_recordset(${`[${rows.join(',')}]`}::json)
				as r(b text, m text, c json)
			on conflict (branch, month) do update set cells = excluded.cells`.execute(trx);
	}
	for (let i = 0; i < gone.length; i += JSON_CHUNK) {
		const rows = gone.slice(i, i + JSON_CHUNK).map(([branch, month]) => `{${key(branch, month)}}`);
		await sql`delete from current_rows where (branch, month) in (
			select b, m from json_to_recordset(${`[${rows.join(',')}]`}::json) as r(b text, m text))`.execute(
			trx
		);
	}
}
