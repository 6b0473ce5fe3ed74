/**
 * The contract of the one import pipeline (browser worker, server and CLI):
 * decode → parse → find header → map columns → normalise values → validate → ParsedFile.
 * Problems are codes with parameters; `messages.ts` turns them into text in zh or en.
 */
import type { MetricId } from '../domain/metrics';
import type { Month } from '../domain/periods';

export type Encoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export type ProblemCode =
	// file level
	| 'binary_xlsx'
	| 'binary_file'
	| 'bom_mismatch'
	| 'truncated_file'
	| 'empty_file'
	| 'file_too_large'
	| 'no_header'
	| 'no_month_column'
	| 'no_branch'
	| 'no_data_rows'
	| 'duplicate_column'
	// row / cell level (errors)
	| 'invalid_bytes'
	| 'control_char'
	| 'unknown_branch'
	| 'branch_conflict'
	| 'bad_month'
	| 'future_month'
	| 'bad_number'
	| 'negative_count'
	| 'fractional_count'
	| 'count_too_large'
	| 'imprecise_number'
	| 'period_column'
	| 'ledger_no_year'
	| 'exceeds_total'
	| 'duplicate_row'
	| 'derived_metric_supplied'
	| 'unknown_metric'
	| 'sample_row'
	| 'percent_in_count'
	| 'no_metric_columns'
	| 'no_value_column'
	| 'mixed_format'
	| 'unclosed_quote'
	| 'internal_error'
	// either: one entry per code that had more than `MAX_PER_CODE` problems, with the full count
	| 'problems_truncated'
	// warnings
	| 'unknown_column'
	| 'merged_branch_cell'
	| 'total_row_skipped'
	| 'total_column_skipped'
	| 'group_header_skipped'
	| 'ambiguous_month_fixed'
	| 'branch_from_title'
	| 'branch_from_filename'
	| 'encoding_guess';

export interface Problem {
	code: ProblemCode;
	/** Line number a spreadsheet shows for the row (1-based, header counted); null for the file. */
	row: number | null;
	/** The column's header text as the file has it; null when not about one column. */
	column: string | null;
	/** The cell's text as the file has it; null when not about one cell. */
	value: string | null;
	/** Extra parameters for the message (e.g. the total that was exceeded, the other row). */
	params?: Record<string, string | number>;
}

export type ColumnRole = 'branch' | 'month' | 'metric' | 'long_metric' | 'long_value' | 'unknown';

export interface ColumnMapping {
	index: number;
	header: string;
	role: ColumnRole;
	/** For role `metric`: the catalogue id the header maps to. */
	metric: MetricId | null;
	/** Ledger layout, role `month`: the month this column's values belong to. */
	month?: Month;
	/** Not imported: a total column (`合计`) or a period of several months (`第一季度`). */
	skipped?: 'total' | 'period';
	/** Two-row header: the group (merged cell above) this column sits under, e.g. `三会一课`. */
	group?: string;
}

/** One imported value: a branch × month × metric with where it came from. */
export interface Cell {
	branch: string;
	month: Month;
	metric: MetricId;
	value: number;
	/** Spreadsheet line number of the source row. */
	row: number;
	/** Header text of the source column (long format: the value column). */
	column: string;
	/** The cell text as in the file. */
	raw: string;
}

export interface PreviewRow {
	row: number;
	cells: string[];
	/** Column indexes with an error in this row. */
	bad: number[];
	/** Column indexes with a warning in this row (e.g. a month read as October, not January). */
	warned?: number[];
	skipped: boolean;
}

export interface ParsedFile {
	fileName: string;
	size: number;
	sha256: string;
	encoding: Encoding | null;
	delimiter: ',' | '\t' | ';' | null;
	/** `ledger` (台账): one branch, metrics down the first column, months across the header. */
	format: 'wide' | 'long' | 'ledger' | null;
	/** Spreadsheet line of the header row; null when none was found. */
	headerRow: number | null;
	/** Two-row header: the line of the group row above the header (recognised and skipped). */
	groupRow?: number | null;
	/** A title line above the header, if any. */
	title: string | null;
	columns: ColumnMapping[];
	/** Where the branch of rows without a branch column came from. */
	branchSource: 'column' | 'explicit' | 'title' | 'filename' | null;
	/** Data rows read (not counting skipped total or blank rows). */
	rows: number;
	/** Valid, reported values only: not-reported cells are absent, `无` is 0. Empty when errors. */
	cells: Cell[];
	/** Count of not-reported cells (empty, `-`, `未填报`, ...). */
	missing: number;
	branches: string[];
	months: { from: Month; to: Month } | null;
	errors: Problem[];
	warnings: Problem[];
	/** The header and the first rows, for the preview table (bad cells marked). */
	preview: { header: string[]; rows: PreviewRow[] };
}

export interface PipelineOptions {
	fileName: string;
	/** Explicit branch choice (CLI `--branch`, the UI picker); a contradicting branch cell is an error. */
	branch?: string;
	/** "Today" for the future-month check; defaults to now. */
	today?: Date;
	/** Rows kept for the preview table; default 200. */
	previewRows?: number;
	/** Larger files are refused with `file_too_large`; default: no limit. */
	maxBytes?: number;
	/**
	 * The largest plausible count in one month's cell (`count_too_large` above it); default
	 * `DEFAULT_MAX_COUNT`. At most `MAX_COUNT_CEILING`, so no sum of a file's values can overflow.
	 */
	maxCount?: number;
}

/**
 * The upload limits of an import (`PACESETTER_MAX_FILE_MB`, `PACESETTER_MAX_FILES`): read by the
 * server, shown and checked by the page before it uploads.
 */
export interface ImportLimits {
	maxFileMb: number;
	maxFiles: number;
}

/** The per-file limit in bytes, the same in the browser's worker and on the server. */
export function maxFileBytes(limits: ImportLimits): number {
	return Math.floor(limits.maxFileMb * 1024 * 1024);
}

/** One month's cell above this is surely a wrong unit or a typo (a branch has tens of members). */
export const DEFAULT_MAX_COUNT = 1_000_000;
/** The highest `maxCount` allowed: a billion months of such values still sum exactly in a double. */
export const MAX_COUNT_CEILING = 1_000_000_000;
