/**
 * Months and periods. A month is the string `YYYY-MM`; a period is an inclusive month range.
 * Month arithmetic goes through an index (year × 12 + month − 1) so ranges never skip or repeat.
 */

export type Month = string;

export interface Period {
	from: Month;
	to: Month;
}

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
	return MONTH_RE.test(s);
}

/** Parsed months: the aggregation rules ask for the same few hundred months millions of times. */
const indexes = new Map<Month, number>();

/** year × 12 + (month − 1) */
export function monthIndex(m: Month): number {
	const known = indexes.get(m);
	if (known !== undefined) return known;
	const match = MONTH_RE.exec(m);
	if (!match) throw new RangeError(`not a month: ${m}`);
	const i = Number(match[1]) * 12 + Number(match[2]) - 1;
	indexes.set(m, i);
	return i;
}

export function monthFromIndex(i: number): Month {
	const year = Math.floor(i / 12);
	const month = (i % 12) + 1;
	return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function monthOf(year: number, month: number): Month {
	return monthFromIndex(year * 12 + month - 1);
}

export function addMonths(m: Month, n: number): Month {
	return monthFromIndex(monthIndex(m) + n);
}

/** Every month of the period, in order. */
export function monthsIn(p: Period): Month[] {
	const out: Month[] = [];
	for (let i = monthIndex(p.from); i <= monthIndex(p.to); i++) out.push(monthFromIndex(i));
	return out;
}

/**
 * A period's month indexes. Remembers the last period asked for: the rules ask about the same
 * period object once per branch and metric.
 */
let lastSpan: { p: Period; from: number; to: number } | null = null;
export function periodIndexes(p: Period): { from: number; to: number } {
	if (lastSpan?.p !== p || lastSpan.p.from !== p.from || lastSpan.p.to !== p.to)
		lastSpan = { p, from: monthIndex(p.from), to: monthIndex(p.to) };
	return lastSpan;
}

export function monthCount(p: Period): number {
	const { from, to } = periodIndexes(p);
	return Math.max(0, to - from + 1);
}

export function inPeriod(m: Month, p: Period): boolean {
	return m >= p.from && m <= p.to;
}

/** Calendar quarter of a month: `2020-Q3`. */
export function quarterOf(m: Month): string {
	const i = monthIndex(m);
	return `${Math.floor(i / 12)}-Q${Math.floor((i % 12) / 3) + 1}`;
}

/** The calendar quarters lying wholly inside the period, each with its three months. */
export function quartersWithin(p: Period): { quarter: string; months: Month[] }[] {
	const out: { quarter: string; months: Month[] }[] = [];
	const first = monthIndex(p.from);
	const last = monthIndex(p.to);
	for (let start = Math.ceil(first / 3) * 3; start + 2 <= last; start += 3) {
		const months = [start, start + 1, start + 2].map(monthFromIndex);
		out.push({ quarter: quarterOf(months[0]), months });
	}
	return out;
}

/** The equal-length period just before this one. */
export function previousPeriod(p: Period): Period {
	const n = monthCount(p);
	return { from: addMonths(p.from, -n), to: addMonths(p.from, -1) };
}

/** The same months one year earlier. */
export function yearEarlier(p: Period): Period {
	return { from: addMonths(p.from, -12), to: addMonths(p.to, -12) };
}

export function quarterPeriod(year: number, q: number): Period {
	const from = monthOf(year, (q - 1) * 3 + 1);
	return { from, to: addMonths(from, 2) };
}

export function yearPeriod(year: number): Period {
	return { from: monthOf(year, 1), to: monthOf(year, 12) };
}

/** The `n` months ending with `end`. */
export function lastMonths(end: Month, n: number): Period {
	return { from: addMonths(end, -(n - 1)), to: end };
}

/** The current month in local time. */
export function currentMonth(now: Date = new Date()): Month {
	return monthOf(now.getFullYear(), now.getMonth() + 1);
}

/** `2019-01..2019-12`, or a single month. */
export function formatPeriod(p: Period): string {
	return p.from === p.to ? p.from : `${p.from}..${p.to}`;
}
