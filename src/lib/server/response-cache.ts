/**
 * Serialized answers of the read-only views, kept per data version: the overview's and the branch
 * page's tRPC queries, and the page data (`__data.json`) a browser fetches when it navigates to the
 * overview or a branch page. A repeated view (every committee member opening the same default view,
 * Back, reload) skips tRPC's parsing and validation, SvelteKit's loads and devalue's encoding, which
 * is most of such a request's cost. Data changes only through writes, which change the version
 * (data-version.ts), so an answer is never older than the data it claims; and an answer is kept at
 * most `MAX_AGE_MS`, for what depends on the clock (a month falling due).
 */
import type { RequestEvent } from '@sveltejs/kit';
import { can } from '../domain/roles';
import { perDataVersion } from './data-version';

/** Queries whose answer depends only on their input, the language, the data and the audience. */
const CACHEABLE = new Set(['/api/trpc/overview.view', '/api/trpc/branch.view']);
/**
 * Pages whose data (`__data.json`) is kept: the overview and the branch pages. Their data also
 * names the signed-in account (the layout's), so it is kept per account, not per audience.
 */
const PAGES = /^\/(?:branches\/[a-z0-9-]+\/?)?$/;
/** How long an answer is kept at most, even while the data stays the same. */
const MAX_AGE_MS = 60_000;
/** Bounded by size: an answer is ~15 KB at 8 branches but megabytes at province scale. */
const MAX_BYTES = 64 * 2 ** 20;

interface Answer {
	body: string;
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
function keyOf(
	event: Pick<RequestEvent, 'request' | 'url' | 'locals'> & { isDataRequest?: boolean }
): string | null {
	if (event.request.method !== 'GET') return null;
	const audience = audienceOf(event.locals.viewer);
	if (!audience) return null;
	const path = event.url.pathname;
	if (CACHEABLE.has(path)) return `${audience} ${event.locals.locale} ${path}${event.url.search}`;
	if (!event.isDataRequest || !PAGES.test(path)) return null;
	// SvelteKit strips `/__data.json` and its `x-sveltekit-invalidated` (which nodes to send) from
	// `event.url`: the request's own URL tells the answers apart.
	const raw = new URL(event.request.url);
	// Keyed by what the account may see as well: a role change shows at once, also on a store whose
	// data version only writers of the data bump (PostgreSQL).
	const v = event.locals.viewer!;
	const who = `account:${v.id}:${v.role}:${v.branch ?? ''}:${v.shared ? 1 : 0}`;
	return `${who} ${event.locals.locale} ${raw.pathname}${raw.search}`;
}

/** `handle()`'s response, or the same bytes from an earlier identical request. */
export async function cachedResponse(
	event: Pick<RequestEvent, 'request' | 'url' | 'locals'> & { isDataRequest?: boolean },
	handle: () => Promise<Response>
): Promise<Response> {
	const key = keyOf(event);
	if (!key) return handle();
	const cache = await cacheOf(event.locals.store.db);
	const hit = cache.answers.get(key);
	if (hit && Date.now() - hit.at < MAX_AGE_MS) return respond(hit);
	const response = await handle();
	// Only a plain success is kept: never an error, a redirect or an answer that sets a cookie.
	if (response.status !== 200 || response.headers.has('set-cookie')) return response;
	const answer = { body: await response.text(), headers: [...response.headers], at: Date.now() };
	if (answer.body.length * 2 <= MAX_BYTES) {
		const prior = cache.answers.get(key); // two identical requests computed side by side
		if (prior) {
			cache.bytes -= prior.body.length * 2;
			cache.answers.delete(key);
		}
		cache.bytes += answer.body.length * 2; // UTF-16 in memory
		cache.answers.set(key, answer);
		for (const [k, old] of cache.answers) {
			if (cache.bytes <= MAX_BYTES) break;
			cache.answers.delete(k);
			cache.bytes -= old.body.length * 2;
		}
	}
	return respond(answer);
}

function respond({ body, headers }: Answer): Response {
	const response = new Response(body, { headers });
	response.headers.set('content-length', String(Buffer.byteLength(body)));
	return response;
}
