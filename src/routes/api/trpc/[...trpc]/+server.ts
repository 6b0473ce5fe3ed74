import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { cachedResponse } from '$lib/server/response-cache';
import { contextOf } from '$lib/server/trpc/init';
import { appRouter } from '$lib/server/trpc/router';
import { workerPool } from '$lib/server/workers/pool';
import type { RequestHandler } from './$types';

const handler: RequestHandler = (event) =>
	cachedResponse(event, () =>
		fetchRequestHandler({
			endpoint: '/api/trpc',
			req: event.request,
			router: appRouter,
			createContext: () => contextOf(event.locals),
			// The worker pool's queue was full: say when to come back.
			responseMeta: ({ errors }) =>
				errors.some((e) => e.code === 'SERVICE_UNAVAILABLE')
					? { headers: { 'retry-after': String(workerPool().retryAfter) } }
					: {},
			onError({ error, path }) {
				if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path}:`, error);
			}
		})
	);

export const GET = handler;
export const POST = handler;
