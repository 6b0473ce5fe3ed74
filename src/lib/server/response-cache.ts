/**
 * Serialized answers of the read-only views, kept per data version: the overview's and the branch
 * page's tRPC queries, and the pages themselves — their HTML on a first load and the page data
 * (`__data.json`) a browser fetches when it navigates to the overview or a branch page. A repeated
 * view (every committee member opening the same default view, Back, reload) skips tRPC's parsing and
 * validation, SvelteKit's loads, rendering and devalue's encoding, which is most of such a request's
 * cost. Answers are kept as bytes: encoding a 50 KB text again on every answer was a third of a
 * cached answer's time. The HTML can be kept because its CSP names inline scripts by hash, not by a
 * per-request nonce (svelte.config.js). Data changes only through writes, which change the version
 * (data-version.ts), so an answer is never older than the data it claims; and an answer is kept at
 * most `MAX_AGE_MS`, for what depends on the clock (a month falling due).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { gzipSync } from 'node:zlib';
import { can } from '../domain/roles';
import { perDataVersion } from './data-version';

/** Queries whose answer depends only on their input, the language, the data and the audience. */
const CACHEABLE = new Set(['/api/trpc/overview.view', '/api/trpc/branch.view']);
/**
 * Pages whose HTML and data (`__data.json`) are kept: the overview and the branch pages. They also
 * name the signed-in account (the layout's), so they are kept per account, not per audience.
 */
const PAGES = /^\/(?:branches\/[a-z0-9-]+\/?)?$/;
/** How long an answer is kept at most, even while the data stays the same. */
const MAX_AGE_MS = 60_000;
/** Bounded by size: an answer is ~15 KB at 8 branches but megabytes at province scale. */
const MAX_BYTES = 64 * 2 ** 20;

interface Answer {
	body: Uint8Array;
	/** The body gzip-compressed, when it is large enough to gain from it. */
	gzipped?: Uint8Array;
	headers: [string, string][];
	at: number;
}

/** The answers of the current data version (a new version starts empty). */
const cacheOf = perDataVersion(async () => ({ bytes: 0, answers: new Map<string, Answer>() }));

/**
 * Who may share a cached answer: accounts that may see the same figures (every branch, or one
 * branch's own). No account, or one that must change its password first: nobody (no cache).
 */
export function audienceOf(v: App.Locals['viewer']): string | null {
	if (!v || v.mustChangePassword) return null;
	return can(v.role, 'view.all', v.shared) ? 'all' : `branch:${v.branch}`;
}

/** The cache key of a request whose answer may be kept, or null. */
function keyOf(event: Pick<RequestEvent, 'request' | 'url' | 'locals'>): string | null {
	if (event.request.method !== 'GET') return null;
	const audience = audienceOf(event.locals.viewer);
	if (!audience) return null;
	const path = event.url.pathname;
	if (CACHEABLE.has(path)) return `${audience} ${event.locals.locale} ${path}${event.url.search}`;
	if (!PAGES.test(path)) return null;
	// SvelteKit strips `/__data.json` and its `x-sveltekit-invalidated` (which nodes to send) from
	// `event.url`: the request's own URL tells the answers apart.
	const raw = new URL(event.request.url);
	// Keyed by what the account may see as well: a role change shows at once, also on a store whose
	// data version only writers of the data bump (PostgreSQL).
	const v = event.locals.viewer!;
	const who = `account:${v.id}:${v.role}:${v.branch ?? ''}:${v.shared ? 1 : 0}`;
	return `${who} ${event.locals.locale} ${raw.pathname}${raw.search}`;
}

/** Bytes an answer holds in memory: its body and its compressed copy. */
const sizeOf = (a: Answer) => a.body.byteLength + (a.gzipped?.byteLength ?? 0);

/**
 * `handle()`'s response, or the same bytes from an earlier identical request — compressed once
 * when kept, and sent compressed to a browser that accepts it (every browser does): a branch page's
 * 57 KB of page data leave as ~8 KB, which is less to copy and to send on a busy intranet.
 */
export async function cachedResponse(
	event: Pick<RequestEvent, 'request' | 'url' | 'locals'>,
	handle: () => Promise<Response>
): Promise<Response> {
	const key = keyOf(event);
	if (!key) return handle();
	const gzip = acceptsGzip(event.request.headers);
	const cache = await cacheOf(event.locals.store.db, event.locals.dataVersion);
	const hit = cache.answers.get(key);
	if (hit && Date.now() - hit.at < MAX_AGE_MS) return respond(hit, gzip);
	const response = await handle();
	// Only a plain success is kept: never an error, a redirect or an answer that sets a cookie.
	if (response.status !== 200 || response.headers.has('set-cookie')) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const compress = body.byteLength >= MIN_GZIP_BYTES && !response.headers.has('content-encoding');
	const answer: Answer = {
		body,
		gzipped: compress ? new Uint8Array(gzipSync(body)) : undefined,
		headers: [...response.headers],
		at: Date.now()
	};
	if (sizeOf(answer) <= MAX_BYTES) {
		const prior = cache.answers.get(key); // two identical requests computed side by side
		if (prior) {
			cache.bytes -= sizeOf(prior);
			cache.answers.delete(key);
		}
		cache.bytes += sizeOf(answer);
		cache.answers.set(key, answer);
		for (const [k, old] of cache.answers) {
			if (cache.bytes <= MAX_BYTES) break;
			cache.answers.delete(k);
			cache.bytes -= sizeOf(old);
		}
	}
	return respond(answer, gzip);
}

/** Below this an answer is sent as it is: compressing saves less than its headers cost. */
const MIN_GZIP_BYTES = 1024;

/** Whether the request's `Accept-Encoding` takes gzip (named, or as `*`, and not with `q=0`). */
export function acceptsGzip(headers: Headers): boolean {
	const quality = new Map<string, number>();
	for (const part of (headers.get('accept-encoding') ?? '').split(',')) {
		const [coding, ...params] = part.trim().toLowerCase().split(';');
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		quality.set(coding.trim(), q ? Number(q.slice(2)) || 0 : 1);
	}
	return (quality.get('gzip') ?? quality.get('*') ?? 0) > 0;
}

function respond({ body, gzipped, headers }: Answer, gzip: boolean): Response {
	const bytes = gzip && gzipped ? gzipped : body;
	const response = new Response(bytes as BodyInit, { headers });
	response.headers.set('content-length', String(bytes.byteLength));
	if (gzipped) {
		response.headers.append('vary', 'accept-encoding');
		if (bytes === gzipped) response.headers.set('content-encoding', 'gzip');
	}
	return response;
}
