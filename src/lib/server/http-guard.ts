/**
 * The HTTP layer's own checks, run by the server hook before anything else:
 * - which Host names the server answers to (DNS rebinding: a page on evil.example whose name
 *   resolves to this machine must not read or change the committee's data), and
 * - whether a state-changing request comes from a page of this site (same origin), without
 *   assuming https: the README's `npm run demo` is plain http on localhost, 127.0.0.1 or the LAN.
 *
 * SvelteKit's own origin check is switched off in svelte.config.js (`csrf.trustedOrigins: ['*']`)
 * because, without `ORIGIN`, adapter-node takes every request for https and so refused the import
 * page's own uploads over http. This check replaces it, and covers every content type.
 */
import os from 'node:os';

type Env = Record<string, string | undefined>;

export interface HostPolicy {
	/** Lower-case host names (no port) the server answers to. */
	hosts: ReadonlySet<string>;
	/** `ORIGIN` when set: same-origin then means exactly this origin (scheme included). */
	origin: string | null;
	/** adapter-node's `HOST_HEADER` (lower-case), when a proxy names the host in another header. */
	hostHeader: string | null;
}

/** `host`, `host:port`, `[v6]` or `[v6]:port` → the lower-case name without port or brackets. */
export function hostName(host: string): string {
	const h = host.trim().toLowerCase();
	if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
	const colon = h.indexOf(':');
	// A bare IPv6 address (more than one colon) has no port.
	if (colon >= 0 && h.indexOf(':', colon + 1) < 0) return h.slice(0, colon);
	return h.replace(/\.$/, '');
}

/**
 * The names this server answers to: loopback, the machine's own host name and addresses, the
 * host of `ORIGIN`, and `PACESETTER_ALLOWED_HOSTS` (comma-separated names, e.g. a proxy's).
 */
export function hostPolicy(env: Env = process.env): HostPolicy {
	const hosts = new Set(['localhost', '127.0.0.1', '::1']);
	const own = os.hostname().toLowerCase();
	if (own) {
		hosts.add(own);
		hosts.add(`${own}.local`);
	}
	for (const list of Object.values(os.networkInterfaces()))
		for (const a of list ?? []) hosts.add(hostName(a.address.replace(/%.*$/, '')));
	let origin: string | null = null;
	if (env.ORIGIN) {
		const url = new URL(env.ORIGIN);
		origin = url.origin;
		hosts.add(hostName(url.host));
	}
	for (const h of (env.PACESETTER_ALLOWED_HOSTS ?? '').split(','))
		if (h.trim()) hosts.add(hostName(h));
	const header = env.HOST_HEADER?.trim().toLowerCase();
	return { hosts, origin, hostHeader: header || null };
}

/** The host the client asked for: the proxy's `HOST_HEADER` when configured, else `Host`. */
export function requestedHost(headers: Headers, policy: HostPolicy): string | null {
	return (policy.hostHeader && headers.get(policy.hostHeader)) || headers.get('host');
}

/** Whether the request names a host this server answers to. */
export function hostAllowed(headers: Headers, policy: HostPolicy): boolean {
	const host = requestedHost(headers, policy);
	if (!host) return false;
	const name = hostName(host);
	// `localhost.` and `sub.localhost` resolve to loopback by RFC 6761 and are never a foreign page.
	return policy.hosts.has(name) || name === 'localhost' || name.endsWith('.localhost');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request from a page of another site. Browsers send `Origin` with every POST;
 * a request without it (curl, the CLI's scripts) cannot be a forged browser request and passes.
 * With `ORIGIN` set the page's origin must be exactly it; without it, the page's host and port
 * must be the requested Host (scheme-agnostic: plain http on the LAN is the README's own setup).
 */
export function crossSite(request: Request, policy: HostPolicy): boolean {
	if (SAFE_METHODS.has(request.method)) return false;
	const origin = request.headers.get('origin');
	if (origin === null) return request.headers.get('sec-fetch-site') === 'cross-site';
	if (origin === 'null') return true;
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		return true;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return true;
	if (policy.origin) return url.origin !== policy.origin;
	const host = requestedHost(request.headers, policy);
	return !host || url.host !== normaliseHost(host, url.protocol);
}

/** `Host` as URL.host would print it (default port dropped, lower case) to compare with an origin. */
function normaliseHost(host: string, protocol: string): string {
	try {
		return new URL(`${protocol}//${host.trim()}`).host;
	} catch {
		return '';
	}
}

/**
 * The policy for answers that are not HTML pages (JSON, SVG, PNG, decks, static files): nothing
 * in them may run or be framed. HTML pages get SvelteKit's nonce-based policy (svelte.config.js).
 */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Headers every answer carries. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'x-content-type-options': 'nosniff',
	'x-frame-options': 'DENY',
	'referrer-policy': 'same-origin',
	'x-robots-tag': 'noindex, nofollow',
	'cross-origin-opener-policy': 'same-origin'
};

/** Add the security headers to an answer (a CSP only when SvelteKit did not set the page's own). */
export function withSecurityHeaders(response: Response): Response {
	let headers = response.headers;
	try {
		for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
	} catch {
		// Immutable headers (a fetched Response passed through): copy the answer.
		response = new Response(response.body, response);
		headers = response.headers;
		for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v);
	}
	if (!headers.has('content-security-policy')) headers.set('content-security-policy', NON_PAGE_CSP);
	// Pages carry no ETag: SvelteKit answers a matching If-None-Match with a 304 that leaves out the
	// page's CSP (its inline scripts' hashes), and the browser then ran its stored page under the
	// static files' policy, which blocked the page's start. A repeated page comes from the cache.
	if (headers.get('content-type')?.startsWith('text/html')) headers.delete('etag');
	return response;
}
