import { importLimitsInfo } from '$lib/server/trpc/imports';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ limits: importLimitsInfo() });
