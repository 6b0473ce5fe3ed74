/**
 * Accounts and sessions through better-auth (username + admin plugins) on the store's own Kysely
 * instance: its tables are created by its `getMigrations` when the store opens. Sign-up is off; the
 * accounts are made by an admin (`accounts.ts`), the setup link or the CLI. Sessions live in the
 * database; cookies are httpOnly, SameSite=Lax, Secure under https; a session expires after the
 * idle timeout (`PACESETTER_SESSION_IDLE_HOURS`, default 8) and is renewed while in use.
 */
import { randomBytes } from 'node:crypto';
import { betterAuth, type BetterAuthOptions } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { getMigrations } from 'better-auth/db/migration';
import { admin } from 'better-auth/plugins/admin';
import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements } from 'better-auth/plugins/admin/access';
import { username } from 'better-auth/plugins/username';
import { sql } from 'kysely';
import { ACCOUNTS_VERSION_KEY, dialectOf, type Db } from '../db';
import { writeAudit } from '../audit';
import { lockOf, recordFailure, clearFailures, FAILURE_DELAY_MS } from './locks';

/** The request header that carries the client's address into better-auth (set by the server only). */
export const CLIENT_ADDRESS_HEADER = 'x-pacesetter-client';

/** The idle timeout in seconds (`PACESETTER_SESSION_IDLE_HOURS`, default 8 h). */
/**
 * Whether users reach the server over https, so that session cookies are `Secure`: `ORIGIN` says
 * so, or a proxy's protocol header is configured. Plain `npm start` serves http, where a browser
 * drops a Secure cookie (on a LAN address), and better-auth would set one in production mode.
 */
export function secureCookies(env: NodeJS.ProcessEnv = process.env): boolean {
	if (env.ORIGIN) return env.ORIGIN.startsWith('https://');
	return Boolean(env.PROTOCOL_HEADER);
}

export function idleSeconds(env: NodeJS.ProcessEnv = process.env): number {
	const raw = env.PACESETTER_SESSION_IDLE_HOURS;
	const hours = raw === undefined || raw === '' ? 8 : Number(raw);
	if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30)
		throw new Error(
			`PACESETTER_SESSION_IDLE_HOURS must be a number of hours (0–720), not "${raw}"`
		);
	return Math.round(hours * 3600);
}

const ac = createAccessControl(defaultStatements);
const noAdminRights = ac.newRole({ user: [], session: [] });

/** The secret that signs session cookies: `PACESETTER_AUTH_SECRET`, else one kept in the database. */
async function secretFor(db: Db): Promise<string> {
	const fromEnv = process.env.PACESETTER_AUTH_SECRET;
	if (fromEnv) return fromEnv;
	const row = await db
		.selectFrom('meta')
		.select('value')
		.where('key', '=', 'auth_secret')
		.executeTakeFirst();
	if (row) return row.value;
	const secret = randomBytes(32).toString('base64url');
	await db
		.insertInto('meta')
		.values({ key: 'auth_secret', value: secret })
		.onConflict((oc) => oc.column('key').doNothing())
		.execute();
	const stored = await db
		.selectFrom('meta')
		.select('value')
		.where('key', '=', 'auth_secret')
		.executeTakeFirstOrThrow();
	return stored.value;
}

