/** The KPI card's highest and lowest branches, ties kept together. */
import type { BranchFigure, MetricView } from '$lib/views/overview-view';

export interface KpiExtremes {
	/** Every branch sharing the best rank (more than one: tied). */
	best: BranchFigure[];
	/** Every branch sharing the lowest rank; empty when all ranked branches are equal. */
	lowest: BranchFigure[];
}

export function kpiExtremes(v: Pick<MetricView, 'branches'>): KpiExtremes | null {
	const ranked = v.branches.filter((b) => b.rank !== null);
	if (!ranked.length) return null;
	const top = Math.min(...ranked.map((b) => b.rank!));
	const bottom = Math.max(...ranked.map((b) => b.rank!));
	return {
		best: ranked.filter((b) => b.rank === top),
		// All equal: one group, never named both highest and lowest.
		lowest: bottom === top ? [] : ranked.filter((b) => b.rank === bottom)
	};
}
