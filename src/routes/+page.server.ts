import { serverCaller } from '$lib/server/trpc/caller';
import { cachedJson } from '$lib/server/page-data';
import { parseViewParams } from '$lib/views/view-params';
import type { PageServerLoad } from './$types';

/**
 * The overview: the view comes from the URL; one tRPC query answers it, sent as JSON text cached
 * per data version (see page-data.ts) and parsed by the page.
 */
export const load: PageServerLoad = async (event) => {
	const { range } = await event.parent();
	const view = parseViewParams(event.url.searchParams, range?.to ?? null);
	const key = `overview ${event.locals.locale} ${JSON.stringify(view)}`;
	return {
		view,
		overviewJson: range
			? await cachedJson(event.locals.store.db, key, () => serverCaller(event).overview.view(view))
			: null
	};
};
