import { json, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { extractLocaleFromRequest, getTextDirection } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages.js';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { openStore, type AppStore } from '$lib/server/app';
import { describeLocation, storeVersions } from '$lib/server/db';
import {
	MAX_OTHER_BODY_BYTES,
	maxUploadBytes,
	readLimited,
	type BodyRefusal
} from '$lib/server/body-limit';
import {
	crossSite,
	hostAllowed,
	hostPolicy,
	requestedHost,
	withSecurityHeaders,
	type HostPolicy
} from '$lib/server/http-guard';
import { importLimits } from '$lib/server/import-limits';
import { maxFileBytes } from '$lib/import/types';
import { applyNorms } from '$lib/server/norms';
import { countAccounts } from '$lib/server/auth/accounts';
import { sessionOf } from '$lib/server/auth/session';
import { cachedResponse } from '$lib/server/response-cache';
import { issueSetupToken, setupLink } from '$lib/server/auth/setup';

let store: AppStore | undefined;
let policy: HostPolicy | undefined;

/** Open and migrate the database once, before the first request. */
export const init: ServerInit = async () => {
	importLimits(); // a malformed PACESETTER_MAX_* stops the start, not each upload
	policy = hostPolicy();
	store = await openStore();
	console.error(`pacesetter: database ${describeLocation(store.path)}`);
	// First start: no account yet. The one-time link goes to stdout (logs go to stderr).
	const token = await issueSetupToken(store.db);
	if (token)
		console.log(`pacesetter: no accounts yet. Create the first admin at ${setupLink(token)}`);
	// On SIGTERM or SIGINT adapter-node stops taking connections, lets the requests in flight finish,
	// then emits `sveltekit:shutdown`: only then is the store closed (closing it at the signal
	// answered those requests with 500).
	process.once('sveltekit:shutdown', () => void store?.close().finally(() => process.exit(0)));
};

/** tRPC procedures take the language from their context, never from async-local messages. */
const API = '/api/trpc/';
/** The procedures that take files (multipart bodies, limited per file). */
const UPLOADS = new Set(['/api/trpc/imports.preview', '/api/trpc/imports.commit']);
const MB = 1024 * 1024;

/** A refusal as tRPC's client reads it (its message shown as is), or as text elsewhere. */
function refuse(event: RequestEvent, status: number, message: string): Response {
	const headers = { 'content-type': 'text/plain; charset=utf-8' };
	if (!event.url.pathname.startsWith(API)) return new Response(message, { status, headers });
	const code = status === 403 ? 'FORBIDDEN' : 'PAYLOAD_TOO_LARGE';
	const rpc = status === 403 ? -32003 : -32013;
	const body = { error: { message, code: rpc, data: { code, httpStatus: status } } };
	return json(body, { status });
}

function tooLarge(refusal: BodyRefusal, locale: 'zh-cn' | 'en', upload: boolean): string {
	const opts = { locale };
	const mb = (n: number) => String(Math.round((n / MB) * 10) / 10);
	if (refusal.kind === 'file')
		return m.import_err_file_over_limit({ file: refusal.file, max: mb(refusal.maxBytes) }, opts);
	if (!upload) return m.import_err_body_over_limit({ max: refusal.maxBytes / 1024 }, opts);
	return m.import_err_upload_over_limit(
		{ size: refusal.size === null ? '?' : mb(refusal.size), max: mb(refusal.maxBytes) },
		opts
	);
}

/**
 * Host and origin checks, then the body read under its limit (uploads per file), before any
 * route sees the request; every answer leaves with the security headers.
 */
const guard = async (event: RequestEvent, locale: 'zh-cn' | 'en'): Promise<Response | null> => {
	policy ??= hostPolicy();
	const { request } = event;
	if (!hostAllowed(request.headers, policy)) {
		const host = requestedHost(request.headers, policy) ?? '';
		return new Response(
			`421 Misdirected Request: this server does not answer to the host name “${host}”.\n` +
				`此服务器不接受主机名“${host}”的请求。管理员可在 PACESETTER_ALLOWED_HOSTS 中加入它。\n`,
			{ status: 421, headers: { 'content-type': 'text/plain; charset=utf-8' } }
		);
	}
	if (crossSite(request, policy)) {
		const origin = request.headers.get('origin') ?? '?';
		return refuse(event, 403, m.import_err_cross_site({ origin }, { locale }));
	}
	if (request.body && request.method !== 'GET' && request.method !== 'HEAD') {
		const upload = UPLOADS.has(event.url.pathname);
		const limits = importLimits();
		const read = await readLimited(
			request,
			upload
				? { maxBytes: maxUploadBytes(limits), maxFileBytes: maxFileBytes(limits) }
				: { maxBytes: MAX_OTHER_BODY_BYTES }
		);
		if ('refused' in read) return refuse(event, 413, tooLarge(read.refused, locale, upload));
		event.request = new Request(request.url, {
			method: request.method,
			headers: request.headers,
			body: read.bytes as BodyInit
		});
	}
	return null;
};

const language: Handle = async ({ event, resolve }) => {
	if (event.url.pathname.startsWith(API)) {
		// No request clone and no async context: a good share of an API request's cost under load.
		const locale = extractLocaleFromRequest(event.request);
		const refused = await guard(event, locale);
		if (refused) return withSecurityHeaders(refused);
		event.locals.store = store!;
		event.locals.locale = locale;
		return withSecurityHeaders(await resolve(event));
	}
	const refused = await guard(event, extractLocaleFromRequest(event.request));
	if (refused) return withSecurityHeaders(refused);
	const response = await paraglideMiddleware(event.request, ({ request, locale }) => {
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
	return withSecurityHeaders(response);
};

/** A redirect as a response, so that it leaves with the security headers like every answer. */
const seeOther = (location: string) => new Response(null, { status: 303, headers: { location } });

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
	// What changed since the last request, read once (PostgreSQL: one statement for all three).
	const versions = await storeVersions(locals.store.db);
	locals.dataVersion = versions.data;
	// Norms an admin set (here or through another process) count from the next request.
	await applyNorms(locals.store.db, versions.data);
	locals.viewer = await sessionOf(locals.store.db, request, locals.client, versions);
	if (!accountsExist) accountsExist = (await countAccounts(locals.store.db)) > 0;
	locals.needsSetup = !accountsExist;
	const path = event.url.pathname;
	if (path.startsWith('/api/') || PUBLIC_PAGES.has(path)) return resolve(event);
	if (locals.needsSetup) return seeOther('/setup');
	if (!locals.viewer) {
		const next =
			path === '/' && !event.url.search
				? ''
				: `?next=${encodeURIComponent(path + event.url.search)}`;
		return seeOther(`/login${next}`);
	}
	if (locals.viewer.mustChangePassword && path !== '/account/password')
		return seeOther('/account/password');
	// A repeated navigation's page data comes from the per-data-version cache (response-cache.ts).
	return cachedResponse(event, async () => resolve(event));
};

export const handle = sequence(language, authenticate);
