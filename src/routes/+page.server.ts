import { serverCaller } from '$lib/server/trpc/caller';
import { cachedJson } from '$lib/server/page-data';
import { readView } from '$lib/views/view-params';
import type { PageServerLoad } from './$types';

/**
 * The overview: the view comes from the URL (clamped to a valid one, with what was corrected for
 * the page's note); one tRPC query answers it, sent as JSON text cached per data version (see
 * page-data.ts) and parsed by the page.
 */
export const load: PageServerLoad = async (event) => {
	const { range } = await event.parent();
	const { view, corrections } = readView(event.url.searchParams, range?.to ?? null);
	const key = `overview ${event.locals.locale} ${JSON.stringify(view)}`;
	return {
		view,
		corrections,
		overviewJson: range
			? await cachedJson(event.locals.store.db, key, () => serverCaller(event).overview.view(view))
			: null
	};
};
