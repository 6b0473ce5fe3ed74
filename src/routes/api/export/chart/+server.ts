/**
 * GET /api/export/chart?chart=ranked&from&to&metrics&norm&format=png|svg&size=16:9|4:3[&branch][&lang]
 * One chart of a view as a slide-ready image (PNG at pixel ratio 2, or SVG), rendered on the server.
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { BranchNotFound } from '$lib/server/branch-page';
import { renderViewChart } from '$lib/server/export';
import { attachment, langOf, langParam, viewFromUrl } from '$lib/server/export-http';
import type { RequestHandler } from './$types';

const Query = z.object({
	chart: z.string().min(1).max(80),
	format: z.enum(['png', 'svg']).default('png'),
	size: z.enum(['16:9', '4:3']).default('16:9'),
	branch: z
		.string()
		.regex(/^[a-z0-9-]+$/)
		.optional(),
	download: z.enum(['0', '1']).default('0'),
	lang: langParam
});

export const GET: RequestHandler = async ({ url, locals }) => {
	const q = Query.safeParse(Object.fromEntries(url.searchParams));
	if (!q.success)
		error(400, q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	const view = await viewFromUrl(locals.store, url);
	let image;
	try {
		image = await renderViewChart(locals.store, {
			view,
			...q.data,
			lang: langOf(q.data.lang, locals.locale)
		});
	} catch (e) {
		if (e instanceof BranchNotFound) error(404, `no branch "${q.data.branch}"`);
		throw e;
	}
	if (!image) error(404, `no chart "${q.data.chart}" in this view`);
	return new Response(image.body as BodyInit, {
		headers: {
			'content-type': image.type,
			'content-disposition':
				q.data.download === '1'
					? attachment(image.fileName)
					: `inline; filename*=UTF-8''${encodeURIComponent(image.fileName)}`,
			'cache-control': 'no-store'
		}
	});
};
