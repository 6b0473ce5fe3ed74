import { isMonth } from '$lib/domain/periods';
import { serverCaller } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

/** The committee's review queue and the month's 催报 list (`?month=YYYY-MM`). */
export const load: PageServerLoad = async (event) => {
	const caller = serverCaller(event);
	const asked = event.url.searchParams.get('month') ?? '';
	const [queue, pending, matrix] = await Promise.all([
		caller.cycle.queue(),
		caller.cycle.pending(isMonth(asked) ? { month: asked } : {}),
		caller.cycle.matrix()
	]);
	return { queue, pending, months: matrix.months };
};
