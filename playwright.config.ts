import { defineConfig } from '@playwright/test';

const emptyPort = Number(process.env.E2E_PORT_EMPTY ?? 4311);
const demoPort = Number(process.env.E2E_PORT_DEMO ?? 4312);
const originPort = Number(process.env.E2E_PORT_ORIGIN ?? 4313);
const tmp = process.env.E2E_TMP ?? '/tmp/pacesetter-e2e';
/** The smoke run on PostgreSQL (`tests/e2e-pg.sh`): then only that server and its project. */
const pgUrl = process.env.E2E_PG_URL;
const pgPort = Number(process.env.E2E_PORT_PG ?? 4314);

/**
 * The server as README starts it: `npm start`, no ORIGIN, no BODY_SIZE_LIMIT (only HOST keeps it on
 * loopback). `extra` is for the one server that runs behind a documented ORIGIN.
 */
function server(port: number, db: string, extra: Record<string, string> = {}) {
	const env: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env))
		if (
			v !== undefined &&
			!['ORIGIN', 'BODY_SIZE_LIMIT', 'PROTOCOL_HEADER', 'HOST_HEADER'].includes(k)
		)
			env[k] = v;
	return {
		command: 'npm start',
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: false,
		timeout: 60_000,
		stdout: 'ignore' as const,
		stderr: 'pipe' as const,
		env: { ...env, PORT: String(port), HOST: '127.0.0.1', PACESETTER_DB: db, ...extra }
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
	projects: pgUrl
		? [
				{
					name: 'pg',
					testMatch: /.*\.pg\.e2e\.ts/,
					use: { baseURL: `http://127.0.0.1:${pgPort}` }
				}
			]
		: [
				{
					// Checks of the fresh empty store, before anything is imported into it.
					name: 'empty',
					testMatch: /.*\.empty\.e2e\.ts/,
					testIgnore: [/import\.empty\.e2e\.ts/, /cycle\.empty\.e2e\.ts/],
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
					// A reporting month on the same store, after the imports (it adds accounts and data).
					name: 'cycle',
					testMatch: /cycle\.empty\.e2e\.ts/,
					dependencies: ['import'],
					use: { baseURL: `http://127.0.0.1:${emptyPort}` }
				},
				{
					name: 'demo',
					testMatch: /.*\.demo\.e2e\.ts/,
					use: { baseURL: `http://127.0.0.1:${demoPort}` }
				},
				{
					// Behind a reverse proxy as README documents it: ORIGIN names the address users open.
					name: 'origin',
					testMatch: /.*\.origin\.e2e\.ts/,
					use: { baseURL: `http://localhost:${originPort}` }
				}
			],
	webServer: pgUrl
		? [server(pgPort, '', { PACESETTER_DATABASE_URL: pgUrl })]
		: [
				server(emptyPort, process.env.E2E_EMPTY_DB ?? `${tmp}/empty.db`),
				server(demoPort, process.env.E2E_DEMO_DB ?? `${tmp}/demo.db`),
				server(originPort, process.env.E2E_ORIGIN_DB ?? `${tmp}/origin.db`, {
					ORIGIN: `http://localhost:${originPort}`
				})
			]
});
