/**
 * The packed encodings of `import_rows.cells` and `current_rows.cells` (migration 0003): JSON, so
 * SQL reads them through `json_each` (the `current_values` and `import_cells` views do), and
 * JavaScript through one `JSON.parse` per branch × month.
 *
 * - `import_rows.cells`: `[[seq, metric, value, prev, row, column, raw?], …]` in file order.
 *   `seq` increases in file order within the import (the cell's index in the file; for data
 *   converted from the per-cell tables, its observation id); `prev` is the current value it
 *   replaced (null: the cell was new); `column` indexes the import's `imports.columns` (its header
 *   texts); `raw`, the cell's text, is left out when it reads exactly as `value` does.
 * - `current_rows.cells`: `{"metric": [value, importId], …}`.
 *
 * Values are finite numbers (the pipeline rejects anything else), whose JavaScript and SQLite JSON
 * texts both round-trip exactly. At province scale (1.3 M cells) building these texts is most of
 * an import's JavaScript work, so they are concatenated by hand: metric ids never need escaping,
 * and a raw text equal to its value's (the usual case) is neither escaped nor stored.
 */
import type { Cell } from '../../import/types';

export type ImportedCell = [
	seq: number,
	metric: string,
	value: number,
	prev: number | null,
	row: number,
	column: number,
	raw?: string
];

export type CurrentCells = Record<string, [value: number, importId: number]>;

export const decodeImported = (text: string): ImportedCell[] => JSON.parse(text) as ImportedCell[];

/** A stored cell's raw text (left out when it reads as its value, which JSON wrote as `String`). */
export const rawOf = (cell: ImportedCell): string => cell[6] ?? String(cell[2]);

export const decodeCurrent = (text: string): CurrentCells => JSON.parse(text) as CurrentCells;

export const encodeCurrent = (cells: CurrentCells): string => JSON.stringify(cells);

/** A file's column headers, each numbered once in order of first use (stored in `imports.columns`). */
export class ColumnIndex {
	readonly texts: string[] = [];
	private readonly index = new Map<string, number>();

	of(column: string): number {
		let i = this.index.get(column);
		if (i === undefined) {
			this.index.set(column, (i = this.texts.length));
			this.texts.push(column);
		}
		return i;
	}
}

/**
 * One branch × month of a file: the cells at `indexes` (file order) as its history row, and its
 * current row once they are current (from import `importId`) over `old`, the row's current cells.
 */
export function packGroup(
	cells: Cell[],
	indexes: number[],
	prev: (number | null)[],
	importId: number,
	columns: ColumnIndex,
	old: CurrentCells | undefined
): { imported: string; current: string } {
	let imported = '[';
	let current = '{';
	const tail = ',' + importId + ']';
	for (let k = 0; k < indexes.length; k++) {
		const i = indexes[k];
		const c = cells[i];
		const value = '' + c.value;
		imported +=
			(k ? ',[' : '[') +
			i +
			',"' +
			c.metric +
			'",' +
			value +
			',' +
			prev[i] +
			',' +
			c.row +
			',' +
			columns.of(c.column) +
			(c.raw === value ? ']' : ',' + JSON.stringify(c.raw) + ']');
		if (!old) current += (k ? ',"' : '"') + c.metric + '":[' + value + tail;
		else old[c.metric] = [c.value, importId];
	}
	return { imported: imported + ']', current: old ? encodeCurrent(old) : current + '}' };
}
