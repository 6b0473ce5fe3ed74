/**
 * GET /api/export/deck?from&to&metrics&norm&kind=pictures|native&scope=overview|branches[&branch][&lang]
 * A PowerPoint deck of a view, composed on the server with the pages' builders.
 */
import { z } from 'zod';
import { buildDeck } from '$lib/server/export';
import { attachment, ExportQuery, exportResponse } from '$lib/server/export-http';
import type { RequestHandler } from './$types';

const Query = ExportQuery.extend({
	kind: z.enum(['pictures', 'native']).default('pictures'),
	scope: z.enum(['overview', 'branches']).default('overview')
});

export const GET: RequestHandler = (event) =>
	exportResponse(
		event,
		Query,
		async (store, request) => {
			const deck = await buildDeck(store, request);
			return new Response(deck.bytes as BodyInit, {
				headers: {
					'content-type':
						'application/vnd.openxmlformats-officedocument.presentationml.presentation',
					'content-disposition': attachment(deck.fileName),
					'x-slides': String(deck.slides),
					'cache-control': 'no-store'
				}
			});
		},
		'export.deck'
	);
