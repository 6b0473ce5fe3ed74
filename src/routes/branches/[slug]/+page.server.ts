import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { cachedJson } from '$lib/server/page-data';
import { serverCaller } from '$lib/server/trpc/caller';
import { parseViewParams } from '$lib/views/view-params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { range } = await event.parent();
	const view = parseViewParams(event.url.searchParams, range?.to ?? null);
	const input = {
		slug: event.params.slug,
		from: view.from,
		to: view.to,
		metrics: view.metrics,
		norm: view.norm
	};
	try {
		// JSON text cached per data version, parsed by the page (see page-data.ts).
		const branchJson = await cachedJson(
			event.locals.store.db,
			`branch ${event.locals.locale} ${JSON.stringify(input)}`,
			() => serverCaller(event).branch.view(input)
		);
		return { view, rolling: event.url.searchParams.get('roll') === '1', branchJson };
	} catch (e) {
		if (e instanceof TRPCError && e.code === 'NOT_FOUND') error(404, 'branch not found');
		throw e;
	}
};
