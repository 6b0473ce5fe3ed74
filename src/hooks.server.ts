import { redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { extractLocaleFromRequest, getTextDirection } from '$lib/paraglide/runtime';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { openStore, type AppStore } from '$lib/server/app';
import { importLimits } from '$lib/server/import-limits';
import { countAccounts } from '$lib/server/auth/accounts';
import { sessionOf } from '$lib/server/auth/session';
import { issueSetupToken, setupLink } from '$lib/server/auth/setup';

let store: AppStore | undefined;

/** Open and migrate the database once, before the first request. */
export const init: ServerInit = async () => {
	importLimits(); // a malformed PACESETTER_MAX_* stops the start, not each upload
	store = await openStore();
	console.error(`pacesetter: database ${store.path}`);
	// First start: no account yet. The one-time link goes to stdout (logs go to stderr).
	const token = await issueSetupToken(store.db);
	if (token)
		console.log(`pacesetter: no accounts yet. Create the first admin at ${setupLink(token)}`);
	const close = () => void store?.close().finally(() => process.exit(0));
	process.once('SIGTERM', close);
	process.once('SIGINT', close);
};

/** tRPC procedures take the language from their context, never from async-local messages. */
const API = '/api/trpc/';

const language: Handle = ({ event, resolve }) => {
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

/** Pages anyone may open: sign-in and first-time setup. Static files never reach the hooks. */
const PUBLIC_PAGES = new Set(['/login', '/setup']);
let accountsExist = false;

/**
 * The signed-in account of each request (`locals.viewer`). Pages need one (else the sign-in page;
 * before the first account, the setup page); an account whose password was set by an admin goes to
 * the password page first. Procedures and endpoints check roles themselves and answer 401/403.
 */
const authenticate: Handle = async ({ event, resolve }) => {
	const { locals, request } = event;
	locals.client = { address: event.getClientAddress(), agent: request.headers.get('user-agent') };
	locals.viewer = await sessionOf(locals.store.db, request, locals.client);
	if (!accountsExist) accountsExist = (await countAccounts(locals.store.db)) > 0;
	locals.needsSetup = !accountsExist;
	const path = event.url.pathname;
	if (path.startsWith('/api/') || PUBLIC_PAGES.has(path)) return resolve(event);
	if (locals.needsSetup) redirect(303, '/setup');
	if (!locals.viewer) {
		const next =
			path === '/' && !event.url.search
				? ''
				: `?next=${encodeURIComponent(path + event.url.search)}`;
		redirect(303, `/login${next}`);
	}
	if (locals.viewer.mustChangePassword && path !== '/account/password')
		redirect(303, '/account/password');
	return resolve(event);
};

export const handle = sequence(language, authenticate);
