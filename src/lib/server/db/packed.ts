/**
 * The packed encodings of `import_rows.cells` and `current_rows.cells` (migration 0003): JSON, so
 * SQL reads them through `json_each` (the `current_values` and `import_cells` views do), and
 * JavaScript through one `JSON.parse` per branch × month.
 *
 * - `import_rows.cells`: `[[seq, metric, value, prev, row, column, raw], …]`, in file order; `seq`
 *   increases in file order within the import (the cell's index in the file; for data converted
 *   from the per-cell tables, its observation id); `prev` is the current value it replaced (null:
 *   the cell was new).
 * - `current_rows.cells`: `{"metric": [value, importId], …}`.
 *
 * Values are finite numbers (the pipeline rejects anything else), whose JavaScript and SQLite JSON
 * texts both round-trip exactly.
 */
import type { Cell } from '../../import/types';

export type ImportedCell = [
	seq: number,
	metric: string,
	value: number,
	prev: number | null,
	row: number,
	column: string,
	raw: string
];

export type CurrentCells = Record<string, [value: number, importId: number]>;

export const decodeImported = (text: string): ImportedCell[] => JSON.parse(text) as ImportedCell[];

export const decodeCurrent = (text: string): CurrentCells => JSON.parse(text) as CurrentCells;

export const encodeCurrent = (cells: CurrentCells): string => JSON.stringify(cells);

/**
 * One import row's text from the file's cells at `indexes` (in file order). Built by hand: metric
 * ids never need escaping, numbers print as JSON does, and a column's header is escaped once per
 * file rather than once per cell.
 */
export function encodeImported(
	cells: Cell[],
	indexes: number[],
	prev: (number | null)[],
	columnText: (column: string) => string
): string {
	let text = '[';
	for (let k = 0; k < indexes.length; k++) {
		const i = indexes[k];
		const c = cells[i];
		text +=
			(k ? ',[' : '[') +
			i +
			',"' +
			c.metric +
			'",' +
			c.value +
			',' +
			prev[i] +
			',' +
			c.row +
			',' +
			columnText(c.column) +
			',' +
			JSON.stringify(c.raw) +
			']';
	}
	return text + ']';
}

/** `JSON.stringify` of column headers, each escaped once. */
export function columnTexts(): (column: string) => string {
	const seen = new Map<string, string>();
	return (column) => {
		let text = seen.get(column);
		if (text === undefined) seen.set(column, (text = JSON.stringify(column)));
		return text;
	};
}
