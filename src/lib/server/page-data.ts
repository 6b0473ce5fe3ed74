/**
 * Page loads' big answers as JSON text, kept per data version. SvelteKit sends load data with
 * devalue, which costs ~25× JSON.stringify on the overview's answer: a page that loads the answer
 * as a string (devalue copies a string almost for free) and parses it in the browser makes a
 * `__data.json` cost what the tRPC endpoint's cached answer does. Same bounds as response-cache.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { perDataVersion } from './data-version';
import { audienceOf } from './response-cache';

/** Bounded by size: an answer is ~15 KB at 8 branches but megabytes at province scale. */
const MAX_BYTES = 64 * 2 ** 20;

const cacheOf = perDataVersion(async () => ({ bytes: 0, answers: new Map<string, string>() }));

/**
 * `compute()` as JSON text, or the text of an earlier identical `key` at this data version asked by
 * an account that may see the same figures (the procedure behind `compute` checked that one's role;
 * another audience computes, and is checked, anew). Nothing is shared without an account.
 */
export async function cachedJson(
	event: Pick<RequestEvent, 'locals'>,
	what: string,
	compute: () => Promise<unknown>
): Promise<string> {
	const audience = audienceOf(event.locals.viewer);
	if (!audience) return JSON.stringify(await compute());
	const key = `${audience} ${event.locals.locale} ${what}`;
	const cache = await cacheOf(event.locals.store.db);
	const hit = cache.answers.get(key);
	if (hit !== undefined) return hit;
	const json = JSON.stringify(await compute());
	if (json.length * 2 <= MAX_BYTES && !cache.answers.has(key)) {
		cache.bytes += json.length * 2; // UTF-16 in memory
		cache.answers.set(key, json);
		for (const [k, old] of cache.answers) {
			if (cache.bytes <= MAX_BYTES) break;
			cache.answers.delete(k);
			cache.bytes -= old.length * 2;
		}
	}
	return json;
}
