import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import type { Finding } from '$lib/domain/talking-points';
import { cachedJson } from '$lib/server/page-data';
import { serverCaller } from '$lib/server/trpc/caller';
import { lang } from '$lib/i18n';
import { correctionNote } from '$lib/views/view-corrections';
import { branchSlug, readView } from '$lib/views/view-params';
import type { PageServerLoad } from './$types';

/** A branch page: the view comes from the URL, clamped like the overview's, with its note. */
export const load: PageServerLoad = async (event) => {
	if (!branchSlug.safeParse(event.params.slug).success) error(404, 'branch not found');
	const { range } = await event.parent();
	const { view, corrections } = readView(
		event.url.searchParams,
		range?.to ?? null,
		range?.from ?? null
	);
	const input = { ...view, slug: event.params.slug };
	try {
		// JSON text cached per data version, parsed by the page (see page-data.ts).
		const branchJson = await cachedJson(event, `branch ${JSON.stringify(input)}`, () =>
			serverCaller(event).branch.view(input)
		);
		return {
			view,
			correctionNote: correctionNote(corrections, view, lang()),
			rolling: event.url.searchParams.get('roll') === '1',
			// Quarterly-norm counts read by quarter unless months are asked for.
			axis:
				event.url.searchParams.get('axis') === 'month' ? ('month' as const) : ('quarter' as const),
			branchJson,
			// Punctuality, a figure like the others: months reported by the deadline ÷ months due.
			onTime: await serverCaller(event).cycle.onTime({ slug: event.params.slug }),
			// Talking points: computed once per data version and audience, like the answer above.
			findings: JSON.parse(
				await cachedJson(event, `branch findings ${JSON.stringify(input)}`, () =>
					serverCaller(event).branch.findings(input)
				)
			) as Finding[]
		};
	} catch (e) {
		if (e instanceof TRPCError && e.code === 'NOT_FOUND') error(404, 'branch not found');
		throw e;
	}
};
