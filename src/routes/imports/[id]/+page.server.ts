import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { serverCaller } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const id = Number(event.params.id);
	const page = Number(event.url.searchParams.get('page') ?? 1);
	const changedOnly = event.url.searchParams.get('changed') === '1';
	const param = (name: string) => event.url.searchParams.get(name)?.slice(0, 100) || undefined;
	const month = param('month');
	if (!Number.isInteger(id) || id < 1) error(404, 'Not found');
	try {
		const detail = await serverCaller(event).imports.detail({
			id,
			page: Number.isInteger(page) && page > 0 ? page : 1,
			changedOnly,
			branch: param('branch'),
			metric: param('metric'),
			// A malformed month filters nothing rather than failing the page.
			month: month && /^\d{4}-\d{2}$/.test(month) ? month : undefined
		});
		return { detail, changedOnly };
	} catch (e) {
		if (e instanceof TRPCError && e.code === 'NOT_FOUND') error(404, e.message);
		throw e;
	}
};
