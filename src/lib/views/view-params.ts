/**
 * The URL is the state of a view: period, metrics, normalisation, comparison and branch live in
 * search params, so a link or Back restores the view. One schema (`ViewSchema`) says what a valid
 * view is; every page load, tRPC procedure, export endpoint and CLI command checks views with it.
 *
 * Two readers of a URL share it: pages `readView` (anything out of range or malformed is clamped
 * to the nearest valid view, with a `Correction` for the note the page shows), APIs `parseView`
 * (anything wrong is a 400 naming the parameter). Missing parameters take defaults in both.
 * Pages in the browser take the limits and `viewQuery` from view-query.ts, which has no zod.
 */
import { z } from 'zod';

// The page's CSP allows no eval: without `jitless` zod probes `new Function` on its first parse in
// the browser, which the browser reports as a violation even though zod catches it.
z.config({ jitless: true });
import type { Normalisation } from '../domain/aggregate';
import { isMetricId, METRIC_IDS, type MetricId } from '../domain/metrics';
import {
	addMonths,
	currentMonth,
	isMonth,
	lastMonths,
	monthCount,
	type Month
} from '../domain/periods';
import { MAX_METRICS, MAX_MONTHS, MAX_YEAR, MIN_YEAR } from './view-query';

export const NORMALISATIONS = ['raw', 'per10', 'norm'] as const satisfies Normalisation[];
/** Comparison: none, the equal period just before, or the same months a year earlier. */
export const COMPARISONS = ['none', 'prev', 'yoy'] as const;
export type Comparison = (typeof COMPARISONS)[number];

const MIN_MONTH: Month = `${MIN_YEAR}-01`;
const MAX_MONTH: Month = `${MAX_YEAR}-12`;

const viewMonth = z.string().superRefine((m, ctx) => {
	if (!isMonth(m)) ctx.addIssue({ code: 'custom', message: 'expected a month YYYY-MM' });
	else if (m < MIN_MONTH || m > MAX_MONTH)
		ctx.addIssue({ code: 'custom', message: `expected a month from ${MIN_MONTH} to ${MAX_MONTH}` });
});
/** Both ends are months (refinements run even when a field failed: keep month maths away). */
const months = (v: { from: string; to: string }) => isMonth(v.from) && isMonth(v.to);

export const branchSlug = z
	.string()
	.min(1)
	.max(80)
	.regex(/^[a-z0-9-]+$/, 'expected a branch slug (a-z, 0-9, -)');

/** The fields of a view, before the rules that tie them together. */
const ViewFields = z.object({
	from: viewMonth,
	to: viewMonth,
	/** Chosen metrics; the first is the primary one (ranked bars, small multiples, trends). */
	metrics: z
		.array(z.enum(METRIC_IDS, { error: 'unknown metric' }))
		.min(1)
		.max(MAX_METRICS)
		.refine((ids) => new Set(ids).size === ids.length, 'a metric is listed twice'),
	norm: z.enum(NORMALISATIONS, { error: 'expected raw, per10 or norm' }).default('raw'),
	cmp: z.enum(COMPARISONS, { error: 'expected none, prev or yoy' }).default('none'),
	/** The branch a view is about (a branch export), if any; a branch page's is in its path. */
	branch: branchSlug.optional()
});

/** The rules across fields: `from` ≤ `to`, at most `MAX_MONTHS` months. */
function periodRules<S extends z.ZodType<{ from: string; to: string }>>(schema: S) {
	return schema
		.refine((v) => !months(v) || v.from <= v.to, {
			message: 'from must not be after to',
			path: ['to']
		})
		.refine((v) => !months(v) || monthCount(v) <= MAX_MONTHS, {
			message: `a period of at most ${MAX_MONTHS} months`,
			path: ['from']
		});
}

/** A valid view. */
export const ViewSchema = periodRules(ViewFields);

/** A valid view of one branch (its page's query). */
export const BranchViewSchema = periodRules(ViewFields.extend({ slug: branchSlug }));

export type ViewParams = z.output<typeof ViewSchema>;

export const DEFAULT_METRICS: MetricId[] = [
	'secretary_lectures',
	'leader_case_share',
	'guidance_visits',
	'study_sessions',
	'party_days',
	'rectification_rate'
];

/** What `readView` changed to make a URL's view valid, for the page's note. */
export type Correction =
	| { kind: 'malformed'; field: 'from' | 'to' | 'norm' | 'cmp' | 'branch'; value: string }
	| { kind: 'out_of_range'; field: 'from' | 'to'; value: string; now: Month }
	| { kind: 'inverted'; from: Month; to: Month }
	| { kind: 'too_long'; months: number; from: Month }
	| { kind: 'unknown_metrics'; values: string[] }
	| { kind: 'too_many_metrics'; count: number };

/** A value from a URL as shown back in a note: cut to a sensible length. */
function echo(value: string): string {
	return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}

