/**
 * The URL is the state of a view: period, metrics, normalisation and comparison live in search
 * params, so a link or Back restores the view. One parser and one serialiser for every page.
 */
import type { Normalisation } from '../domain/aggregate';
import { isMetricId, type MetricId } from '../domain/metrics';
import { currentMonth, isMonth, lastMonths, type Month } from '../domain/periods';

export interface ViewParams {
	from: Month;
	to: Month;
	/** Chosen metrics; the first is the primary one (ranked bars, small multiples, trends). */
	metrics: MetricId[];
	norm: Normalisation;
	/** Compare with nothing, the previous equal period, or the same period a year earlier. */
	cmp: Comparison;
}

/** What a period is compared with: `cmp=prev` (or the older `cmp=1`), `cmp=yoy`, or nothing. */
export type Comparison = 'none' | 'prev' | 'yoy';
export const COMPARISONS: readonly Comparison[] = ['none', 'prev', 'yoy'];

function parseComparison(raw: string | null): Comparison {
	if (raw === '1') return 'prev';
	return COMPARISONS.includes(raw as Comparison) ? (raw as Comparison) : 'none';
}

export const DEFAULT_METRICS: MetricId[] = [
	'secretary_lectures',
	'leader_case_share',
	'guidance_visits',
	'study_sessions',
	'party_days',
	'rectification_rate'
];

const NORMS: Normalisation[] = ['raw', 'per10', 'norm'];

/**
 * Read the view from search params. Missing or invalid values fall back to defaults: the 12 months
 * up to the latest reported month (or the current month when nothing is reported).
 */
export function parseViewParams(params: URLSearchParams, latest: Month | null): ViewParams {
	const fallback = lastMonths(latest ?? currentMonth(), 12);
	let from = params.get('from') ?? '';
	let to = params.get('to') ?? '';
	if (!isMonth(from) || !isMonth(to) || from > to) ({ from, to } = fallback);
	const metrics = (params.get('metrics') ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter((s): s is MetricId => isMetricId(s));
	const norm = params.get('norm') as Normalisation;
	return {
		from,
		to,
		metrics: metrics.length ? [...new Set(metrics)] : DEFAULT_METRICS,
		norm: NORMS.includes(norm) ? norm : 'raw',
		cmp: parseComparison(params.get('cmp'))
	};
}

/** Serialise a view to a query string (`?from=…`), keeping only what differs from nothing. */
export function viewQuery(v: ViewParams, extra: Record<string, string | null> = {}): string {
	const q = new URLSearchParams();
	q.set('from', v.from);
	q.set('to', v.to);
	q.set('metrics', v.metrics.join(','));
	if (v.norm !== 'raw') q.set('norm', v.norm);
	if (v.cmp !== 'none') q.set('cmp', v.cmp);
	for (const [k, val] of Object.entries(extra)) if (val !== null) q.set(k, val);
	return `?${q}`;
}
