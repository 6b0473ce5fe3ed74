import { requireAction } from '$lib/server/auth/guard';
import { importLimitsInfo } from '$lib/server/trpc/imports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	await requireAction(locals, 'import.own-branch', url.pathname);
	return { limits: importLimitsInfo() };
};
