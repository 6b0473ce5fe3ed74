/**
 * GET /api/export/deck?from&to&metrics&norm&kind=pictures|native&scope=overview|branches[&branch][&lang]
 * A PowerPoint deck of a view, composed on the server with the pages' builders.
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { BranchNotFound } from '$lib/server/branch-page';
import { buildDeck } from '$lib/server/export';
import { attachment, langOf, langParam, viewFromUrl } from '$lib/server/export-http';
import type { RequestHandler } from './$types';

const Query = z.object({
	kind: z.enum(['pictures', 'native']).default('pictures'),
	scope: z.enum(['overview', 'branches']).default('overview'),
	branch: z
		.string()
		.regex(/^[a-z0-9-]+$/)
		.optional(),
	lang: langParam
});

export const GET: RequestHandler = async ({ url, locals }) => {
	const q = Query.safeParse(Object.fromEntries(url.searchParams));
	if (!q.success)
		error(400, q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	const view = await viewFromUrl(locals.store, url);
	let deck;
	try {
		deck = await buildDeck(locals.store, {
			view,
			...q.data,
			lang: langOf(q.data.lang, locals.locale)
		});
	} catch (e) {
		if (e instanceof BranchNotFound) error(404, `no branch "${q.data.branch}"`);
		throw e;
	}
	return new Response(deck.bytes as BodyInit, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
			'content-disposition': attachment(deck.fileName),
			'x-slides': String(deck.slides),
			'cache-control': 'no-store'
		}
	});
};
