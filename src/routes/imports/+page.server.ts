import { serverCaller } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = serverCaller(event);
	const year = Number(event.url.searchParams.get('year'));
	const page = Number(event.url.searchParams.get('page') ?? 1);
	const [history, matrix] = await Promise.all([
		caller.imports.list({ page: Number.isInteger(page) && page > 0 ? page : 1 }),
		caller.imports.completeness(
			Number.isInteger(year) && year >= 1990 && year <= 2100 ? { year } : {}
		)
	]);
	// The matrix names the imports behind each month, which need not be on this page of the history.
	const sourceIds = [...new Set(matrix.cells.flatMap((c) => c.imports))];
	const sources = await caller.imports.byIds({ ids: sourceIds.slice(0, 1000) });
	return { history, sources, matrix, year: matrix.years.includes(year) ? year : null };
};
