/**
 * The worker pool's thread entry as its own file in the built server (build/workers/pool-worker.js):
 * SvelteKit's SSR build bundles only what routes import, and a worker_threads entry is a file path,
 * not an import. Run after `vite build` (adapter-node empties build/ first); dependencies stay
 * external, as in adapter-node's output.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
	dependencies: Record<string, string>;
};

const external = [
	...builtinModules,
	...builtinModules.map((m) => `node:${m}`),
	...Object.keys(pkg.dependencies)
];

export default defineConfig({
	// Not the app's config: no SvelteKit or paraglide plugins, nothing copied from static/.
	publicDir: false,
	logLevel: 'warn',
	build: {
		ssr: 'src/lib/server/workers/pool-worker.ts',
		outDir: 'build/workers',
		emptyOutDir: false,
		copyPublicDir: false,
		target: 'node22',
		minify: false,
		rolldownOptions: {
			external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
			output: { entryFileNames: 'pool-worker.js', format: 'es' }
		}
	}
});
