/**
 * Header recognition: which row is the header, and what each column holds. Names match the
 * catalogue id, zh/en name or an alias, case-insensitively after NFKC, ignoring spaces, `_`/`-`
 * and a trailing unit in brackets (`书记讲党课（次）`, `党员人数(人)`).
 */
import { METRICS, type Metric } from '../domain/metrics';
import type { ColumnMapping, ColumnRole } from './types';

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

/** Index of the header: the first of `rows` (at most `limit`) with two recognised columns, or -1. */
export function findHeaderRow(rows: readonly (readonly string[])[], limit = 10): number {
	const n = Math.min(rows.length, limit);
	for (let i = 0; i < n; i++) if (recognisedCount(rows[i]) >= 2) return i;
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
