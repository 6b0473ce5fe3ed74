import { defineConfig } from '@playwright/test';

const emptyPort = Number(process.env.E2E_PORT_EMPTY ?? 4311);
const demoPort = Number(process.env.E2E_PORT_DEMO ?? 4312);
const tmp = process.env.E2E_TMP ?? '/tmp/pacesetter-e2e';

function server(port: number, db: string) {
	return {
		command: 'node build/index.js',
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore' as const,
		stderr: 'pipe' as const,
		env: {
			NODE_ENV: 'production',
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: `http://127.0.0.1:${port}`,
			BODY_SIZE_LIMIT: '1100M',
			PACESETTER_DB: db
		}
	};
}

export default defineConfig({
	testDir: 'tests/e2e',
	outputDir: 'test-results',
	timeout: 60_000,
	expect: { timeout: 15_000 },
	fullyParallel: false,
	workers: 1,
	retries: process.env.CI ? 1 : 0,
	reporter: [['list']],
	use: {
		locale: 'zh-CN',
		viewport: { width: 1366, height: 768 },
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--headless',
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		},
		screenshot: 'only-on-failure',
		trace: 'off'
	},
	projects: [
		{
			// Checks of the fresh empty store, before anything is imported into it.
			name: 'empty',
			testMatch: /.*\.empty\.e2e\.ts/,
			testIgnore: /import\.empty\.e2e\.ts/,
			use: { baseURL: `http://127.0.0.1:${emptyPort}` }
		},
		{
			// Imports into the same store, so it runs after the empty-state checks.
			name: 'import',
			testMatch: /import\.empty\.e2e\.ts/,
			dependencies: ['empty'],
			use: { baseURL: `http://127.0.0.1:${emptyPort}` }
		},
		{
			name: 'demo',
			testMatch: /.*\.demo\.e2e\.ts/,
			use: { baseURL: `http://127.0.0.1:${demoPort}` }
		}
	],
	webServer: [
		server(emptyPort, process.env.E2E_EMPTY_DB ?? `${tmp}/empty.db`),
		server(demoPort, process.env.E2E_DEMO_DB ?? `${tmp}/demo.db`)
	]
});
