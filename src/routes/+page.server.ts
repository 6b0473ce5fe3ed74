import { redirect } from '@sveltejs/kit';
import { can } from '$lib/domain/roles';
import { serverCaller } from '$lib/server/trpc/caller';
import type { Finding } from '$lib/domain/talking-points';
import { cachedJson } from '$lib/server/page-data';
import { lang } from '$lib/i18n';
import { correctionNote } from '$lib/views/view-corrections';
import { readView } from '$lib/views/view-params';
import type { PageServerLoad } from './$types';

/**
 * The overview: the view comes from the URL (clamped to a valid one, with what was corrected for
 * the page's note); one tRPC query answers it, sent as JSON text cached per data version (see
 * page-data.ts) and parsed by the page.
 */
export const load: PageServerLoad = async (event) => {
	// A branch account's home is its reporting page (the overview compares every branch).
	const v = event.locals.viewer;
	if (v?.branch && !can(v.role, 'view.all', v.shared)) redirect(303, '/report');
	const { range } = await event.parent();
	const { view, corrections } = readView(
		event.url.searchParams,
		range?.to ?? null,
		range?.from ?? null
	);
	const key = `overview ${JSON.stringify(view)}`;
	return {
		view,
		correctionNote: correctionNote(corrections, view, lang()),
		// How complete the period's last month is, before anyone reads a ranking.
		cycle:
			range && v && can(v.role, 'report.view')
				? (await serverCaller(event).cycle.matrix({ from: view.to, to: view.to })).completeness
				: null,
		overviewJson: range
			? await cachedJson(event, key, () => serverCaller(event).overview.view(view))
			: null,
		// Talking points: computed once per data version and audience, like the answer above.
		findings: range
			? (JSON.parse(
					await cachedJson(event, `findings ${JSON.stringify(view)}`, () =>
						serverCaller(event).overview.findings(view)
					)
				) as Finding[])
			: []
	};
};
