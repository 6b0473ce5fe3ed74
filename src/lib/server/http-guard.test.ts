import { describe, expect, it } from 'vitest';
import { crossSite, hostAllowed, hostName, hostPolicy, withSecurityHeaders } from './http-guard';

const post = (headers: Record<string, string>) =>
	new Request('https://ignored.example/api/trpc/imports.commit', { method: 'POST', headers });

describe('same-origin check', () => {
	const plain = hostPolicy({});
	it('accepts the page at the requested host over plain http (no ORIGIN)', () => {
		for (const host of ['localhost:3000', '127.0.0.1:3000', '192.168.1.20:3000', '[::1]:3000'])
			expect(crossSite(post({ host, origin: `http://${host}` }), plain), host).toBe(false);
		expect(crossSite(post({ host: 'dash:80', origin: 'http://dash' }), plain)).toBe(false);
	});
	it('refuses another site, another port, an opaque origin', () => {
		const host = 'localhost:3000';
		for (const origin of ['http://evil.example', 'http://localhost:3001', 'null', 'file://x'])
			expect(crossSite(post({ host, origin }), plain), origin).toBe(true);
		expect(crossSite(post({ host, 'sec-fetch-site': 'cross-site' }), plain)).toBe(true);
	});
	it('lets requests without Origin through (curl, scripts) and never checks GET', () => {
		expect(crossSite(post({ host: 'localhost:3000' }), plain)).toBe(false);
		const get = new Request('http://x/', { headers: { origin: 'http://evil.example' } });
		expect(crossSite(get, plain)).toBe(false);
	});
	it('with ORIGIN accepts exactly that origin, scheme included', () => {
		const proxied = hostPolicy({ ORIGIN: 'https://dash.example.org' });
		const host = 'dash.example.org';
		expect(crossSite(post({ host, origin: 'https://dash.example.org' }), proxied)).toBe(false);
		expect(crossSite(post({ host, origin: 'http://dash.example.org' }), proxied)).toBe(true);
	});
	it('with HOST_HEADER compares with the host the proxy names', () => {
		const p = hostPolicy({ HOST_HEADER: 'X-Forwarded-Host' });
		const req = post({
			host: '127.0.0.1:3000',
			'x-forwarded-host': 'dash',
			origin: 'https://dash'
		});
		expect(crossSite(req, p)).toBe(false);
	});
});

describe('Host allow-list', () => {
	it('answers loopback and the machine’s own names, not a foreign one', () => {
		const p = hostPolicy({});
		const ok = (host: string) => hostAllowed(new Headers({ host }), p);
		expect(ok('localhost:3000')).toBe(true);
		expect(ok('127.0.0.1')).toBe(true);
		expect(ok('[::1]:3000')).toBe(true);
		expect(ok('evil.example')).toBe(false);
		expect(ok('127.0.0.1.evil.example')).toBe(false);
		expect(hostAllowed(new Headers(), p)).toBe(false);
	});
	it('adds ORIGIN’s host and PACESETTER_ALLOWED_HOSTS', () => {
		const p = hostPolicy({
			ORIGIN: 'https://dash.example.org',
			PACESETTER_ALLOWED_HOSTS: 'a.lan, B.lan:8080'
		});
		for (const host of ['dash.example.org', 'a.lan:3000', 'b.lan'])
			expect(hostAllowed(new Headers({ host }), p), host).toBe(true);
	});
	it('parses host names with ports and brackets', () => {
		expect(hostName('Example.ORG:80')).toBe('example.org');
		expect(hostName('[fe80::1]:3000')).toBe('fe80::1');
		expect(hostName('fe80::1')).toBe('fe80::1');
	});
});

describe('security headers', () => {
	it('are added, with a strict CSP when the answer has none', () => {
		const r = withSecurityHeaders(
			new Response('{}', { headers: { 'content-type': 'application/json' } })
		);
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
		expect(r.headers.get('x-frame-options')).toBe('DENY');
		expect(r.headers.get('content-security-policy')).toMatch(
			/default-src 'none'.*frame-ancestors 'none'/
		);
		const page = withSecurityHeaders(
			new Response('', { headers: { 'content-security-policy': "script-src 'self'" } })
		);
		expect(page.headers.get('content-security-policy')).toBe("script-src 'self'");
	});
});
