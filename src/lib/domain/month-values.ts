/**
 * One metric's monthly values of one branch, stored densely: a Float64Array over a run of months
 * (NaN = not reported). The aggregation rules walk only the months of a period, by index, so a
 * view over 1,000 branches costs array reads, not map lookups over every month ever reported.
 */
import { monthFromIndex, monthIndex, periodIndexes, type Month, type Period } from './periods';

export class MonthValues {
	/** Months with a value. */
	readonly size: number;
	/** Month index of the first reported month, or null. */
	readonly firstIndex: number | null;
	/** Reported months before each position (length + 1 entries). */
	private readonly counts: Int32Array;
	/**
	 * Running totals before each position, kept only when every value is an integer (counts, the
	 * usual case) so that a difference of two totals is exact; otherwise sums walk the months.
	 */
	private readonly totals: Float64Array | null;

	/** `start`: the month index of `values[0]`. Not copied: the caller hands the array over. */
	constructor(
		readonly start: number,
		private readonly values: Float64Array
	) {
		let first: number | null = null;
		let exact = true;
		const counts = new Int32Array(values.length + 1);
		const totals = new Float64Array(values.length + 1);
		for (let i = 0; i < values.length; i++) {
			const v = values[i];
			const reported = !Number.isNaN(v);
			counts[i + 1] = counts[i] + (reported ? 1 : 0);
			totals[i + 1] = totals[i] + (reported ? v : 0);
			if (!reported) continue;
			first ??= start + i;
			if (!Number.isInteger(v)) exact = false;
		}
		this.size = counts[values.length];
		this.firstIndex = first;
		this.counts = counts;
		this.totals = exact && Number.isSafeInteger(totals[values.length]) ? totals : null;
	}

	/** Reported months in the period. */
	reportedIn(p: Period): number {
		const { from, to } = periodIndexes(p);
		const a = Math.max(from - this.start, 0);
		const b = Math.min(to - this.start + 1, this.values.length);
		return a < b ? this.counts[b] - this.counts[a] : 0;
	}

	/** Sum of the reported values in the period (0 when none). */
	sumIn(p: Period): number {
		const { from, to } = periodIndexes(p);
		const a = Math.max(from - this.start, 0);
		const b = Math.min(to - this.start + 1, this.values.length);
		if (a >= b) return 0;
		if (this.totals) return this.totals[b] - this.totals[a];
		let sum = 0;
		for (let i = a; i < b; i++) if (!Number.isNaN(this.values[i])) sum += this.values[i];
		return sum;
	}

	/** The value of the latest reported month in the period, or undefined. */
	latestIn(p: Period): number | undefined {
		const { from, to } = periodIndexes(p);
		const a = Math.max(from - this.start, 0);
		for (let i = Math.min(to - this.start, this.values.length - 1); i >= a; i--)
			if (!Number.isNaN(this.values[i])) return this.values[i];
		return undefined;
	}

	/** The latest reported month in the period, or null. */
	latestMonthIn(p: Period): Month | null {
		const { from, to } = periodIndexes(p);
		const a = Math.max(from - this.start, 0);
		for (let i = Math.min(to - this.start, this.values.length - 1); i >= a; i--)
			if (!Number.isNaN(this.values[i])) return monthFromIndex(this.start + i);
		return null;
	}

	/** The value at a month index, or undefined when not reported. */
	at(index: number): number | undefined {
		const v = this.values[index - this.start];
		return v === undefined || Number.isNaN(v) ? undefined : v;
	}

	get(month: Month): number | undefined {
		return this.at(monthIndex(month));
	}

	/** Reported months, in order. */
	*keys(): Generator<Month> {
		for (let i = 0; i < this.values.length; i++)
			if (!Number.isNaN(this.values[i])) yield monthFromIndex(this.start + i);
	}

	/** [month, value] of the reported months, in order. */
	*[Symbol.iterator](): Generator<[Month, number]> {
		for (let i = 0; i < this.values.length; i++)
			if (!Number.isNaN(this.values[i])) yield [monthFromIndex(this.start + i), this.values[i]];
	}

	/** Dense values from month indexes and their values (parallel); a later value for a month wins. */
	static from(months: readonly number[], values: readonly number[]): MonthValues {
		if (!months.length) return EMPTY_VALUES;
		let lo = Infinity;
		let hi = -Infinity;
		for (const m of months) {
			if (m < lo) lo = m;
			if (m > hi) hi = m;
		}
		const dense = new Float64Array(hi - lo + 1).fill(NaN);
		for (let i = 0; i < months.length; i++) dense[months[i] - lo] = values[i];
		return new MonthValues(lo, dense);
	}
}

/** No month reported. (Pure: pages that use aggregate.ts without it do not load this module.) */
export const EMPTY_VALUES = /* @__PURE__ */ new MonthValues(0, new Float64Array(0));
