/**
 * The HTTP layer on the built server, started as `npm start` starts it (`node build`: no ORIGIN, no
 * BODY_SIZE_LIMIT), on loopback: uploads from the page's own address over plain http, cross-site
 * posts refused, foreign Host names refused, size limits enforced while the body streams in, and the
 * security headers on an HTML page, a tRPC answer and an exported SVG. Needs `npm run build`.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	BOUNDARY,
	multipart,
	MULTIPART,
	request,
	ROOT as root,
	startBuiltServer,
	type Answer,
	type BuiltServer
} from './server';

const LIMIT_MB = 2;
let dir: string;
let demoDb: string;

const servers: BuiltServer[] = [];

/** The demo database's server with the upload limit these tests probe; `extra` adds settings. */
async function start(extra: Record<string, string> = {}): Promise<BuiltServer> {
	const server = await startBuiltServer({
		PACESETTER_DB: demoDb,
		PACESETTER_MAX_FILE_MB: String(LIMIT_MB),
		...extra
	});
	servers.push(server);
	return server;
}

const CSV = Buffer.from('支部,月份,支部党员大会\n第一检察部支部,2020-01,1\n');

/** A committee member's session cookie on the server at `port`, signed in as a user does. */
async function signInCookie(
	port: number,
	headers: Record<string, string> = {},
	username = 'demo.committee'
): Promise<string> {
	const res = await request(port, '/login', {
		method: 'POST',
		headers: {
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			...headers
		},
		body: Buffer.from(`username=${username}&password=pacesetter-demo`)
	});
	const set = res.headers['set-cookie'] ?? [];
	if (res.status !== 303 || !set.length) throw new Error(`sign-in failed: ${res.status}`);
	lastSetCookies = set;
	return set.map((c) => c.split(';')[0]).join('; ');
}

/** The signed-in page's own requests: its session cookie plus any other cookie asked for. */
const withSession = (headers: Record<string, string> = {}, session = cookie) => ({
	...headers,
	cookie: headers.cookie ? `${session}; ${headers.cookie}` : session
});

function upload(
	port: number,
	headers: Record<string, string>,
	body = multipart('a.csv', CSV),
	session = cookie
) {
	return request(port, '/api/trpc/imports.preview', {
		method: 'POST',
		headers: withSession({ 'content-type': MULTIPART, ...headers }, session),
		body
	});
}

const lanAddress = Object.values(networkInterfaces())
	.flat()
	.find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

let plain: BuiltServer;
let cookie = '';
let lastSetCookies: string[] = [];

beforeAll(async () => {
	if (!existsSync(join(root, 'build/index.js'))) throw new Error('run `npm run build` first');
	dir = mkdtempSync(join(tmpdir(), 'pacesetter-http-'));
	demoDb = join(dir, 'demo.db');
	const made = spawnSync(
		process.execPath,
		['--import', 'tsx', 'src/cli/main.ts', 'demo-db', '--db', demoDb],
		{
			cwd: root,
			encoding: 'utf8'
		}
	);
	if (made.status !== 0) throw new Error(made.stderr);
	plain = await start();
	cookie = await signInCookie(plain.port);
}, 120_000);

