/**
 * The one month parser and the one number parser of the import pipeline.
 * Every cell goes through `cellText` (NFKC + trim) first, so full-width digits, brackets and
 * ideographic spaces are already plain ASCII here.
 */
import { monthOf, type Month } from '../domain/periods';

/** NFKC and trimmed (incl. ideographic and no-break spaces, which NFKC turns into spaces). */
export function cellText(raw: string): string {
	// Most cells are plain ASCII: skip the normalisation cost for them.
	// eslint-disable-next-line no-control-regex
	return (/^[\x00-\x7f]*$/.test(raw) ? raw : raw.normalize('NFKC')).trim();
}

export interface ParsedMonth {
	month: Month;
	/**
	 * Written as `YYYY.M` / `YYYY.MM` (a number Excel may have shortened: `2020.10` → `2020.1`).
	 * The pipeline uses this to spot the October that Excel turned into January.
	 */
	dotted: boolean;
}

const YM_RE = /^(\d{4})\s*[-/.]\s*(\d{1,2})$/;
const YM_ZH_RE = /^(\d{4})\s*年\s*(\d{1,2})\s*月?份?(?:\s*(\d{1,2})\s*日)?$/;
const YMD_RE =
	/^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const COMPACT_RE = /^(\d{4})(\d{2})(\d{2})?(?:\.0+)?$/;

const MIN_YEAR = 1949;
const MAX_YEAR = 2200;

function validDay(year: number, month: number, day: number): boolean {
	return day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function make(year: number, month: number, dotted = false): ParsedMonth | null {
	if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
	return { month: monthOf(year, month), dotted };
}

/**
 * Parse a month cell: `2020-01`, `2020-1`, `2020/1`, `2020.01`, `2020.1`, `2020年1月`, `202001`,
 * and Excel dates `2020/1/1`, `2020-01-01`, `20200113`, `20200113.0`. Null when it is none of these.
 */
export function parseMonth(raw: string): ParsedMonth | null {
	const s = cellText(raw);
	let m = YM_RE.exec(s);
	if (m) return make(Number(m[1]), Number(m[2]), s.includes('.'));
	m = YM_ZH_RE.exec(s);
	if (m) {
		if (m[3] !== undefined && !validDay(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
		return make(Number(m[1]), Number(m[2]));
	}
	m = YMD_RE.exec(s) ?? COMPACT_RE.exec(s);
	if (m) {
		const year = Number(m[1]);
		const month = Number(m[2]);
		if (m[3] !== undefined && !validDay(year, month, Number(m[3]))) return null;
		// An Excel date with a time: the time must be one (`25:00` or `:61` is no date at all).
		if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59))
			return null;
		return make(year, month);
	}
	return null;
}

export type ParsedNumber =
	| { kind: 'value'; value: number }
	/** Not reported: empty, `-`, `/`, `不适用`, `未填报`, `N/A` … (not zero). */
	| { kind: 'missing' }
	/** A percentage such as `29.6%`: never a valid count. */
	| { kind: 'percent'; value: number }
	| { kind: 'bad' }
	/** Digits a double cannot hold exactly (`9007199254740993`, `1.00000000000000001`). */
	| { kind: 'imprecise' };

/** Cell texts (after `cellText`, lower-cased) that mean "not reported". */
const MISSING = new Set([
	'',
	'-',
	'--',
	'—',
	'——',
	'–',
	'/',
	'\\',
	'不适用',
	'未填报',
	'未报',
	'n/a',
	'na',
	'#n/a'
]);

/** Texts that mean none (zero). */
const ZERO = new Set(['无']);

// Thousands groups must be whole (`1,020`, not `1,02`); `，` has become `,` through NFKC.
const NUMBER_RE = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$/;

const MISSING_RESULT: ParsedNumber = { kind: 'missing' };
const BAD_RESULT: ParsedNumber = { kind: 'bad' };

const IMPRECISE_RESULT: ParsedNumber = { kind: 'imprecise' };

/** Significant digits a double holds exactly whatever they are (`Number.MAX_SAFE_INTEGER` has 16). */
const EXACT_DIGITS = 15;

function toNumber(s: string): number | null {
	if (!NUMBER_RE.test(s) || !/\d/.test(s)) return null;
	const n = Number(s.includes(',') ? s.replaceAll(',', '') : s);
	return Number.isFinite(n) ? n : null;
}

/**
 * Whether `Number` rounded the number text `s` (sign and separators allowed) to `n` silently:
 * `9007199254740993` → …992, `1.00000000000000001` → 1, 1e21 digits → `1e+21`. Up to 15
 * significant digits a double is always exact; beyond, the double must print back as the text.
 */
function losesPrecision(s: string, n: number): boolean {
	if (s.length <= EXACT_DIGITS) return false; // fewer characters than digits a double keeps
	const [whole, fraction = ''] = s.replace(/[+\-,]/g, '').split('.');
	const int = whole.replace(/^0+(?=\d)/, '');
	const frac = fraction.replace(/0+$/, '');
	if (int.replace(/^0+/, '').length + frac.length <= EXACT_DIGITS) return false;
	return String(Math.abs(n)) !== (frac ? `${int || '0'}.${frac}` : int);
}

/** Parse a number cell: full-width digits, thousands separators, `无` = 0, not-reported markers. */
export function parseNumber(raw: string): ParsedNumber {
	const s = cellText(raw);
	if (MISSING.has(s) || MISSING.has(s.toLowerCase())) return MISSING_RESULT;
	if (ZERO.has(s)) return { kind: 'value', value: 0 };
	if (s.endsWith('%')) {
		const n = toNumber(s.slice(0, -1).trim());
		return n === null ? BAD_RESULT : { kind: 'percent', value: n };
	}
	const n = toNumber(s);
	if (n === null) return BAD_RESULT;
	return losesPrecision(s, n) ? IMPRECISE_RESULT : { kind: 'value', value: n };
}
