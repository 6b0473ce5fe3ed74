/**
 * What the browser needs of a view's URL: its limits (the metric chooser stops at MAX_METRICS) and
 * `viewQuery`, which writes a view back as search params. Kept apart from view-params.ts so pages
 * do not load zod (~30 KB gzip) only to build links: the schema checks views where they enter, on
 * the server.
 */
import type { ViewParams } from './view-params';

/** The first and last year a view may show: far around any programme, and within month maths. */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;
/** The longest period a view may span (ten years); it bounds the work one request can ask for. */
export const MAX_MONTHS = 120;
/** The most metrics a view may choose (the metric chooser stops there). */
export const MAX_METRICS = 12;

/** Serialise a view to a query string (`?from=…`), keeping only what differs from nothing. */
export function viewQuery(v: ViewParams, extra: Record<string, string | null> = {}): string {
	const q = new URLSearchParams();
	q.set('from', v.from);
	q.set('to', v.to);
	q.set('metrics', v.metrics.join(','));
	if (v.norm !== 'raw') q.set('norm', v.norm);
	if (v.cmp !== 'none') q.set('cmp', v.cmp);
	if (v.branch) q.set('branch', v.branch);
	for (const [k, val] of Object.entries(extra)) if (val !== null) q.set(k, val);
	return `?${q}`;
}
