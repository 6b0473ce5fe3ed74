/**
 * The overview's data as the server computes it and the pages and exports draw it: one view of a
 * period, its metrics and every branch's figures (see `server/overview.ts` for how it is computed).
 */
import type { AllBranchFigure, Normalisation } from '$lib/domain/aggregate';
import type { FigureKind } from '$lib/domain/format';
import type { MetricId, Norm } from '$lib/domain/metrics';
import type { Month, Period } from '$lib/domain/periods';
import type { ViewParams } from '$lib/views/view-params';

/** What the overview is computed from: a view (the first metric is the primary one). */
export type OverviewInput = Pick<ViewParams, 'from' | 'to' | 'metrics' | 'norm' | 'cmp'>;

export interface BranchFigure {
	slug: string;
	/** The raw figure (unrounded); null when not reported. */
	value: number | null;
	/** The figure under the metric's normalisation (equals `value` when raw). */
	normalised: number | null;
	reported: number;
	months: number;
	/** 1 = best on `normalised`; null when not reported. */
	rank: number | null;
	/** Reported in fewer months than the period spans. */
	partial: boolean;
	/** The previous period's figures (when comparing). */
	previous: { value: number | null; normalised: number | null } | null;
}

export interface MetricView {
	id: MetricId;
	/** The normalisation applied to this metric: the chosen one, or `raw` where it does not apply. */
	norm: Normalisation;
	/** Whether the chosen normalisation applies to this metric. */
	normApplies: boolean;
	/** Which normalisations apply to this metric (under the configured norms). */
	applies: Record<Normalisation, boolean>;
	/** How `normalised` values are formatted. */
	figure: FigureKind;
	/** The norm in force, if any. */
	rule: Norm | null;
	/** The norm as a line in the normalised unit (raw: expected total; % of norm: 100%); or null. */
	normLine: number | null;
	branches: BranchFigure[];
	/** Mean of the reporting branches (sums) or the pooled ratio (ratios), on `normalised`. */
	allBranch: AllBranchFigure;
	previousAllBranch: AllBranchFigure | null;
}

export interface CoverageCell {
	metric: MetricId;
	rule: Norm;
	/** Share of units (months or whole quarters) meeting the norm; null when none lies inside. */
	coverage: number | null;
	units: number;
	met: number;
	notMet: number;
	notReported: number;
}

export interface OverviewView {
	period: Period;
	previous: Period | null;
	/** What `previous` is: `prev`, `yoy`, or `none` (then `previous` is null). */
	cmp: ViewParams['cmp'];
	months: Month[];
	norm: Normalisation;
	/** Branch slugs in registry order. */
	branches: string[];
	metrics: MetricView[];
	/** The primary metric, per branch: its figure in each of `months` (null = not reported). */
	monthly: Partial<Record<MetricId, Record<string, (number | null)[]>>>;
	normCoverage: { metrics: MetricId[]; branches: { slug: string; cells: CoverageCell[] }[] };
	/** Latest time any applied import changed the data (ISO), or null. */
	asOf: string | null;
	/** The latest month in the period any branch reported anything for (what "as of" means). */
	dataTo: Month | null;
	/** Whether any value lies in the period. */
	hasData: boolean;
}
