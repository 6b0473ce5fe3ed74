import { serverCaller } from '$lib/server/trpc/caller';
import { auditFilterOf } from '$lib/server/trpc/accounts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const filter = auditFilterOf(event.url);
	return { filter, audit: await serverCaller(event).audit.list(filter) };
};
