/** The data behind a chart as CSV that Excel opens correctly and safely. */
import type { ChartTable } from '../frame';

/** UTF-8 byte order mark: Excel on Chinese Windows then reads the file as UTF-8, not GBK. */
export const BOM = '\ufeff';

/**
 * One cell as text. Text starting with `= + - @`, a tab or a carriage return would run as a formula
 * in Excel (CSV injection, OWASP): it gets a leading apostrophe. Numbers are written as numbers
 * (negative numbers stay numbers), missing values as empty cells.
 */
export function csvCell(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let text = value;
	if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV text with BOM and CRLF line ends. */
export function tableToCsv(table: ChartTable): string {
	const lines = [table.columns, ...table.rows].map((row) => row.map(csvCell).join(','));
	return BOM + lines.join('\r\n') + '\r\n';
}
