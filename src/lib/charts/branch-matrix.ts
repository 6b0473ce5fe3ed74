/** What the branch × metric charts (grouped bars, heatmap) take: every chosen metric per branch. */
import type { FigureKind } from '../domain/format';

/** One branch's figure on one metric over the period. */
export interface MatrixCell {
	value: number | null;
	reported: number;
	months: number;
	rank: number | null;
}

export interface BranchMatrix {
	metrics: { id: string; label: string; unit: string; kind: FigureKind }[];
	/** Each branch's cells, in the order of `metrics`. */
	branches: { slug: string; label: string; colour: string; cells: MatrixCell[] }[];
}
