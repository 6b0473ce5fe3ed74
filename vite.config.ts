import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { sveltekit } from '@sveltejs/kit/vite';

export default defineConfig({
	plugins: [
		sveltekit(),
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			emitTsDeclarations: true,
			// The UI language lives in a cookie; Chinese is the default for everyone else.
			strategy: ['cookie', 'baseLocale']
		})
	],
	worker: { format: 'es' },
	build: {
		rolldownOptions: {
			output: {
				codeSplitting: {
					// ECharts as pages load it in one chunk: left to itself Rolldown cuts it into several
					// (by which lazy parts — tooltips, titles, the SVG renderer — share each module), and
					// every cut costs gzip and export lists. The lazy parts stay their own chunks.
					groups: [
						{ name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, tags: ['$initial'] }
					]
				}
			}
		}
	},
	test: {
		expect: { requireAssertions: true },
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'server',
					environment: 'node',
					include: ['src/**/*.{test,spec}.{js,ts}', 'tests/integration/**/*.test.ts'],
					exclude: ['src/**/*.svelte.{test,spec}.{js,ts}'],
					testTimeout: 60_000
				}
			}
		]
	}
});
