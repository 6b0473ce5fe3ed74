import { requireAction } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import { importLimits } from '$lib/server/import-limits';
import type { PageServerLoad } from './$types';

/** A branch organiser's home: where the branch's reports stand, and where to hand in a file. */
export const load: PageServerLoad = async (event) => {
	await requireAction(event.locals, 'report.submit', event.url.pathname);
	return { mine: await serverCaller(event).cycle.mine(), limits: importLimits() };
};
