import prettier from 'eslint-config-prettier';
import path from 'node:path';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, includeIgnoreFile } from 'eslint/config';
import globals from 'globals';
import ts from 'typescript-eslint';

const gitignorePath = path.resolve(import.meta.dirname, '.gitignore');

export default defineConfig(
	includeIgnoreFile(gitignorePath),
	js.configs.recommended,
	ts.configs.recommended,
	svelte.configs.recommended,
	prettier,
	svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// typescript-eslint strongly recommend that you do not use the no-undef lint rule on TypeScript projects.
			// see: https://typescript-eslint.io/troubleshooting/faqs/eslint/#i-get-errors-from-the-no-undef-rule-about-global-variables-not-being-defined-even-though-there-are-no-typescript-errors
			'no-undef': 'off'
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser
			}
		}
	},
	{
		files: ['src/**/*.ts', 'src/**/*.svelte', 'tests/**/*.ts'],
		languageOptions: {
			parserOptions: { projectService: true, extraFileExtensions: ['.svelte'] }
		},
		rules: {
			// A forgotten promise loses its error: every promise is awaited, returned or marked `void`.
			'@typescript-eslint/no-floating-promises': 'error'
		}
	},
	{
		files: ['src/**/*.svelte'],
		rules: {
			// Pages check no views themselves (the server did): zod in a component would load it on
			// every page (~30 KB gzip). Types are fine; they leave nothing in the bundle.
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					paths: [
						{
							name: 'zod',
							allowTypeImports: true,
							message: 'Validate on the server; the browser bundle stays without zod.'
						},
						{
							name: '$lib/views/view-params',
							allowTypeImports: true,
							message: 'Import viewQuery and the limits from $lib/views/view-query (no zod).'
						}
					]
				}
			]
		}
	},
	{
		rules: {
			// The app is served at the root (no `paths.base`), and links carry view query strings
			// built by view-params.ts; wrapping every href in resolve() would add noise, not safety.
			'svelte/no-navigation-without-resolve': 'off'
		}
	}
);
