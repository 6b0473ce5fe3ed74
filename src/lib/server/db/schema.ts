/** Table types for Kysely. Months are `YYYY-MM` text; timestamps ISO-8601 UTC text. */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface BranchTable {
	slug: string;
	name: string;
	short: string;
	name_en: string;
	/** English short name for charts and exports ('' before the registry was synced with one). */
	short_en: ColumnType<string, string | undefined, string>;
	/** JSON array of alternative names. */
	aliases: string;
	colour: string;
	sort: number;
}

export type ImportStatus = 'applied' | 'reverted';

export interface ImportTable {
	id: Generated<number>;
	file_name: string;
	sha256: string;
	size: number;
	encoding: string;
	format: string;
	imported_at: string;
	imported_by: string;
	status: ColumnType<ImportStatus, ImportStatus, ImportStatus>;
	/** When it was last reverted (kept after a restore). */
	reverted_at: string | null;
	/** When it was last restored after a revert (null: never). */
	restored_at: ColumnType<string | null, string | null | undefined, string | null>;
	/** JSON array of branch slugs. */
	branches: string;
	month_from: string;
	month_to: string;
	rows: number;
	cells: number;
	cells_new: number;
	cells_replaced: number;
	cells_unchanged: number;
	/** JSON array of the pipeline's warnings (codes with parameters). */
	warnings: string;
	/** JSON array of the file's column headers, which `import_rows` cells refer to by index. */
	columns: ColumnType<string, string | undefined, string>;
}

/**
 * Every value ever imported, with its provenance, packed per import × branch × month (a wide
 * file's row). Never updated; `cells` encoding in `packed.ts`.
 */
export interface ImportRowsTable {
	import_id: number;
	branch: string;
	month: string;
	cells: string;
}

/** The current values of one branch × month: per metric, the newest applied import's value. */
export interface CurrentRowsTable {
	branch: string;
	month: string;
	cells: string;
}

/** View over `current_rows`: one row per current cell. Read only. */
export interface CurrentValueView {
	branch: string;
	month: string;
	metric: string;
	value: number;
	import_id: number;
}

/** View over `import_rows`: one row per imported cell, `seq` increasing in file order. Read only. */
export interface ImportCellView {
	import_id: number;
	branch: string;
	month: string;
	seq: number;
	metric: string;
	value: number;
	/** The current value this one replaced when it was imported (null: the cell was new). */
	prev_value: number | null;
	source_row: number;
	source_column: string;
	raw: string;
}

export interface MetaTable {
	key: string;
	value: string;
}

/** One event of the audit trail. `detail`: JSON (before/after, file, counts...). Append only. */
export interface AuditTable {
	id: Generated<number>;
	at: string;
	/** The account's username, `cli:<os user>`, or `anonymous`. */
	actor: string;
	role: string | null;
	address: string | null;
	agent: string | null;
	action: string;
	outcome: 'ok' | 'denied' | 'failed';
	target: string | null;
	branch: string | null;
	detail: ColumnType<string, string | undefined, string>;
}

export interface SignInFailuresTable {
	key: string;
	failures: number;
	last_at: string;
	locked_until: string | null;
}

/** better-auth's tables (created by its `getMigrations`), as far as this app reads them. */
export interface AuthUserTable {
	id: string;
	name: string;
	email: string;
	emailVerified: ColumnType<number | boolean, number | boolean, number | boolean>;
	image: string | null;
	createdAt: ColumnType<string | Date, string | Date, string | Date>;
	updatedAt: ColumnType<string | Date, string | Date, string | Date>;
	username: string | null;
	displayUsername: string | null;
	role: string | null;
	banned: ColumnType<number | boolean | null, number | boolean | null, number | boolean | null>;
	banReason: string | null;
	banExpires: ColumnType<string | Date | null, string | Date | null, string | Date | null>;
	branch: string | null;
	mustChangePassword: ColumnType<number | boolean, number | boolean, number | boolean>;
	lastSignInAt: ColumnType<string | Date | null, string | Date | null, string | Date | null>;
}

export interface AuthAccountTable {
	id: string;
	accountId: string;
	providerId: string;
	userId: string;
	password: string | null;
	createdAt: ColumnType<string | Date, string | Date, string | Date>;
	updatedAt: ColumnType<string | Date, string | Date, string | Date>;
}

export interface AuthSessionTable {
	id: string;
	token: string;
	userId: string;
	expiresAt: ColumnType<string | Date, string | Date, string | Date>;
	ipAddress: string | null;
	userAgent: string | null;
	createdAt: ColumnType<string | Date, string | Date, string | Date>;
	updatedAt: ColumnType<string | Date, string | Date, string | Date>;
}

/** A branch's submission for review: the file whole, what it covers, and where it stands. */
export interface SubmissionTable {
	id: Generated<number>;
	branch: string;
	file_name: string;
	/** The branch picked in the browser for a file that names none. */
	branch_picked: string | null;
	sha256: string;
	size: number;
	encoding: string;
	bytes: Uint8Array;
	month_from: string;
	month_to: string;
	/** JSON array of the months the file has values for. */
	months: string;
	cells: number;
	submitted_at: string;
	submitted_by: string;
	status: 'pending' | 'returned' | 'accepted' | 'withdrawn';
	decided_at: string | null;
	decided_by: string | null;
	/** The committee's comment when sent back (or accepted with one). */
	comment: string | null;
	/** The import an accepted submission became (null: it changed no value). */
	import_id: number | null;
}

/** A submission's status history: one row per move, never updated. */
export interface SubmissionEventTable {
	id: Generated<number>;
	submission_id: number;
	at: string;
	actor: string;
	status: string;
	comment: string | null;
}

/** A reminder (催报) sent to a branch for a month: when, by whom, the text. */
export interface ReminderTable {
	id: Generated<number>;
	branch: string;
	month: string;
	at: string;
	actor: string;
	text: string;
}

export interface Database {
	submissions: SubmissionTable;
	submission_events: SubmissionEventTable;
	reminders: ReminderTable;
	audit_log: AuditTable;
	sign_in_failures: SignInFailuresTable;
	user: AuthUserTable;
	account: AuthAccountTable;
	session: AuthSessionTable;
	branches: BranchTable;
	imports: ImportTable;
	import_rows: ImportRowsTable;
	current_rows: CurrentRowsTable;
	current_values: CurrentValueView;
	import_cells: ImportCellView;
	meta: MetaTable;
}

export type ImportRow = Selectable<ImportTable>;
