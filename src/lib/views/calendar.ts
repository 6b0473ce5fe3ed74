/** Layout of the 三会一课 calendar: one table cell per month, or per quarter spanning its months. */
import type { CalendarCell, CalendarRow } from '$lib/views/branch-view';

export type CalendarSlot =
	{ kind: 'unit'; cell: CalendarCell; span: number } | { kind: 'outside'; month: string };

/** The row's cells laid over the months: quarters span 3 columns, months outside a whole quarter stand alone. */
export function calendarSlots(row: CalendarRow, months: string[]): CalendarSlot[] {
	const byFirst = new Map(row.cells.map((c) => [c.months[0], c]));
	const covered = new Set(row.cells.flatMap((c) => c.months));
	const out: CalendarSlot[] = [];
	for (const month of months) {
		const cell = byFirst.get(month);
		if (cell) out.push({ kind: 'unit', cell, span: cell.months.length });
		else if (!covered.has(month)) out.push({ kind: 'outside', month });
	}
	return out;
}

/** Year groups for the header: `[{ year: '2019', span: 7 }, …]`. */
export function yearGroups(months: string[]): { year: string; span: number }[] {
	const out: { year: string; span: number }[] = [];
	for (const m of months) {
		const year = m.slice(0, 4);
		const last = out.at(-1);
		if (last?.year === year) last.span++;
		else out.push({ year, span: 1 });
	}
	return out;
}
