/**
 * The server's start (`node build`, `npm start`): copied to build/index.js by svelte.config.js.
 *
 * adapter-node reads BODY_SIZE_LIMIT once, when its handler loads, and defaults to 512 KB, which
 * refused every import over half a megabyte when the server was started by hand. The limits live in
 * code instead (PACESETTER_MAX_FILE_MB / PACESETTER_MAX_FILES, src/lib/server/import-limits.ts),
 * enforced by the server hook while the body streams in; BODY_SIZE_LIMIT set explicitly still applies
 * on top. Static files get the same security headers as every other answer.
 */
import process from 'node:process';

process.env.BODY_SIZE_LIMIT ??= 'Infinity';

/** Static files (scripts, the import worker, fonts, robots.txt): headers the hook sets elsewhere. */
const STATIC_HEADERS = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'same-origin',
	'x-robots-tag': 'noindex, nofollow',
	'content-security-policy':
		"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
		"font-src 'self' data:; connect-src 'self' data:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
};

const http = await import('node:http');
const emit = http.Server.prototype.emit;
// Preset on every response; the hook's and SvelteKit's own headers replace them for dynamic answers.
http.Server.prototype.emit = function (event, ...args) {
	if (event === 'request') {
		const res = args[1];
		for (const [k, v] of Object.entries(STATIC_HEADERS)) res.setHeader(k, v);
	}
	return emit.call(this, event, ...args);
};

await import('./listen.js');
