import { serverCaller } from '$lib/server/trpc/caller';
import { parseViewParams } from '$lib/views/view-params';
import type { PageServerLoad } from './$types';

/** The overview: the view comes from the URL; one tRPC query answers it. */
export const load: PageServerLoad = async (event) => {
	const { range } = await event.parent();
	const view = parseViewParams(event.url.searchParams, range?.to ?? null);
	return {
		view,
		overview: range ? await serverCaller(event).overview.view(view) : null
	};
};
