import { json, type Handle, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { extractLocaleFromRequest, getTextDirection } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages.js';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { openStore, type AppStore } from '$lib/server/app';
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

let store: AppStore | undefined;
let policy: HostPolicy | undefined;

/** Open and migrate the database once, before the first request. */
export const init: ServerInit = async () => {
	importLimits(); // a malformed PACESETTER_MAX_* stops the start, not each upload
	policy = hostPolicy();
	store = await openStore();
	console.error(`pacesetter: database ${store.path}`);
	const close = () => void store?.close().finally(() => process.exit(0));
	process.once('SIGTERM', close);
	process.once('SIGINT', close);
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
				? { maxBytes: maxUploadBytes(limits), maxFileBytes: limits.maxFileBytes }
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

export const handle: Handle = async ({ event, resolve }) => {
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
