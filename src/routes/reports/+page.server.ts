import { isMonth } from '$lib/domain/periods';
import { can } from '$lib/domain/roles';
import { serverCaller } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

/** The reporting matrix (branch × month, `?from&to`), and the deadline settings for an admin. */
export const load: PageServerLoad = async (event) => {
	const caller = serverCaller(event);
	const from = event.url.searchParams.get('from') ?? '';
	const to = event.url.searchParams.get('to') ?? '';
	const matrix = await caller.cycle.matrix(isMonth(from) && isMonth(to) ? { from, to } : {});
	const v = event.locals.viewer!;
	return {
		matrix,
		canSettle: can(v.role, 'settings.manage'),
		canReview: can(v.role, 'report.review')
	};
};
