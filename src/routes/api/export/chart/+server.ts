/**
 * GET /api/export/chart?chart=ranked&from&to&metrics&norm&format=png|svg&size=16:9|4:3[&branch][&lang]
 * One chart of a view as a slide-ready image (PNG at pixel ratio 2, or SVG), rendered on the server.
 */
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { renderViewChart } from '$lib/server/export';
import { attachment, ExportQuery, exportResponse } from '$lib/server/export-http';
import type { RequestHandler } from './$types';

const Query = ExportQuery.extend({
	chart: z.string().min(1).max(80),
	format: z.enum(['png', 'svg']).default('png'),
	size: z.enum(['16:9', '4:3']).default('16:9'),
	download: z.enum(['0', '1']).default('0')
});

export const GET: RequestHandler = (event) =>
	exportResponse(event, Query, async (store, request) => {
		const image = await renderViewChart(store, request);
		if (!image) error(404, `no chart "${request.chart}" in this view`);
		return new Response(image.body as BodyInit, {
			headers: {
				'content-type': image.type,
				'content-disposition':
					request.download === '1'
						? attachment(image.fileName)
						: `inline; filename*=UTF-8''${encodeURIComponent(image.fileName)}`,
				'cache-control': 'no-store'
			}
		});
	});