function listOf(raw: string | null): string[] {
	return (raw ?? '')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

/** `cmp=1` is the older spelling of the previous period, `cmp=0` of none. */
function comparison(raw: string | null): Comparison | null {
	if (raw === null || raw === '' || raw === '0') return 'none';
	if (raw === '1') return 'prev';
	return (COMPARISONS as readonly string[]).includes(raw) ? (raw as Comparison) : null;
}

/** Defaults for a missing period: 12 months up to the latest reported month (or the current one). */
function defaultPeriod(latest: Month | null) {
	const end = latest ?? currentMonth();
	return lastMonths(end < MIN_MONTH ? MIN_MONTH : end > MAX_MONTH ? MAX_MONTH : end, 12);
}

/**
 * A page's view of its URL: always valid. A missing parameter takes its default (the 12 months up
 * to `latest`, the default metrics, raw, no comparison; one end of the period missing, 12 months
 * from the other within the data `first`…`latest`); a malformed or out-of-range one is
 * replaced by the nearest valid value and listed in `corrections`.
 */
export function readView(
	params: URLSearchParams,
	latest: Month | null,
	first: Month | null = null
): { view: ViewParams; corrections: Correction[] } {
	const corrections: Correction[] = [];
	const month = (field: 'from' | 'to'): Month | null => {
		const raw = params.get(field);
		if (raw === null || raw === '') return null;
		if (!isMonth(raw)) {
			corrections.push({ kind: 'malformed', field, value: echo(raw) });
			return null;
		}
		if (raw < MIN_MONTH || raw > MAX_MONTH) {
			const now = raw < MIN_MONTH ? MIN_MONTH : MAX_MONTH;
			corrections.push({ kind: 'out_of_range', field, value: raw, now });
			return now;
		}
		return raw;
	};
	let from = month('from');
	let to = month('to');
	if (from === null && to === null) ({ from, to } = defaultPeriod(latest));
	// One end given: 12 months from it, cut at the data's edge when the data reaches that end (a
	// period mostly outside the data would show blanks); a period with none keeps its 12 months.
	else if (from === null)
		from = max(addMonths(to!, -11), first !== null && first <= to! ? first : MIN_MONTH);
	else if (to === null)
		to = min(addMonths(from, 11), latest !== null && latest >= from ? latest : MAX_MONTH);
	if (from! > to!) {
		corrections.push({ kind: 'inverted', from: to!, to: from! });
		[from, to] = [to, from];
	}
	const months = monthCount({ from: from!, to: to! });
	if (months > MAX_MONTHS) {
		from = addMonths(to!, -(MAX_MONTHS - 1));
		corrections.push({ kind: 'too_long', months, from });
	}

	const asked = listOf(params.get('metrics'));
	const unknown = asked.filter((s) => !isMetricId(s));
	if (unknown.length) corrections.push({ kind: 'unknown_metrics', values: unknown.map(echo) });
	let metrics = [...new Set(asked.filter(isMetricId))];
	if (metrics.length > MAX_METRICS) {
		corrections.push({ kind: 'too_many_metrics', count: metrics.length });
		metrics = metrics.slice(0, MAX_METRICS);
	}
	if (!metrics.length) metrics = DEFAULT_METRICS;

	const rawNorm = params.get('norm');
	let norm: Normalisation = 'raw';
	if (rawNorm) {
		if ((NORMALISATIONS as readonly string[]).includes(rawNorm)) norm = rawNorm as Normalisation;
		else corrections.push({ kind: 'malformed', field: 'norm', value: echo(rawNorm) });
	}
	const rawCmp = params.get('cmp');
	let cmp = comparison(rawCmp);
	if (cmp === null) {
		corrections.push({ kind: 'malformed', field: 'cmp', value: echo(rawCmp!) });
		cmp = 'none';
	}
	const rawBranch = params.get('branch');
	let branch: string | undefined;
	if (rawBranch) {
		if (branchSlug.safeParse(rawBranch).success) branch = rawBranch;
		else corrections.push({ kind: 'malformed', field: 'branch', value: echo(rawBranch) });
	}
	// Whatever came in, what goes out is a view the schema accepts.
	const view = ViewSchema.parse({ from, to, metrics, norm, cmp, ...(branch ? { branch } : {}) });
	return { view, corrections };
}

/**
 * An API's view of its URL: the view, or the problems that make it invalid (each naming the
 * parameter), for a 400. Missing parameters take the same defaults as `readView`.
 */
export function parseView(
	params: URLSearchParams,
	latest: Month | null
): { ok: true; view: ViewParams } | { ok: false; problems: string[] } {
	const fallback = defaultPeriod(latest);
	let from = params.get('from') || null;
	let to = params.get('to') || null;
	if (from === null && to === null) ({ from, to } = fallback);
	else if (from === null && isMonth(to!)) from = addMonths(to!, -11);
	else if (to === null && isMonth(from!)) to = addMonths(from!, 11);
	const asked = listOf(params.get('metrics'));
	const cmp = comparison(params.get('cmp'));
	const v = ViewSchema.safeParse({
		from,
		to,
		metrics: asked.length ? asked : DEFAULT_METRICS,
		norm: params.get('norm') || undefined,
		cmp: cmp ?? params.get('cmp'),
		branch: params.get('branch') || undefined
	});
	if (v.success) return { ok: true, view: v.data };
	return {
		ok: false,
		problems: v.error.issues.map((i) => `${i.path.join('.') || 'view'}: ${i.message}`)
	};
}

function min(a: Month, b: Month): Month {
	return a < b ? a : b;
}
function max(a: Month, b: Month): Month {
	return a > b ? a : b;
}
