/**
 * The built app (`node build`) in a child process on a free loopback port, and plain HTTP requests
 * to it: for the integration tests that need a real server and for the benches (bench/lib/server.ts).
 * Needs `npm run build`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { freePort } from '../free-ports';

export const ROOT = join(import.meta.dirname, '../..');

/** Even if this process dies before its `finally` (an uncaught error), `child` dies with it. */
export function killOnExit(child: ChildProcess): void {
	const kill = () => child.kill('SIGKILL');
	process.once('exit', kill);
	child.once('exit', () => process.off('exit', kill));
}

/** SIGTERM, SIGKILL after 5 s; resolves once `child` has exited. */
export function stopProcess(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((ok) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
		child.once('exit', () => {
			clearTimeout(timer);
			ok();
		});
		child.kill('SIGTERM');
	});
}

/** Wait until `url` answers (any status), or fail after `timeoutMs` or when `child` exits. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 60_000) {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
		try {
			await fetch(url);
			return;
		} catch {
			await new Promise((ok) => setTimeout(ok, 200));
		}
	}
	throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

export interface BuiltServer {
	port: number;
	url: string;
	child: ChildProcess;
	/** Ends the server (see stopProcess). */
	stop(): Promise<void>;
}

/**
 * Start the built app as `npm start` starts it: production, on 127.0.0.1 at a free port, without
 * the proxy settings (ORIGIN, BODY_SIZE_LIMIT, PROTOCOL_HEADER, HOST_HEADER) this process may
 * carry; `env` adds to or overrides that environment (undefined removes a variable). `origin`
 * sets ORIGIN to the server's own address. Resolves once the server answers.
 */
export async function startBuiltServer(
	env: Record<string, string | undefined> = {},
	opts: { origin?: boolean; stderr?: 'inherit' | 'ignore'; timeoutMs?: number } = {}
): Promise<BuiltServer> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const base: Record<string, string | undefined> = { ...process.env };
	for (const k of ['ORIGIN', 'BODY_SIZE_LIMIT', 'PROTOCOL_HEADER', 'HOST_HEADER']) delete base[k];
	const merged: Record<string, string | undefined> = {
		...base,
		NODE_ENV: 'production',
		HOST: '127.0.0.1',
		PORT: String(port),
		...(opts.origin ? { ORIGIN: url } : {}),
		...env
	};
	for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
	const child = spawn(process.execPath, ['build'], {
		cwd: ROOT,
		env: merged,
		stdio: ['ignore', 'ignore', opts.stderr ?? 'ignore']
	});
	killOnExit(child);
	const server = { port, url, child, stop: () => stopProcess(child) };
	try {
		await waitForHttp(`${url}/`, child, opts.timeoutMs);
	} catch (e) {
		await server.stop();
		throw e;
	}
	return server;
}

export interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** One request to the server on loopback `port`, on a fresh connection; the whole answer. */
export function request(
	port: number,
	path: string,
	opts: { method?: string; headers?: Record<string, string>; body?: Buffer } = {}
): Promise<Answer> {
	return new Promise((ok, fail) => {
		const req = http.request(
			{
				host: '127.0.0.1',
				port,
				path,
				method: opts.method ?? 'GET',
				headers: opts.headers,
				agent: false
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					ok({
						status: res.statusCode!,
						headers: res.headers,
						body: Buffer.concat(chunks).toString()
					})
				);
			}
		);
		// A server that refuses a body answers and closes while the rest is still being written: the
		// write fails (EPIPE, nodejs/node#12339) though the answer arrives. Wait for it a moment.
		let answered = false;
		req.on('response', () => (answered = true));
		req.on('error', (e: NodeJS.ErrnoException) => {
			if (e.code !== 'EPIPE' && e.code !== 'ECONNRESET') return fail(e);
			setTimeout(() => (answered ? undefined : fail(e)), 2000);
		});
		req.end(opts.body);
	});
}

export const BOUNDARY = '----pacesetter-test-boundary';
/** The content type of a `multipart` body. */
export const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** A multipart/form-data body holding one CSV file as the page uploads it (field `file`). */
export function multipart(name: string, content: Buffer | string): Buffer {
	return Buffer.concat([
		Buffer.from(
			`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
				`Content-Type: text/csv\r\n\r\n`
		),
		Buffer.from(content),
		Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
	]);
}
