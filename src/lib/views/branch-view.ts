/**
 * The branch page's data as the server computes it and the page and exports draw it (see
 * `server/branch-page.ts` for how it is computed).
 */
import type { Aggregate, Normalisation, NormStatus } from '$lib/domain/aggregate';
import type { Branch } from '$lib/domain/branches';
import type { MetricId, Norm } from '$lib/domain/metrics';
import type { Month, Period } from '$lib/domain/periods';
import type { Comparison } from './view-params';

/** Where a current value came from. */
export interface Provenance {
	metric: MetricId;
	importId: number;
	fileName: string;
	importedAt: string;
	row: number;
	column: string;
}

export interface MetricTrend {
	metric: MetricId;
	/** The period figure (sum, latest or ratio of sums) under the aggregation rules. */
	total: Aggregate;
	/** The figure ranked among the branches (normalised as asked), its rank, and how many ranked. */
	figure: number | null;
	rank: number | null;
	/** The rank is shared with another branch (并列 / tied). */
	tied: boolean;
	ranked: number;
	/** One value per month of the period; null = not reported (a gap, never 0). */
	values: (number | null)[];
	/** Per month the cells behind the value (a ratio has its numerator's and denominator's). */
	sources: Provenance[][];
	/** All-branch figure per month: mean of the reporting branches, pooled for ratios. */
	average: (number | null)[];
	averageBranches: number[];
	/** The comparison period's months (a year earlier, or the previous equal period), aligned with
	 * `values`; null when not comparing. */
	previous: (number | null)[] | null;
	/** 3-month rolling figure ending at each month (pooled for ratios). */
	rolling: (number | null)[];
	norm: Norm | null;
	/** The same figures by calendar quarter, for a count whose norm is quarterly (else null). */
	quarterly: QuarterTrend | null;
}

/**
 * A trend by the calendar quarters lying wholly inside the period: a quarterly norm reads against
 * a quarter's count, not a 0/1 zigzag of months. A quarter with unreported months is partly
 * reported (its figure sums what was reported); one with none is null, never 0.
 */
export interface QuarterTrend {
	/** `2020-Q1`, … */
	quarters: string[];
	months: Month[][];
	values: (number | null)[];
	/** Months reported in each quarter (of 3). */
	reported: number[];
	average: (number | null)[];
	averageBranches: number[];
	/** The comparison quarters (shifted as the monthly `previous`); null when not comparing. */
	previous: (number | null)[] | null;
	sources: Provenance[][];
}

export interface CalendarCell {
	/** `2020-03` or `2020-Q1`. */
	unit: string;
	months: Month[];
	status: NormStatus;
	value: number | null;
	sources: Provenance[];
}

export interface CalendarRow {
	metric: MetricId;
	norm: Norm;
	cells: CalendarCell[];
	met: number;
	units: number;
}

export interface ProfileEntry {
	metric: MetricId;
	values: (number | null)[];
	total: number | null;
	reported: number;
}

export interface BranchView {
	branch: Pick<Branch, 'slug' | 'name' | 'short' | 'nameEn' | 'shortEn' | 'colour'>;
	period: Period;
	months: Month[];
	norm: Normalisation;
	/** What the trends are compared with. */
	cmp: Comparison;
	header: {
		members: number | null;
		monthsReported: number;
		lastImport: { id: number; fileName: string; importedAt: string } | null;
		branchCount: number;
	};
	trends: MetricTrend[];
	/** The branch's monthly rank among the branches on the primary (first) metric. */
	rankTrend: { metric: MetricId; ranks: (number | null)[]; ranked: number[]; tied: boolean[] };
	calendar: CalendarRow[];
	profile: ProfileEntry[];
}
