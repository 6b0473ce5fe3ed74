import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { serverCaller } from '$lib/server/trpc/caller';
import { parseViewParams } from '$lib/view-params';
import type { PageServerLoad } from './$types';

/** The overview: the view comes from the URL; one tRPC query answers it. */
export const load: PageServerLoad = async (event) => {
	// A branch account's home is its own branch's page (the overview compares every branch).
	const v = event.locals.viewer;
	if (v?.branch && !can(v.role, 'view.all', v.shared)) redirect(303, `/branches/${v.branch}`);
	const { range } = await event.parent();
	const view = parseViewParams(event.url.searchParams, range?.to ?? null);
	return {
		view,
		overview: range ? await serverCaller(event).overview.view(view) : null
	};
};
