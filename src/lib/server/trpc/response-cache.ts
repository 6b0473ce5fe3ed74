/**
 * Serialized answers of the read-only views (the overview's and the branch page's), kept per data
 * version: a repeated view (every committee member opening the same default view, Back, reload)
 * skips tRPC's parsing, validation and JSON encoding. Data changes only through writes, which
 * change the version (data-version.ts), so an answer is never older than the data it claims.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { can } from '../../domain/roles';
import { perDataVersion } from '../data-version';

/** Queries whose answer depends only on their input, the language and the data. */
const CACHEABLE = new Set(['/api/trpc/overview.view', '/api/trpc/branch.view']);
/** Bounded by size: an answer is ~15 KB at 8 branches but megabytes at province scale. */
const MAX_BYTES = 64 * 2 ** 20;

interface Answer {
	body: string;
	headers: [string, string][];
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

/** `handle()`'s response, or the same bytes from an earlier identical request. */
export async function cachedResponse(
	event: Pick<RequestEvent, 'request' | 'url' | 'locals'>,
	handle: () => Promise<Response>
): Promise<Response> {
	if (event.request.method !== 'GET' || !CACHEABLE.has(event.url.pathname)) return handle();
	const audience = audienceOf(event.locals.viewer);
	if (!audience) return handle();
	const cache = await cacheOf(event.locals.store.db);
	const key = `${audience} ${event.locals.locale} ${event.url.pathname}${event.url.search}`;
	const hit = cache.answers.get(key);
	if (hit) return respond(hit);
	const response = await handle();
	if (response.status !== 200) return response;
	const answer = { body: await response.text(), headers: [...response.headers] };
	if (answer.body.length * 2 <= MAX_BYTES) {
		const prior = cache.answers.get(key); // two identical requests computed side by side
		if (prior) cache.bytes -= prior.body.length * 2;
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
