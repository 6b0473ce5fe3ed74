import { serverCaller } from '$lib/server/trpc/caller';
import { readView } from '$lib/views/view-params';
import type { PageServerLoad } from './$types';

/**
 * The overview: the view comes from the URL (clamped to a valid one, with what was corrected for
 * the page's note); one tRPC query answers it.
 */
export const load: PageServerLoad = async (event) => {
	const { range } = await event.parent();
	const { view, corrections } = readView(event.url.searchParams, range?.to ?? null);
	return {
		view,
		corrections,
		overview: range ? await serverCaller(event).overview.view(view) : null
	};
};
