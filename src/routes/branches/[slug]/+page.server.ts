import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { serverCaller } from '$lib/server/trpc/caller';
import { parseViewParams } from '$lib/views/view-params';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { range } = await event.parent();
	const view = parseViewParams(event.url.searchParams, range?.to ?? null);
	try {
		const branch = await serverCaller(event).branch.view({
			slug: event.params.slug,
			from: view.from,
			to: view.to,
			metrics: view.metrics,
			norm: view.norm,
			cmp: view.cmp
		});
		return {
			view,
			rolling: event.url.searchParams.get('roll') === '1',
			// Quarterly-norm counts read by quarter unless months are asked for.
			axis:
				event.url.searchParams.get('axis') === 'month' ? ('month' as const) : ('quarter' as const),
			branch
		};
	} catch (e) {
		if (e instanceof TRPCError && e.code === 'NOT_FOUND') error(404, 'branch not found');
		throw e;
	}
};
