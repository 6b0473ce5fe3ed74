/**
 * GET /api/export/deck?from&to&metrics&norm&kind=pictures|native&scope=overview|branches[&branch][&lang][&progress=1]
 * A PowerPoint deck of a view, composed on the server with the pages' builders. With `progress=1`
 * the answer is NDJSON: `{"done":n,"total":t}` after each slide, then `{"file","slides","data"}`
 * (the deck, base64) or `{"error"}` — what the browser shows while a 65-slide deck is drawn.
 */
import { z } from 'zod';
import { buildDeck } from '$lib/server/export';
import {
	attachment,
	ExportQuery,
	exportResponse,
	poolErrorResponse
} from '$lib/server/export-http';
import { PoolBusy, workerPool } from '$lib/server/workers/pool';
import type { RequestHandler } from './$types';

const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

const Query = ExportQuery.extend({
	kind: z.enum(['pictures', 'native']).default('pictures'),
	scope: z.enum(['overview', 'branches']).default('overview'),
	progress: z.enum(['0', '1']).optional()
});

export const GET: RequestHandler = (event) =>
	exportResponse(
		event,
		Query,
		async (store, request) => {
			if (request.progress !== '1') {
				const deck = await buildDeck(store, request);
				return new Response(deck.bytes as BodyInit, {
					headers: {
						'content-type': PPTX,
						'content-disposition': attachment(deck.fileName),
						'x-slides': String(deck.slides),
						'cache-control': 'no-store'
					}
				});
			}
			// Refused before the stream starts, so the client gets a plain 503 with Retry-After.
			const pool = workerPool();
			if (request.kind === 'pictures' && pool.full) throw new PoolBusy(pool.retryAfter);
			const encoder = new TextEncoder();
			const body = new ReadableStream<Uint8Array>({
				async start(controller) {
					const line = (o: object) => controller.enqueue(encoder.encode(JSON.stringify(o) + '\n'));
					try {
						const deck = await buildDeck(store, {
							...request,
							onProgress: (done, total) => line({ done, total })
						});
						line({
							file: deck.fileName,
							slides: deck.slides,
							data: Buffer.from(deck.bytes).toString('base64')
						});
					} catch (e) {
						const pooled = poolErrorResponse(e, request.lang);
						if (!pooled) console.error('deck export:', e);
						line({ error: pooled ? await pooled.text() : 'Internal server error' });
					}
					controller.close();
				}
			});
			return new Response(body, {
				headers: {
					'content-type': 'application/x-ndjson; charset=utf-8',
					'cache-control': 'no-store'
				}
			});
		},
		'export.deck'
	);
