/**
 * Header recognition: which row is the header, and what each column holds. Names match the
 * catalogue id, zh/en name or an alias, case-insensitively after NFKC, ignoring spaces, `_`/`-`
 * and a trailing unit in brackets (`书记讲党课（次）`, `党员人数(人)`).
 */
import { METRICS, type Metric } from '../domain/metrics';
import type { ColumnMapping, ColumnRole } from './types';
import { isTotalLabel } from './validate';
import { cellText, parseMonth, type ParsedMonth } from './values';

/** The matching key of a header or metric cell. */
export function headerKey(text: string): string {
	let s = text.normalize('NFKC').trim().toLowerCase();
	// A trailing unit: `(次)`, `(人次)`, `[件]`, `【人】` (NFKC has made full-width brackets ASCII).
	s = s.replace(/\s*[([【][^()[\]【】]{0,12}[)\]】]$/, '');
	return s.replace(/[\s_-]+/g, '');
}

const STRUCTURAL: Record<Exclude<ColumnRole, 'metric' | 'unknown'>, string[]> = {
	branch: [
		'支部',
		'党支部',
		'支部名称',
		'党支部名称',
		'所属支部',
		'单位',
		'单位名称',
		'部门',
		'部门名称',
		'branch',
		'branch name',
		'branch_name'
	],
	month: [
		'月份',
		'月度',
		'时间',
		'统计月份',
		'统计时间',
		'统计期间',
		'年月',
		'日期',
		'期间',
		'month',
		'period'
	],
	long_metric: ['指标', '指标名称', '统计指标', '项目', 'metric', 'metric name', 'indicator'],
	long_value: ['数值', '值', '指标值', '数量', '数据', 'value']
};

const roleByKey = new Map<string, ColumnRole>();
for (const [role, names] of Object.entries(STRUCTURAL))
	for (const n of names) roleByKey.set(headerKey(n), role as ColumnRole);

const metricByKey = new Map<string, Metric>();
for (const m of METRICS)
	for (const name of [m.id, m.zh, m.en, ...m.aliases]) {
		const k = headerKey(name);
		if (!metricByKey.has(k) && !roleByKey.has(k)) metricByKey.set(k, m);
	}

/** The catalogue metric (input or derived) a header or a long-format metric cell names. */
export function matchMetric(text: string): Metric | undefined {
	return metricByKey.get(headerKey(text));
}

/** What a header cell holds. `long_value` is only meaningful next to a `long_metric` column. */
export function classifyHeader(text: string): { role: ColumnRole; metric: Metric | null } {
	const k = headerKey(text);
	const role = roleByKey.get(k);
	if (role) return { role, metric: null };
	const metric = metricByKey.get(k);
	if (metric) return { role: 'metric', metric };
	return { role: 'unknown', metric: null };
}

/** How many cells of a row are recognised column names. */
export function recognisedCount(cells: readonly string[]): number {
	let n = 0;
	for (const c of cells) if (c.trim() !== '' && classifyHeader(c).role !== 'unknown') n++;
	return n;
}

/**
 * Index of the header: the first of `rows` (at most `limit`) with two recognised columns or a
 * ledger header (`指标, 2020年1月, 2020年2月 …`), or -1.
 */
export function findHeaderRow(rows: readonly (readonly string[])[], limit = 10): number {
	const n = Math.min(rows.length, limit);
	for (let i = 0; i < n; i++)
		if (recognisedCount(rows[i]) >= 2 || ledgerHeaderScore(rows[i]) > 0) return i;
	return -1;
}

/**
 * Map the header's cells to columns. A value column only counts next to a metric-name column
 * (long format); otherwise it is an unknown column.
 */
export function mapColumns(header: readonly string[]): ColumnMapping[] {
	const columns: ColumnMapping[] = header.map((raw, index) => {
		const text = raw.trim();
		if (text === '') return { index, header: text, role: 'unknown', metric: null };
		const { role, metric } = classifyHeader(text);
		return { index, header: text, role, metric: metric?.id ?? null };
	});
	if (!columns.some((c) => c.role === 'long_metric'))
		for (const c of columns) if (c.role === 'long_value') c.role = 'unknown';
	return columns;
}

/** What a ledger (台账) header cell holds: a month, a month of the title's year, a total or a period. */
export type LedgerColumn =
	| { kind: 'month'; parsed: ParsedMonth }
	| { kind: 'month_of_year'; month: number }
	| { kind: 'total' }
	| { kind: 'period' };

const MONTH_OF_YEAR_RE = /^(\d{1,2})\s*月份?$/;
/** Columns of several months: quarters (`第一季度`, `Q1`, `2020Q1`), ranges (`1-3月`), half-years. */
const PERIOD_RES = [
	/季/,
	/^(?:\d{4}\s*年?\s*)?q\s*[1-4](?:\s*\d{4})?$/i,
	/\d{1,2}\s*月?\s*[-–—~～至到]\s*\d{1,2}\s*月/,
	/半年|^h[12]$/i
];
const LEDGER_TOTALS = new Set(['全年', '累计', '全年累计', '年度', '全年合计', '年度合计', '年计']);

/** Read a ledger header cell; null when it is none of the forms (an unknown column). */
export function ledgerColumn(raw: string): LedgerColumn | null {
	const text = cellText(raw);
	if (text === '') return null;
	if (isTotalLabel(text) || LEDGER_TOTALS.has(text)) return { kind: 'total' };
	const parsed = parseMonth(text);
	if (parsed) return { kind: 'month', parsed };
	if (PERIOD_RES.some((re) => re.test(text))) return { kind: 'period' };
	const m = MONTH_OF_YEAR_RE.exec(text);
	if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12)
		return { kind: 'month_of_year', month: Number(m[1]) };
	return null;
}

/**
 * A ledger header: the first non-empty cell names the metric column (`指标`, `项目`) and at least
 * two of the others are months, month-of-year columns, totals or periods. Returns how many such
 * cells it has (0: not a ledger header).
 */
export function ledgerHeaderScore(cells: readonly string[]): number {
	let first = 0;
	while (first < cells.length && cells[first].trim() === '') first++;
	if (first >= cells.length || classifyHeader(cells[first]).role !== 'long_metric') return 0;
	let n = 0;
	for (let i = first + 1; i < cells.length; i++) {
		const c = ledgerColumn(cells[i]);
		if (c && c.kind !== 'total') n++;
	}
	return n >= 2 ? n : 0;
}

/** The year a ledger's title names (`2020年党建工作台账`, `2020年度`), or null. */
export function titleYear(title: string): number | null {
	const m = /(\d{4})\s*年/.exec(cellText(title)) ?? /(?<!\d)((?:19|20|21)\d{2})(?!\d)/.exec(title);
	return m ? Number(m[1]) : null;
}
