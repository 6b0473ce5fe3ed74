import type { Handle, ServerInit } from '@sveltejs/kit';
import { extractLocaleFromRequest, getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { openStore, type AppStore } from '$lib/server/app';
import { importLimits } from '$lib/server/import-limits';

let store: AppStore | undefined;

/** Open and migrate the database once, before the first request. */
export const init: ServerInit = async () => {
	importLimits(); // a malformed PACESETTER_MAX_* stops the start, not each upload
	store = await openStore();
	console.error(`pacesetter: database ${store.path}`);
	const close = () => void store?.close().finally(() => process.exit(0));
	process.once('SIGTERM', close);
	process.once('SIGINT', close);
};

/** tRPC procedures take the language from their context, never from async-local messages. */
const API = '/api/trpc/';

export const handle: Handle = ({ event, resolve }) => {
	if (event.url.pathname.startsWith(API)) {
		// No request clone and no async context: a good share of an API request's cost under load.
		event.locals.store = store!;
		event.locals.locale = extractLocaleFromRequest(event.request);
		return resolve(event);
	}
	return paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		event.locals.store = store!;
		event.locals.locale = locale;
		return resolve(event, {
			transformPageChunk: ({ html }) =>
				html
					.replace('%paraglide.lang%', locale)
					.replace('%paraglide.dir%', getTextDirection(locale))
		});
	});
};
