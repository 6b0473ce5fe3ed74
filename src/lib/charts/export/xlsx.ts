/** The data behind a chart as an Excel workbook; exceljs is loaded only when asked for. */
import type { ChartFrame, ChartTable } from '../frame';

/** A workbook with the chart's title, subtitle and source above its table. */
export async function tableToXlsx(table: ChartTable, frame: ChartFrame): Promise<Uint8Array> {
	const { default: ExcelJS } = await import('exceljs');
	const book = new ExcelJS.Workbook();
	book.creator = 'Pacesetter';
	const sheet = book.addWorksheet(sheetName(frame.title));
	sheet.addRow([frame.title]).font = { bold: true, size: 14 };
	sheet.addRow([[frame.subtitle, frame.unit].filter(Boolean).join(' · ')]);
	sheet.addRow([]);
	const header = sheet.addRow(table.columns);
	header.font = { bold: true };
	// Typed cells: text stays text (exceljs never turns a string into a formula), numbers numbers.
	for (const row of table.rows) sheet.addRow(row.map((v) => v ?? null));
	sheet.addRow([]);
	sheet.addRow([[frame.source, frame.asOf].filter(Boolean).join('    ')]);
	table.columns.forEach((col, i) => {
		const longest = Math.max(col.length, ...table.rows.map((r) => String(r[i] ?? '').length));
		sheet.getColumn(i + 1).width = Math.min(40, Math.max(8, longest * 2 + 2));
	});
	return new Uint8Array(await book.xlsx.writeBuffer());
}

/** Excel sheet names: at most 31 characters, none of `\ / ? * [ ] :`. */
export function sheetName(title: string): string {
	return title.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';
}
