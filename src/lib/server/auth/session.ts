/**
 * The web side of accounts: sign in through better-auth's own endpoint (so its rate limiter and
 * hooks apply), read the session of a request, sign out, and the setting that shares comparisons
 * with branch accounts.
 */
import type { Cookies } from '@sveltejs/kit';
import { parseSetCookieHeader, toCookieOptions } from 'better-auth/cookies';
import { isRole, type Viewer } from '../../domain/roles';
import { storeVersions, writeTransaction, type Db } from '../db';
import { writeAudit, type Actor } from '../audit';
import { authFor, CLIENT_ADDRESS_HEADER, secureCookies } from './index';

/** What a request knows about its client, for the audit trail. */
export interface Client {
	address: string | null;
	agent: string | null;
}

export interface SignedIn extends Viewer {
	mustChangePassword: boolean;
	sessionToken: string;
}

/** Copy better-auth's Set-Cookie headers onto SvelteKit's cookies. */
function applyCookies(cookies: Cookies, headers: Headers) {
	for (const header of headers.getSetCookie()) {
		for (const [name, attributes] of parseSetCookieHeader(header)) {
			cookies.set(name, attributes.value, {
				...toCookieOptions(attributes),
				// Said outright: SvelteKit would otherwise make it Secure off localhost, even over http.
				secure: secureCookies(),
				path: attributes.path || '/'
			});
		}
	}
}

function authHeaders(request: Request, client: Client): Headers {
	const headers = new Headers();
	headers.set('cookie', request.headers.get('cookie') ?? '');
	headers.set('origin', new URL(request.url).origin);
	if (client.agent) headers.set('user-agent', client.agent);
	// Only the server sets the address: a client-sent header of that name is never forwarded.
	if (client.address) headers.set(CLIENT_ADDRESS_HEADER, client.address);
	return headers;
}

export type SignInResult = { ok: true } | { ok: false; reason: 'invalid' | 'locked' | 'disabled' };

/**
 * Sign in with username and password. Errors never say whether the username exists: an unknown
 * name and a wrong password are the same `invalid`.
 */
export async function signIn(
	db: Db,
	request: Request,
	cookies: Cookies,
	client: Client,
	username: string,
	password: string
): Promise<SignInResult> {
	const auth = await authFor(db);
	const headers = authHeaders(request, client);
	headers.set('content-type', 'application/json');
	const response = await auth.handler(
		new Request(new URL('/api/auth/sign-in/username', request.url), {
			method: 'POST',
			headers,
			body: JSON.stringify({ username: username.trim().toLowerCase(), password })
		})
	);
	if (response.ok) {
		applyCookies(cookies, response.headers);
		return { ok: true };
	}
	if (response.status === 429) return { ok: false, reason: 'locked' };
	const body = (await response.json().catch(() => ({}))) as { code?: string };
	// A disabled account is told so only after its password was right (better-auth checks it first).
	if (response.status === 403 && body.code === 'BANNED_USER')
		return { ok: false, reason: 'disabled' };
	return { ok: false, reason: 'invalid' };
}

/** How long a looked-up session is reused at most, so that better-auth still refreshes it. */
const SESSION_REUSE_MS = 30_000;
const SESSIONS_REMEMBERED = 2000;

interface Remembered {
	/** The database's change token when the session was looked up. */
	token: string;
	at: number;
	expiresAt: number;
	viewer: SignedIn;
}

const remembered = new WeakMap<Db, Map<string, Remembered>>();

/** The session cookie's signed value in a Cookie header (any prefix better-auth gives it). */
function sessionCookie(cookie: string | null): string | null {
	return cookie?.match(/(?:^|;\s*)(?:__Secure-)?[\w.-]*session_token=([^;]+)/)?.[1] ?? null;
}

