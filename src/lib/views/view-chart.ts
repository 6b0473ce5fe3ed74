import type { ChartBuilder } from '$lib/charts/frame';
import type { Branch } from '$lib/domain/branches';

/** One chart of a view, as pages render it and exports draw it at slide size. */
export interface ViewChart {
	/** Stable id in the view (`ranked`, `trend:…`, …): `?chart=` of the chart endpoint. */
	id: string;
	build: ChartBuilder;
}

/** What the view layer needs of the branch registry: the branches in order, with names and colours. */
export interface ViewRegistry {
	branches: readonly Branch[];
}