function options(db: Db, secret: string) {
	const idle = idleSeconds();
	return {
		appName: 'Pacesetter',
		secret,
		database: { db, type: dialectOf(db), transaction: true },
		telemetry: { enabled: false },
		logger: { level: 'error' },
		// The origin is the request's own: adapter-node's ORIGIN (or Host) decides it, and the
		// forms that reach better-auth are this server's own (`signIn` in `session.ts`).
		trustedOrigins: (request?: Request) => (request ? [new URL(request.url).origin] : []),
		emailAndPassword: {
			enabled: true,
			disableSignUp: true,
			minPasswordLength: 10,
			maxPasswordLength: 256
		},
		session: {
			expiresIn: idle,
			// Renewed at most every quarter hour while in use: an idle timeout, not an absolute one.
			updateAge: Math.min(900, Math.floor(idle / 4)),
			cookieCache: { enabled: false }
		},
		user: {
			additionalFields: {
				branch: { type: 'string', required: false, input: false },
				mustChangePassword: {
					type: 'boolean',
					required: false,
					defaultValue: false,
					input: false
				},
				lastSignInAt: { type: 'date', required: false, input: false }
			}
		},
		rateLimit: {
			enabled: true,
			storage: 'database',
			window: 60,
			max: 100,
			// Sign-ins per address and minute: an office behind one NAT address signs in at nine. Failed
			// ones are slowed and locked per account and address on top (locks.ts).
			customRules: { '/sign-in/username': { window: 60, max: 120 } }
		},
		advanced: {
			useSecureCookies: secureCookies(),
			ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] },
			defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' }
		},
		plugins: [
			username({ minUsernameLength: 2, maxUsernameLength: 40 }),
			admin({
				ac,
				roles: {
					admin: adminAc,
					committee: noAdminRights,
					branch: noAdminRights,
					viewer: noAdminRights
				},
				defaultRole: 'viewer',
				adminRoles: ['admin']
			})
		],
		hooks: {
			// A locked account or address is refused before its password is even checked.
			before: createAuthMiddleware(async (ctx) => {
				if (ctx.path !== '/sign-in/username') return;
				const name = String((ctx.body as { username?: unknown })?.username ?? '').toLowerCase();
				const address = ctx.request?.headers.get(CLIENT_ADDRESS_HEADER) ?? null;
				const lock = await lockOf(db, name, address);
				if (lock) {
					await writeAudit(db, {
						actor: name || 'anonymous',
						address,
						agent: ctx.request?.headers.get('user-agent') ?? null,
						action: 'sign-in',
						outcome: 'denied',
						detail: { reason: 'locked', until: lock }
					});
					throw new APIError('TOO_MANY_REQUESTS', { message: 'locked', code: 'LOCKED' });
				}
			}),
			// Failed sign-ins do not pass through databaseHooks: both outcomes are recorded here.
			after: createAuthMiddleware(async (ctx) => {
				if (ctx.path !== '/sign-in/username') return;
				const name = String((ctx.body as { username?: unknown })?.username ?? '').toLowerCase();
				const address = ctx.request?.headers.get(CLIENT_ADDRESS_HEADER) ?? null;
				const agent = ctx.request?.headers.get('user-agent') ?? null;
				const session = ctx.context.newSession;
				if (session) {
					const role = (session.user as { role?: string }).role ?? null;
					await db.transaction().execute(async (trx) => {
						await clearFailures(trx, name, address);
						await trx
							.updateTable('user')
							.set({ lastSignInAt: new Date().toISOString() })
							.where('id', '=', session.user.id)
							.execute();
						await writeAudit(trx, {
							actor: name,
							role,
							address,
							agent,
							action: 'sign-in',
							outcome: 'ok'
						});
					});
					return;
				}
				const failures = await db.transaction().execute(async (trx) => {
					const n = await recordFailure(trx, name, address);
					await writeAudit(trx, {
						actor: name || 'anonymous',
						address,
						agent,
						action: 'sign-in',
						outcome: 'failed',
						detail: { failures: n }
					});
					return n;
				});
				// Slowed: each further failure waits a little longer before it is answered.
				await new Promise((r) => setTimeout(r, Math.min(failures, 10) * FAILURE_DELAY_MS));
			})
		}
	} satisfies BetterAuthOptions;
}

function createAuth(db: Db, secret: string) {
	return betterAuth(options(db, secret));
}

export type Auth = ReturnType<typeof createAuth>;

const instances = new WeakMap<Db, Promise<Auth>>();

/** Create better-auth's tables if missing (its `getMigrations`, not its CLI, which needs Node 22). */
export async function migrateAuth(db: Db): Promise<void> {
	const { runMigrations } = await getMigrations(options(db, 'migrations-only'));
	await runMigrations();
	if (dialectOf(db) === 'postgres') await countAccountChanges(db);
}

/**
 * PostgreSQL: every statement that changes an account or a session (sign-in, sign-out, a role
 * change, disabling, a new password) bumps `meta.accounts_version`, in its own transaction, so a
 * session looked up by one instance can be reused until any instance (or the CLI) changes
 * something (`sessionOf`). SQLite needs none: its change token counts every write already.
 */
async function countAccountChanges(db: Db): Promise<void> {
	await sql`create or replace function pacesetter_accounts_changed() returns trigger
		language plpgsql as $$
		begin
			insert into meta (key, value) values (${sql.lit(ACCOUNTS_VERSION_KEY)}, '1')
			on conflict (key) do update set value = (meta.value::bigint + 1)::text;
			return null;
		end $$`.execute(db);
	for (const table of ['user', 'session', 'account']) {
		const trigger = sql.id(`pacesetter_${table}_changed`);
		await sql`drop trigger if exists ${trigger} on ${sql.table(table)}`.execute(db);
		await sql`create trigger ${trigger} after insert or update or delete on ${sql.table(table)}
			for each statement execute function pacesetter_accounts_changed()`.execute(db);
	}
}

/** The store's better-auth instance (one per database). */
export function authFor(db: Db): Promise<Auth> {
	let auth = instances.get(db);
	if (!auth) {
		auth = secretFor(db).then((secret) => createAuth(db, secret));
		instances.set(db, auth);
	}
	return auth;
}