/**
 * The signed-in account of a request, or null (no, expired or ended session; disabled account).
 *
 * A session looked up through better-auth (cookie signature, session and account rows) is reused
 * for the same cookie while nothing at all was written to the store since (`storeVersions`, on
 * either store, by this process or any other: another app instance, the CLI), the session has not
 * expired, and for at most `SESSION_REUSE_MS`. Signing out, ending a session, disabling an account
 * or changing a role or the sharing setting are writes, so the next request looks the session up
 * anew: reuse never outlives a change.
 */
export async function sessionOf(
	db: Db,
	request: Request,
	client: Client,
	versions?: { writes: string }
): Promise<SignedIn | null> {
	const cookie = sessionCookie(request.headers.get('cookie'));
	if (!cookie) return null;
	const token = (versions ?? (await storeVersions(db))).writes;
	let memo = remembered.get(db);
	const now = Date.now();
	const known = memo?.get(cookie);
	if (known && known.token === token && now - known.at < SESSION_REUSE_MS && now < known.expiresAt)
		return known.viewer;
	const found = await lookUpSession(db, request, client);
	if (!found) return null;
	if (!memo) remembered.set(db, (memo = new Map()));
	memo.delete(cookie);
	memo.set(cookie, { token, at: now, expiresAt: found.expiresAt, viewer: found.viewer });
	if (memo.size > SESSIONS_REMEMBERED) memo.delete(memo.keys().next().value!);
	return found.viewer;
}

async function lookUpSession(
	db: Db,
	request: Request,
	client: Client
): Promise<{ viewer: SignedIn; expiresAt: number } | null> {
	const auth = await authFor(db);
	const session = await auth.api.getSession({ headers: authHeaders(request, client) });
	if (!session) return null;
	const user = session.user as typeof session.user & {
		username?: string | null;
		role?: string | null;
		branch?: string | null;
		banned?: boolean | null;
		mustChangePassword?: boolean | null;
	};
	if (user.banned || !isRole(user.role)) return null;
	const viewer: SignedIn = {
		id: user.id,
		username: user.username ?? user.name,
		role: user.role,
		branch: user.role === 'branch' ? (user.branch ?? null) : null,
		shared: await comparisonsShared(db),
		mustChangePassword: Boolean(user.mustChangePassword),
		sessionToken: session.session.token
	};
	return {
		viewer: Object.freeze(viewer),
		expiresAt: new Date(session.session.expiresAt).getTime()
	};
}

/** End this session (its cookie is cleared). */
export async function signOut(
	db: Db,
	request: Request,
	cookies: Cookies,
	client: Client,
	by: Actor
): Promise<void> {
	const auth = await authFor(db);
	const { headers } = await auth.api.signOut({
		headers: authHeaders(request, client),
		returnHeaders: true
	});
	applyCookies(cookies, headers);
	await writeAudit(db, { ...by, action: 'sign-out' });
}

const SHARE_KEY = 'share_comparisons';

/** Whether an admin shares comparisons (other branches' figures, rankings) with branch accounts. */
export async function comparisonsShared(db: Db): Promise<boolean> {
	const row = await db
		.selectFrom('meta')
		.select('value')
		.where('key', '=', SHARE_KEY)
		.executeTakeFirst();
	return row?.value === '1';
}

export async function setComparisonsShared(db: Db, shared: boolean, by: Actor): Promise<void> {
	// A write like the data's (PostgreSQL: it bumps the data version), so sessions and answers kept
	// by every instance follow it on their next request.
	await writeTransaction(db, async (trx) => {
		const before = await comparisonsShared(trx);
		await trx
			.insertInto('meta')
			.values({ key: SHARE_KEY, value: shared ? '1' : '0' })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: shared ? '1' : '0' }))
			.execute();
		await writeAudit(trx, {
			...by,
			action: 'settings.share-comparisons',
			detail: { before: { shared: before }, after: { shared } }
		});
	});
}

/** The audit actor of a signed-in account (or `anonymous`) with the request's client. */
export function actorOf(viewer: Viewer | null, client: Client): Actor {
	return {
		actor: viewer?.username ?? 'anonymous',
		role: viewer?.role ?? null,
		address: client.address,
		agent: client.agent
	};
}
