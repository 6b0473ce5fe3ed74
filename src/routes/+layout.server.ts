import { serverCaller } from '$lib/server/trpc/caller';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => serverCaller(event).meta.info();
