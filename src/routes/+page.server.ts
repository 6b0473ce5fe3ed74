import { serverCaller } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
	statuses: await serverCaller(event).meta.branchStatuses()
});
