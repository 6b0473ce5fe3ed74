import { serverCaller } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const caller = serverCaller(event);
	const year = Number(event.url.searchParams.get('year'));
	const [imports, matrix] = await Promise.all([
		caller.imports.list(),
		caller.imports.completeness(
			Number.isInteger(year) && year >= 1990 && year <= 2100 ? { year } : {}
		)
	]);
	return { imports, matrix, year: matrix.years.includes(year) ? year : null };
};
