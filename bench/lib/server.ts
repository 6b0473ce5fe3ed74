/**
 * The built app (`node build/index.js`) on a free loopback port over a fresh demo database, for the
 * page and server benchmarks. `stop()` must be called in `finally`: it always ends the process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	freePort,
	killOnExit,
	startBuiltServer,
	stopProcess,
	waitForHttp
} from '../../tests/integration/server';
import { ROOT } from './child';

export { freePort };

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

/** Headers of a signed-in browser's request: the session cookie (and any others given). */
export function signedIn(headers: Record<string, string> = {}): Record<string, string> {
	return session.cookie ? { ...headers, cookie: session.cookie } : headers;
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

/**
 * Build the app if `build/` is missing, make a demo database and start the server on it, with
 * `env` added to its environment (e.g. the worker pool's size).
 */
export async function startDemoApp(env: Record<string, string> = {}): Promise<RunningApp> {
	if (!existsSync(join(ROOT, 'build/index.js'))) {
		const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
		if (b.status !== 0) throw new Error('npm run build failed');
	}
	const dir = mkdtempSync(join(tmpdir(), 'pacesetter-bench-app-'));
	const db = join(dir, 'demo.db');
	const made = spawnSync(
		process.execPath,
		['--import', 'tsx', 'src/cli/main.ts', 'demo-db', '--db', db],
		{ cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] }
	);
	if (made.status !== 0) {
		rmSync(dir, { recursive: true, force: true });
		throw new Error(`demo-db failed: ${made.stderr.toString().slice(-500)}`);
	}
	const app = await startBuiltServer(
		{ PACESETTER_DB: db, ...env },
		{ stderr: 'inherit', origin: true }
	).catch((e: unknown) => {
		rmSync(dir, { recursive: true, force: true });
		throw e;
	});
	const stop = async () => {
		await app.stop();
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		session.cookie = await signInCookie(app.url);
	} catch (e) {
		await stop();
		throw e;
	}
	return { url: app.url, stop };
}

/** A tiny Node server in its own process answering every request with `body` (the bare floor). */
export async function startBareServer(body: string, contentType: string): Promise<RunningApp> {
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'pacesetter-bench-bare-'));
	const file = join(dir, 'body');
	writeFileSync(file, body);
	const script = `
		const body = require('node:fs').readFileSync(process.env.BARE_FILE);
		require('node:http').createServer((req, res) => {
			res.writeHead(200, { 'content-type': process.env.BARE_TYPE, 'content-length': body.length });
			res.end(body);
		}).listen(${port}, '127.0.0.1');`;
	const child = spawn(process.execPath, ['-e', script], {
		stdio: ['ignore', 'ignore', 'inherit'],
		env: { ...process.env, BARE_FILE: file, BARE_TYPE: contentType }
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
