/** The browser's tRPC client (and the server's, through SvelteKit's fetch during SSR). */
import { createTRPCClient, httpBatchLink, httpLink, splitLink } from '@trpc/client';
import type { AppRouter } from '$lib/server/trpc/router';

export function trpcClient(fetchFn: typeof fetch = fetch) {
	return createTRPCClient<AppRouter>({
		links: [
			splitLink({
				// Binary uploads (FormData) cannot be batched.
				condition: (op) => op.input instanceof FormData,
				true: httpLink({ url: '/api/trpc', fetch: fetchFn }),
				false: httpBatchLink({ url: '/api/trpc', fetch: fetchFn })
			})
		]
	});
}

export type TrpcClient = ReturnType<typeof trpcClient>;
