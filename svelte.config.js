import { copyFileSync, renameSync } from 'node:fs';
import adapter from '@sveltejs/adapter-node';

const node = adapter({ out: 'build' });

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: {
		// Force runes mode for the project, except for libraries. Can be removed in svelte 6.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		// adapter-node's server, started through our own entry (server-entry.js becomes build/index.js,
		// adapter-node's becomes build/listen.js): it lifts adapter-node's 512 KB body limit, which the
		// hook replaces with the import limits in code, and sets the security headers on static files.
		adapter: {
			...node,
			async adapt(builder) {
				await node.adapt(builder);
				renameSync('build/index.js', 'build/listen.js');
				copyFileSync('server-entry.js', 'build/index.js');
			}
		},
		// Kit's origin check assumes https without ORIGIN, so it refused the import page's uploads over
		// plain http (npm run demo). The server hook checks the origin against the requested host
		// instead (src/lib/server/http-guard.ts), for every content type.
		csrf: { trustedOrigins: ['*'] },
		// Inline scripts are named by hash, not by a nonce: the same page then has the same bytes on
		// every request, so a repeated page load can be answered from the cache (response-cache.ts).
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Svelte and ECharts set style attributes; no inline script is allowed.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self', 'data:'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
