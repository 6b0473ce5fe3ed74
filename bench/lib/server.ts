/**
 * The built app (`node build/index.js`) on a free loopback port over a fresh demo database, for the
 * page and server benchmarks. `stop()` must be called in `finally`: it always ends the process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../tests/free-ports';
import {
	killOnExit,
	startBuiltServer,
	stopProcess,
	waitForHttp
} from '../../tests/integration/server';
import { ROOT } from './child';

export interface RunningApp {
	url: string;
	stop(): Promise<void>;
}

/**
 * The session of the demo committee member the benches sign in as: every page, export and upload
 * needs an account, so every request a bench makes (and, the same work the same way, its bare
 * floor's) carries this cookie.
 */
export const session = { cookie: '' };

/** What every browser sends with a request: it takes compressed answers. */
export const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br, zstd' };

/**
 * Headers of a signed-in browser's request: the session cookie, the browser's `Accept-Encoding`
 * (and any others given).
 */
export function signedIn(headers: Record<string, string> = {}): Record<string, string> {
	const all = { ...BROWSER_HEADERS, ...headers };
	return session.cookie ? { ...all, cookie: session.cookie } : all;
}

/** Sign in on the sign-in page's form as a browser does; the session cookie it sets. */
export async function signInCookie(url: string, username = 'demo.committee'): Promise<string> {
	const res = await fetch(`${url}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username, password: 'pacesetter-demo' })
	});
	const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
	if (res.status !== 303 || !cookies.length) throw new Error(`sign-in answered ${res.status}`);
	return cookies.join('; ');
}

/** Build the app if `build/` is missing. */
function ensureBuilt(): void {
	if (existsSync(join(ROOT, 'build/index.js'))) return;
	const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
	if (b.status !== 0) throw new Error('npm run build failed');
}

/**
 * Fill a demo database with `demo-db`: a SQLite file (`--db PATH`) or an empty PostgreSQL
 * database or schema (`--database-url URL`).
 */
export function makeDemoDb(args: ['--db' | '--database-url', string]): void {
	const made = spawnSync(
		process.execPath,
		['--import', 'tsx', 'src/cli/main.ts', 'demo-db', ...args],
		{ cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }
	);
	if (made.status !== 0) throw new Error(`demo-db failed: ${made.stderr.toString().slice(-500)}`);
}

/**
 * Start the built app (building it first if needed) on a free loopback port, as `npm start` starts
 * it (no ORIGIN), with `env` added to its environment (the database, the worker pool's size).
 */
export async function startApp(env: Record<string, string>): Promise<RunningApp> {
	ensureBuilt();
	const { url, stop } = await startBuiltServer(env, { stderr: 'inherit' });
	return { url, stop };
}

/**
 * Make a demo database and start the app on it, signed in (`session`), with `env` added to its
 * environment (e.g. the worker pool's size).
 */
export async function startDemoApp(env: Record<string, string> = {}): Promise<RunningApp> {
	ensureBuilt();
	const dir = mkdtempSync(join(tmpdir(), 'pacesetter-bench-app-'));
	const db = join(dir, 'demo.db');
	let app: RunningApp | undefined;
	try {
		makeDemoDb(['--db', db]);
		app = await startApp({ PACESETTER_DB: db, PACESETTER_DATABASE_URL: '', ...env });
		session.cookie = await signInCookie(app.url);
	} catch (e) {
		await app?.stop();
		rmSync(dir, { recursive: true, force: true });
		throw e;
	}
	const { url, stop } = app;
	return {
		url,
		stop: async () => {
			await stop();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * A tiny Node server in its own process answering every request with `body` and `headers` (the
 * bare floor): the same bytes the app sent, compressed or not as the app sent them.
 */
export async function startBareServer(
	body: string | Uint8Array,
	headers: Record<string, string>
): Promise<RunningApp> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'pacesetter-bench-bare-'));
	const file = join(dir, 'body');
	writeFileSync(file, body);
	const script = `
		const body = require('node:fs').readFileSync(process.env.BARE_FILE);
		const headers = { ...JSON.parse(process.env.BARE_HEADERS), 'content-length': body.length };
		require('node:http').createServer((req, res) => {
			res.writeHead(200, headers);
			res.end(body);
		}).listen(${port}, '127.0.0.1');`;
	const child = spawn(process.execPath, ['-e', script], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, BARE_FILE: file, BARE_HEADERS: JSON.stringify(headers) }
	});
	const url = `http://127.0.0.1:${port}`;
	killOnExit(child);
	const stop = async () => {
		await stopProcess(child);
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await waitForHttp(url, child);
	} catch (e) {
		await stop();
		throw e;
	}
	return { url, stop };
}
