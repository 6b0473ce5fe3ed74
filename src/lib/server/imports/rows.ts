/**
 * What the import modules share: the `branch|month` key and the writer of packed rows (encodings
 * in `../db/packed.ts`).
 */
import { finished } from 'node:stream/promises';
import type { Statement as SQLiteStatement } from 'better-sqlite3';
import { sql } from 'kysely';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { dialectOf, pgClientOf, sqliteOf, type Db } from '../db';

export const rowKey = (branch: string, month: string) => `${branch}|${month}`;

const CHUNK = 500;

type PackedRow = [branch: string, month: string, cells: string];

export interface RowWriter {
	imported(importId: number, branch: string, month: string, cells: string): void;
	/** A branch × month's current row, replacing the one there (if any). */
	current(branch: string, month: string, cells: string): void;
	/**
	 * A current row where there is none: the caller read this transaction's current rows (a writer
	 * holds the write lock, so none appears meanwhile). A plain insert, which PostgreSQL takes by COPY.
	 */
	added(branch: string, month: string, cells: string): void;
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
 * Writes packed rows inside `trx`, a write transaction of the store `db`. On SQLite straight
 * through prepared statements on the raw connection (which the transaction holds), so a row's text
 * is short-lived. On PostgreSQL new rows go in by `COPY … FROM STDIN` on the transaction's own
 * connection, a few thousand rows per COPY, and replaced or deleted current rows as one JSON text
 * per statement. A Kysely made elsewhere writes through the query builder in batches.
 */
export function rowWriter(trx: Db, db: Db): RowWriter {
	const raw = sqliteOf(db);
	if (raw) {
		let insert: SQLiteStatement | undefined;
		let upsert: SQLiteStatement | undefined;
		let remove: SQLiteStatement | undefined;
		const current = (branch: string, month: string, cells: string) => {
			upsert ??= raw.prepare(
				`insert into current_rows (branch, month, cells) values (?, ?, ?)
				on conflict (branch, month) do update set cells = excluded.cells`
			);
			upsert.run(branch, month, cells);
		};
		return {
			imported(importId, branch, month, cells) {
				insert ??= raw.prepare(
					'insert into import_rows (import_id, branch, month, cells) values (?, ?, ?, ?)'
				);
				insert.run(importId, branch, month, cells);
			},
			current,
			added: current,
			gone(branch, month) {
				remove ??= raw.prepare('delete from current_rows where branch = ? and month = ?');
				remove.run(branch, month);
			},
			send: async () => {},
			flush: async () => {}
		};
	}
	if (dialectOf(trx) === 'postgres') return pgRowWriter(trx, db);
	return builderRowWriter(trx);
}

/** SQLite through the query builder, when there is no raw connection: buffered, written on flush. */
function builderRowWriter(trx: Db): RowWriter {
	const imported: { import_id: number; branch: string; month: string; cells: string }[] = [];
	const current: { branch: string; month: string; cells: string }[] = [];
	const gone: PackedRow[] = [];
	const upsert = (branch: string, month: string, cells: string) =>
		void current.push({ branch, month, cells });
	return {
		imported: (import_id, branch, month, cells) =>
			void imported.push({ import_id, branch, month, cells }),
		current: upsert,
		added: upsert,
		gone: (branch, month) => void gone.push([branch, month, '']),
		send: async () => {},
		/** Called once, at the end: everything is written here. */
		async flush() {
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
 * PostgreSQL. New rows (history, and current rows where there were none) as COPY text lines:
 * COPY is PostgreSQL's bulk path, about twice as fast on the server as the same rows parsed out of
 * one JSON text, and its lines need escaping only for the rare backslash. Replaced and deleted
 * current rows as JSON (`flushJson`), an upsert COPY cannot do.
 */
function pgRowWriter(trx: Db, db: Db): RowWriter {
	let imported: string[] = [];
	let added: string[] = [];
	let current: { branch: string; month: string; cells: string }[] = [];
	let gone: PackedRow[] = [];
	let client: pg.PoolClient | undefined;
	let writing: Promise<void> = Promise.resolve();
	const write = async (rows: {
		imported: string[];
		added: string[];
		current: typeof current;
		gone: PackedRow[];
	}) => {
		client ??= await pgClientOf(db, trx);
		if (!client) throw new Error('no PostgreSQL connection for COPY');
		await copyIn(client, 'import_rows (import_id, branch, month, cells)', rows.imported);
		await copyIn(client, 'current_rows (branch, month, cells)', rows.added);
		await flushJson(trx, rows.current, rows.gone);
	};
	return {
		imported: (importId, branch, month, cells) =>
			void imported.push(
				`${importId}\t${copyText(branch)}\t${copyText(month)}\t${copyText(cells)}\n`
			),
		added: (branch, month, cells) =>
			void added.push(`${copyText(branch)}\t${copyText(month)}\t${copyText(cells)}\n`),
		current: (branch, month, cells) => void current.push({ branch, month, cells: flat(cells) }),
		gone: (branch, month) => void gone.push([branch, month, '']),
		async send() {
			await writing;
			writing = write({ imported, added, current, gone });
			imported = [];
			added = [];
			current = [];
			gone = [];
			// Its failure is thrown by the next send or flush, which waits for it.
			writing.catch(() => {});
		},
		async flush() {
			await this.send();
			await writing;
		}
	};
}

/** `lines` (COPY text format, each ending in a newline) into `target` through `client`. */
async function copyIn(client: pg.PoolClient, target: string, lines: string[]): Promise<void> {
	if (lines.length === 0) return;
	const stream = client.query(copyFrom(`copy ${target} from stdin`));
	stream.end(lines.join(''), 'utf8');
	await finished(stream);
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = {
	'\\': '\\\\',
	'\t': '\\t',
	'\n': '\\n',
	'\r': '\\r'
};

/**
 * `text` as a field of COPY's text format: backslash, tab, newline and carriage return escaped.
 * Testing reads the text whole, which flattens a packed row (see `flat`).
 */
export function copyText(text: string): string {
	return COPY_SPECIAL.test(text) ? text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]) : text;
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
 * PostgreSQL: replaced and deleted current rows as one JSON text per statement, read back by
 * `json_to_recordset`. A packed row is JSON already (`../db/packed.ts`), so it goes in as a JSON
 * value, not a string: nothing is escaped, and the text is only concatenated. PostgreSQL's `json`
 * keeps a value's text as it was given, so `cells::text` stores the same bytes.
 */
async function flushJson(
	trx: Db,
	current: { branch: string; month: string; cells: string }[],
	gone: PackedRow[]
): Promise<void> {
	const key = (branch: string, month: string) =>
		`"b":${JSON.stringify(branch)},"m":${JSON.stringify(month)}`;
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
