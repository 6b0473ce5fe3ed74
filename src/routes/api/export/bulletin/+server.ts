/**
 * GET /api/export/bulletin?from&to&metrics&norm[&branch][&lang]
 * The bulletin (通报) of a view as a Word document, or one branch's report with `branch`.
 */
import { buildBulletin } from '$lib/server/bulletin';
import { attachment, ExportQuery, exportResponse } from '$lib/server/export-http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = (event) =>
	exportResponse(
		event,
		ExportQuery,
		async (store, request) => {
			const doc = await buildBulletin(store, request);
			return new Response(doc.bytes as BodyInit, {
				headers: {
					'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
					'content-disposition': attachment(doc.fileName),
					'cache-control': 'no-store'
				}
			});
		},
		'export.bulletin'
	);
