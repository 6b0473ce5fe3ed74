import { requireAction } from '$lib/server/auth/guard';
import { importLimits } from '$lib/server/import-limits';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	await requireAction(locals, 'import.own-branch', url.pathname);
	return { limits: importLimits() };
};
