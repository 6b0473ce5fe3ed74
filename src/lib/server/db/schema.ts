/** Table types for Kysely. Months are `YYYY-MM` text; timestamps ISO-8601 UTC text. */
import type { ColumnType, Generated, Selectable } from 'kysely';

export interface BranchTable {
	slug: string;
	name: string;
	short: string;
	name_en: string;
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

export interface Database {
	branches: BranchTable;
	imports: ImportTable;
	import_rows: ImportRowsTable;
	current_rows: CurrentRowsTable;
	current_values: CurrentValueView;
	import_cells: ImportCellView;
	meta: MetaTable;
}

export type ImportRow = Selectable<ImportTable>;
