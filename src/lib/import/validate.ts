/**
 * Validation helpers: the problem collector (errors vs warnings), template and total rows,
 * count rules, and the Excel `2020.10` → `2020.1` month fix. Everything is reported, not thrown.
 */
import { normaliseName } from '../domain/branches';
import { monthOf, type Month } from '../domain/periods';
import type { ParsedMonth } from './values';
import { DEFAULT_MAX_COUNT, type Problem, type ProblemCode } from './types';

/** Codes that are warnings: the file still imports. Every other code is an error. */
export const WARNING_CODES: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
	'unknown_column',
	'merged_branch_cell',
	'total_row_skipped',
	'total_column_skipped',
	'group_header_skipped',
	'ambiguous_month_fixed',
	'branch_from_title',
	'branch_from_filename',
	'encoding_guess'
]);

export function isWarning(code: ProblemCode): boolean {
	return WARNING_CODES.has(code);
}

/** Problems of one code kept in full; beyond this they are only counted (a file of 1M bad cells). */
export const MAX_PER_CODE = 1000;

/** Collects problems; `onCell` hears about every problem tied to a row and column index. */
export class ProblemLog {
	readonly errors: Problem[] = [];
	readonly warnings: Problem[] = [];
	private readonly counts = new Map<ProblemCode, number>();

	constructor(private readonly onCell?: (row: number, col: number, warning: boolean) => void) {}

	add(
		code: ProblemCode,
		row: number | null,
		column: string | null,
		value: string | null,
		params?: Record<string, string | number>,
		col?: number | readonly number[]
	): Problem {
		const n = (this.counts.get(code) ?? 0) + 1;
		this.counts.set(code, n);
		const p = boundedProblem(code, row, column, value, params);
		if (n <= MAX_PER_CODE) (isWarning(code) ? this.warnings : this.errors).push(p);
		if (row !== null && col !== undefined && this.onCell) {
			const warning = isWarning(code);
			if (typeof col === 'number') this.onCell(row, col, warning);
			else for (const c of col) this.onCell(row, c, warning);
		}
		return p;
	}

	get hasErrors(): boolean {
		return this.errors.length > 0;
	}

	/** Add one `problems_truncated` entry per code that went over the limit. */
	finish(): void {
		for (const [code, n] of this.counts) {
			if (n <= MAX_PER_CODE) continue;
			const p: Problem = {
				code: 'problems_truncated',
				row: null,
				column: null,
				value: null,
				params: { code, count: n, shown: MAX_PER_CODE }
			};
			(isWarning(code) ? this.warnings : this.errors).push(p);
		}
	}
}

/**
 * A problem whose file texts (value, column, string parameters) are cut by `clipText`; each cut
 * text's full length is the parameter `<name>Length` (`valueLength`, `columnLength`, `otherLength`).
 */
function boundedProblem(
	code: ProblemCode,
	row: number | null,
	column: string | null,
	value: string | null,
	params?: Record<string, string | number>
): Problem {
	let bounded: Record<string, string | number> | undefined;
	const note = (key: string, length: number | undefined) => {
		if (length !== undefined) (bounded ??= {})[`${key}Length`] = length;
	};
	if (params)
		for (const [key, v] of Object.entries(params)) {
			if (typeof v !== 'string' || v.length <= MAX_TEXT) continue;
			const c = clipText(v);
			bounded ??= {};
			bounded[key] = c.text;
			note(key, c.length);
		}
	const c = column === null ? null : clipText(column);
	const v = value === null ? null : clipText(value);
	note('column', c?.length);
	note('value', v?.length);
	const all = bounded ? { ...params, ...bounded } : params;
	const p: Problem = { code, row, column: c?.text ?? null, value: v?.text ?? null };
	if (all) p.params = all;
	return p;
}

/** Markers of template sample rows (`示例`, `请删除`, `正式导入前请删除`). */
export function isSampleCell(text: string): boolean {
	if (text.includes('示例') || text.includes('请删除')) return true;
	// The English template's row: `Example: … (delete this row before importing)`.
	return /^\s*example\b|delete this row/i.test(text);
}

const TOTAL_WORDS = ['合计', '总计', '小计', 'total', 'sum', 'grandtotal', 'subtotal'];
const TOTAL_SET = new Set(TOTAL_WORDS);

/** A total row's label (cell text as in the file): `合计`, `总计`, `小计`, `Total`, `全年合计`. */
export function isTotalLabel(text: string): boolean {
	// Fast path before any normalisation: almost every cell is no total.
	if (text === '' || (!text.includes('计') && !/total|sum/i.test(text))) return false;
	const k = normaliseName(text).replace(/[:：]$/, '');
	return TOTAL_SET.has(k) || k.endsWith('合计') || k.endsWith('总计') || k.endsWith('小计');
}

export type CountCheck = 'negative_count' | 'fractional_count' | 'count_too_large' | null;

/** Counts are non-negative whole numbers no larger than `max` (one month's plausible ceiling). */
export function checkCount(value: number, max = DEFAULT_MAX_COUNT): CountCheck {
	if (value < 0) return 'negative_count';
	if (!Number.isInteger(value)) return 'fractional_count';
	if (value > max) return 'count_too_large';
	return null;
}

/** Characters of file text kept in a problem, a column name or a preview cell. */
export const MAX_TEXT = 200;

/**
 * File text cut to `MAX_TEXT` characters with `…` (a 13-million-character header must not become
 * megabytes of warnings); `length` is the full length when it was cut.
 */
export function clipText(text: string): { text: string; length?: number } {
	if (text.length <= MAX_TEXT) return { text };
	return { text: text.slice(0, MAX_TEXT) + '…', length: text.length };
}

/** `clipText` without the length, for texts shown beside a problem that notes it. */
export function clip(text: string): string {
	return text.length <= MAX_TEXT ? text : text.slice(0, MAX_TEXT) + '…';
}

/**
 * Excel stores `2020.10` as the number 2020.1. Where a branch's months in the `YYYY.M` form run
 * `2020.9` then `2020.1`, that `2020.1` is October. Feed months in file order, per branch.
 */
export class DottedMonthFixer {
	private readonly last = new Map<string, { year: number; month: number; fixed: boolean }>();

	/** The month to use, and whether it was changed from January to October. */
	resolve(branchKey: string, text: string, parsed: ParsedMonth): { month: Month; fixed: boolean } {
		if (!parsed.dotted) return { month: parsed.month, fixed: false };
		const year = Number(parsed.month.slice(0, 4));
		let month = Number(parsed.month.slice(5, 7));
		let fixed = false;
		const prev = this.last.get(branchKey);
		if (
			month === 1 &&
			/\.1$/.test(text) &&
			prev !== undefined &&
			prev.year === year &&
			(prev.month === 9 || (prev.month === 10 && prev.fixed))
		) {
			month = 10;
			fixed = true;
		}
		this.last.set(branchKey, { year, month, fixed });
		return { month: fixed ? monthOf(year, 10) : parsed.month, fixed };
	}
}

/** `3, 5–7, 9` for a sorted list of row numbers (at most `max` ranges, then `…`). */
export function formatRows(rows: readonly number[], max = 20): string {
	const parts: string[] = [];
	for (let i = 0; i < rows.length;) {
		let j = i;
		while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
		if (parts.length === max) {
			parts.push('…');
			break;
		}
		parts.push(j > i ? `${rows[i]}–${rows[j]}` : String(rows[i]));
		i = j + 1;
	}
	return parts.join(', ');
}
