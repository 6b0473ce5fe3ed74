/** Table types for Kysely. Months are `YYYY-MM` text; timestamps ISO-8601 UTC text. */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

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
	reverted_at: string | null;
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
}

/** Every value ever imported, with its provenance. Never updated, never deleted. */
export interface ObservationTable {
	id: Generated<number>;
	import_id: number;
	branch: string;
	month: string;
	metric: string;
	value: number;
	source_row: number;
	source_column: string;
	raw: string;
	/** The current value this one replaced when it was imported (null: the cell was new). */
	prev_value: number | null;
}

/** The current value of each cell: the newest applied import's observation. */
export interface CurrentValueTable {
	branch: string;
	month: string;
	metric: string;
	value: number;
	observation_id: number;
	import_id: number;
}

export interface MetaTable {
	key: string;
	value: string;
}

export interface Database {
	branches: BranchTable;
	imports: ImportTable;
	observations: ObservationTable;
	current_values: CurrentValueTable;
	meta: MetaTable;
}

export type ImportRow = Selectable<ImportTable>;
export type NewObservation = Insertable<ObservationTable>;