afterAll(async () => {
	await Promise.all(servers.map((s) => s.stop()));
	if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('signing in over plain http with no ORIGIN', () => {
	it('sets a session cookie a browser keeps on http (not Secure), also at the LAN address', async () => {
		const host = lanAddress ? `${lanAddress}:${plain.port}` : `127.0.0.1:${plain.port}`;
		await signInCookie(plain.port, { host, origin: `http://${host}` });
		const session = lastSetCookies.find((c) => c.includes('session_token'))!;
		expect(session).toMatch(/^better-auth\.session_token=/);
		expect(session).not.toMatch(/;\s*Secure/i);
		expect(session).toMatch(/HttpOnly/i);
		expect(session).toMatch(/SameSite=Lax/i);
	});
});

describe('uploads over plain http with no ORIGIN', () => {
	it('are accepted from the page at localhost, 127.0.0.1 and the LAN address', async () => {
		const hosts = [`127.0.0.1:${plain.port}`, `localhost:${plain.port}`];
		if (lanAddress) hosts.push(`${lanAddress}:${plain.port}`);
		for (const host of hosts) {
			const res = await upload(plain.port, { host, origin: `http://${host}` });
			expect(res.status, host).toBe(200);
			expect(JSON.parse(res.body).result.data[0].file).toBe('a.csv');
		}
	});

	it('are refused from a page of another site, with a message naming it', async () => {
		const host = `127.0.0.1:${plain.port}`;
		for (const origin of ['http://evil.example', `http://127.0.0.1:${plain.port + 1}`, 'null']) {
			const res = await upload(plain.port, { host, origin });
			expect(res.status, origin).toBe(403);
			expect(JSON.parse(res.body).error.message, origin).toContain(origin === 'null' ? '' : origin);
		}
		// Any content type: a JSON mutation from another site is refused as well.
		const json = await request(plain.port, '/api/trpc/imports.revert', {
			method: 'POST',
			headers: { origin: 'http://evil.example', 'content-type': 'application/json' },
			body: Buffer.from('{"id":1}')
		});
		expect(json.status).toBe(403);
	});

	it('takes a file over adapter-node’s 512 KB default', async () => {
		const big = Buffer.concat([CSV, Buffer.alloc(600 * 1024, '#')]);
		const res = await upload(
			plain.port,
			{ origin: `http://127.0.0.1:${plain.port}` },
			multipart('big.csv', big)
		);
		expect(res.status).toBe(200);
	});
});

describe('Host names (DNS rebinding)', () => {
	it('answers 421 to a name that is not this machine’s', async () => {
		const res = await request(plain.port, '/', { headers: { host: `evil.example:${plain.port}` } });
		expect(res.status).toBe(421);
		expect(res.body).toContain('evil.example');
		const api = await request(plain.port, '/api/trpc/imports.list', {
			headers: { host: 'attacker.test' }
		});
		expect(api.status).toBe(421);
	});

	it('answers a name listed in PACESETTER_ALLOWED_HOSTS', async () => {
		const s = await start({ PACESETTER_ALLOWED_HOSTS: 'dash.intranet.example' });
		const res = await request(s.port, '/', {
			headers: withSession({ host: 'dash.intranet.example' })
		});
		expect(res.status).toBe(200);
	});
});

describe('size limits while the body streams in', () => {
	it('refuses a declared Content-Length over the batch limit at once', async () => {
		const t0 = Date.now();
		const res = await new Promise<Answer>((ok, fail) => {
			const req = http.request(
				{
					host: '127.0.0.1',
					port: plain.port,
					path: '/api/trpc/imports.preview',
					method: 'POST',
					agent: false,
					headers: { 'content-type': MULTIPART, 'content-length': String(1024 ** 3) }
				},
				(r) => {
					let body = '';
					r.on('data', (c) => (body += c));
					r.on('end', () => {
						req.destroy();
						ok({ status: r.statusCode!, headers: r.headers, body });
					});
				}
			);
			req.on('error', fail);
			req.write(Buffer.alloc(1024));
		});
		expect(Date.now() - t0).toBeLessThan(1000);
		expect(res.status).toBe(413);
		expect(JSON.parse(res.body).error.message).toMatch(/1024 MB/);
	});

	// Node's client may lose the refusal when its own write fails first (EPIPE once the server has
	// answered and closed, nodejs/node#12339): the server's answer is what is tested, so try again.
	it(
		'refuses a streamed file over the per-file limit by name, within a second, reading little beyond it',
		{ retry: 3 },
		async () => {
			const rssBefore = rss(plain.child.pid!);
			const chunk = Buffer.alloc(256 * 1024, 'x');
			const limit = LIMIT_MB * 1024 * 1024;
			let sent = 0;
			let crossedAt = 0;
			const res = await new Promise<Answer & { sentAtAnswer: number }>((ok, fail) => {
				const req = http.request(
					{
						host: '127.0.0.1',
						port: plain.port,
						path: '/api/trpc/imports.preview',
						method: 'POST',
						agent: false,
						// No Content-Length: the server can only count.
						headers: withSession({ 'content-type': MULTIPART, 'transfer-encoding': 'chunked' })
					},
					(r) => {
						const sentAtAnswer = sent;
						let body = '';
						r.on('data', (c) => (body += c));
						r.on('end', () => {
							req.destroy();
							ok({ status: r.statusCode!, headers: r.headers, body, sentAtAnswer });
						});
					}
				);
				req.on('error', (e) => (answered ? undefined : fail(e)));
				let answered = false;
				req.on('response', () => (answered = true));
				req.write(
					`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="huge 年报.csv"\r\n\r\n`
				);
				const pump = () => {
					// A never-ending file, bounded by the test: at most 200 MB.
					while (!answered && sent < 200 * 1024 * 1024) {
						sent += chunk.length;
						if (!crossedAt && sent > limit) crossedAt = Date.now();
						if (!req.write(chunk)) return void req.once('drain', pump);
					}
				};
				pump();
			});
			expect(res.status).toBe(413);
			const late = Date.now() - crossedAt;
			console.log(
				`streamed upload refused ${late} ms after passing the limit; ${(res.sentAtAnswer / 1024 / 1024).toFixed(1)} MB sent by then (limit ${LIMIT_MB} MB)`
			);
			expect(late).toBeLessThan(1000);
			// Loopback socket buffers hold a few MB; the server itself stops reading at the limit.
			expect(res.sentAtAnswer).toBeLessThan(limit + 16 * 1024 * 1024);
			const message = JSON.parse(res.body).error.message as string;
			expect(message).toContain('huge 年报.csv');
			expect(message).toContain(`${LIMIT_MB} MB`);
			expect(rss(plain.child.pid!) - rssBefore).toBeLessThan(64 * 1024 * 1024);
			// The server still answers.
			expect(
				(await request(plain.port, '/api/trpc/imports.list', { headers: withSession() })).status
			).toBe(200);
		}
	);

	it('says it in English for an English user', async () => {
		const big = Buffer.alloc((LIMIT_MB + 1) * 1024 * 1024, 'x');
		const res = await upload(
			plain.port,
			{ origin: `http://127.0.0.1:${plain.port}`, cookie: 'PARAGLIDE_LOCALE=en' },
			multipart('big.csv', big)
		);
		expect(res.status).toBe(413);
		expect(JSON.parse(res.body).error.message).toMatch(
			/“big\.csv” is larger than the limit of 2 MB/
		);
	});

	// Node's client may lose the refusal when its own write fails first (EPIPE once the server has
	// answered and closed, nodejs/node#12339): the server's answer is what is tested, so try again.
	it('refuses a tRPC JSON body over 1 MB', { retry: 3 }, async () => {
		const res = await request(plain.port, '/api/trpc/imports.revert', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: Buffer.alloc(2 * 1024 * 1024, ' ')
		});
		expect(res.status).toBe(413);
	});
});

describe('security headers', () => {
	const expectHardened = (res: Answer, what: string) => {
		expect(res.status, what).toBe(200);
		expect(res.headers['x-content-type-options'], what).toBe('nosniff');
		expect(res.headers['x-frame-options'], what).toBe('DENY');
		expect(res.headers['referrer-policy'], what).toBeTruthy();
		expect(res.headers['x-robots-tag'], what).toMatch(/noindex/);
		const csp = String(res.headers['content-security-policy']);
		expect(csp, what).toMatch(/frame-ancestors 'none'/);
		expect(csp, what).not.toMatch(/script-src[^;]*'unsafe-inline'/);
		return csp;
	};

	it('are on an HTML page (every inline script named by its hash), a tRPC answer and an exported SVG', async () => {
		const page = await request(plain.port, '/', { headers: withSession() });
		const csp = expectHardened(page, 'page');
		const allowed = [...csp.matchAll(/'sha256-([^']+)'/g)].map((m) => m[1]);
		const inline = [...page.body.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
			(m) => m[1]
		);
		expect(inline.length).toBeGreaterThan(0);
		for (const script of inline)
			expect(allowed).toContain(createHash('sha256').update(script).digest('base64'));
		// Loaded again as a browser does (with what it stored): the whole page and its own policy,
		// never a 304 whose policy lacks the hashes the stored page needs.
		expect(page.headers.etag).toBeUndefined();
		const again = await request(plain.port, '/', {
			headers: withSession({ 'if-none-match': '"anything"', 'accept-encoding': 'gzip' })
		});
		expect(again.status).toBe(200);
		expect(again.headers['content-security-policy']).toBe(page.headers['content-security-policy']);

		expectHardened(
			await request(plain.port, '/api/trpc/imports.list', { headers: withSession() }),
			'json'
		);
		const svg = await request(
			plain.port,
			'/api/export/chart?chart=ranked&from=2020-01&to=2020-12&format=svg',
			{ headers: withSession() }
		);
		expect(svg.headers['content-type']).toMatch(/svg/);
		expect(expectHardened(svg, 'svg')).toMatch(/default-src 'none'/);
		expectHardened(await request(plain.port, '/robots.txt'), 'robots.txt');
	});

	it('robots.txt disallows everything', () => {
		expect(readFileSync(join(root, 'static/robots.txt'), 'utf8')).toMatch(/^Disallow: \/$/m);
	});
});

describe('behind a reverse proxy with ORIGIN', () => {
	it('accepts posts from ORIGIN only', async () => {
		const s = await start({ ORIGIN: 'https://dash.intranet.example' });
		const proxied = { host: 'dash.intranet.example', origin: 'https://dash.intranet.example' };
		const session = await signInCookie(s.port, proxied);
		// Behind https the session cookie is Secure.
		expect(lastSetCookies.find((c) => c.includes('session_token'))).toMatch(/;\s*Secure/i);
		const ok = await upload(s.port, proxied, multipart('a.csv', CSV), session);
		expect(ok.status).toBe(200);
		// The same host over http is not ORIGIN's scheme: refused.
		const http = await upload(
			s.port,
			{ host: `127.0.0.1:${s.port}`, origin: `http://127.0.0.1:${s.port}` },
			multipart('a.csv', CSV),
			session
		);
		expect(http.status).toBe(403);
	});
});

describe('page data of a navigation (kept per account and data version)', () => {
	it('answers each account with its own page data, again after a write and never after signing out', async () => {
		const viewer = await signInCookie(plain.port, {}, 'demo.viewer');
		const committee = await signInCookie(plain.port);
		const data = (session: string) =>
			request(plain.port, '/__data.json?x-sveltekit-invalidated=11', {
				headers: { cookie: session }
			});
		const first = await data(committee);
		expect(first.status).toBe(200);
		expect(first.body).toContain('"demo.committee"');
		expect((await data(committee)).body).toBe(first.body);
		const theirs = await data(viewer);
		expect(theirs.body).toContain('"demo.viewer"');
		expect(theirs.body).not.toContain('"demo.committee"');

		// The CLI writes into the server's database: the next navigation shows it.
		const file = join(dir, 'later.csv');
		writeFileSync(file, '支部,月份,主题党日\n第一检察部支部,2018-06,3\n');
		const imported = spawnSync(
			process.execPath,
			['--import', 'tsx', 'src/cli/main.ts', 'import', '--db', demoDb, file],
			{ cwd: root, encoding: 'utf8' }
		);
		expect(imported.status, imported.stderr).toBe(0);
		const after = await data(committee);
		expect(after.body).toContain('2018-06');
		expect(first.body).not.toContain('2018-06');

		const out = await request(plain.port, '/logout?/here', {
			method: 'POST',
			headers: {
				cookie: viewer,
				origin: `http://127.0.0.1:${plain.port}`,
				'content-type': 'application/x-www-form-urlencoded'
			},
			body: Buffer.from('')
		});
		expect(out.status).toBeLessThan(400);
		const refused = await data(viewer);
		expect(refused.body).not.toContain('"demo.viewer"');
		expect(refused.body).not.toContain('2018-06');
	});
});

function rss(pid: number): number {
	const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
	return Number(line?.[1] ?? 0) * 1024;
}

describe('stopping the server', () => {
	it('finishes the requests in flight before it closes the database, then exits', async () => {
		const server = await start();
		const session = await signInCookie(server.port);
		// A picture export takes a while: it is still running when the signal arrives.
		const inFlight = request(
			server.port,
			'/api/export/chart?chart=multiples&from=2019-01&to=2021-12&format=png',
			{ headers: withSession({}, session) }
		);
		await new Promise((ok) => setTimeout(ok, 150));
		const exited = new Promise<number | null>((ok) => server.child.once('exit', ok));
		server.child.kill('SIGTERM');
		const answer = await inFlight;
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toMatch(/png/);
		expect(await exited).toBe(0);
	});
});
