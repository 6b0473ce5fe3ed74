/** tRPC setup: context, procedure builders, and an error formatter that never leaks internals. */
import { initTRPC, TRPCError } from '@trpc/server';
import { roleLabel } from '../auth/messages';
import { z } from 'zod';
import { can, type Action, type Viewer } from '../../domain/roles';
import { m } from '../../paraglide/messages.js';
import type { AppStore } from '../app';
import { writeAudit } from '../audit';
import type { Client, SignedIn } from '../auth/session';
import { actorOf } from '../auth/session';
import { isBusyError } from '../db';

export interface Context {
	store: AppStore;
	/** UI language of the request: problem messages are rendered in it. */
	locale: 'zh-cn' | 'en';
	/** The signed-in account, or null. */
	viewer: SignedIn | null;
	/** The request's address and browser, for the audit trail. */
	client: Client;
}

/** The parts of a request a tRPC context is made of (`event.locals`). */
export function contextOf(locals: App.Locals): Context {
	return {
		store: locals.store,
		locale: locals.locale,
		viewer: locals.viewer,
		client: locals.client
	};
}

const t = initTRPC.context<Context>().create({
	// Stack traces stay on the server whatever NODE_ENV says.
	isDev: false,
	errorFormatter({ shape, error }) {
		const internal = error.code === 'INTERNAL_SERVER_ERROR';
		// zod's message is its issues as pretty-printed JSON: say the same in one line.
		const invalid =
			error.cause instanceof z.ZodError
				? `Invalid input: ${error.cause.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ')}`
				: null;
		return {
			...shape,
			message: internal ? 'Internal server error' : (invalid ?? shape.message),
			data: { code: shape.data.code, httpStatus: shape.data.httpStatus }
		};
	}
});

export const router = t.router;

/**
 * A write that waited the whole busy timeout for another writer (the CLI, another request) is
 * answered 503 with a "try again" message in the user's language, never a 500.
 */
const busyIsRetry = t.middleware(async ({ ctx, next }) => {
	const result = await next();
	if (!result.ok && isBusyError(result.error.cause))
		throw new TRPCError({
			code: 'SERVICE_UNAVAILABLE',
			message: m.import_err_busy({}, { locale: ctx.locale }),
			cause: result.error.cause
		});
	return result;
});

/**
 * A procedure the roles that may do `action` can call (the table in `domain/roles.ts`). Anyone
 * else gets 401 (not signed in) or 403 (signed in, not allowed), with a message saying so; every
 * refusal is audited. An account that must change its password can call nothing until it has.
 */
export function procedureFor(action: Action) {
	return t.procedure.use(busyIsRetry).use(async ({ ctx, next, path, type }) => {
		const viewer = ctx.viewer;
		const opts = { locale: ctx.locale };
		const allowed = viewer && !viewer.mustChangePassword && can(viewer.role, action, viewer.shared);
		if (!allowed) {
			const reason = !viewer ? 'signed-out' : viewer.mustChangePassword ? 'password' : 'role';
			// Anonymous reads are not worth a row each; anonymous writes and every signed-in refusal are.
			if (viewer || type === 'mutation')
				await writeAudit(ctx.store.db, {
					...actorOf(viewer, ctx.client),
					action: 'denied',
					outcome: 'denied',
					target: path,
					branch: viewer?.branch ?? null,
					detail: { need: action, reason }
				});
			if (!viewer)
				throw new TRPCError({ code: 'UNAUTHORIZED', message: m.auth_err_signed_out({}, opts) });
			throw new TRPCError({
				code: 'FORBIDDEN',
				message:
					reason === 'password'
						? m.auth_err_change_password({}, opts)
						: m.auth_err_forbidden({ role: roleLabel(viewer.role, ctx.locale) }, opts)
			});
		}
		return next({ ctx: { ...ctx, viewer: viewer as SignedIn & Viewer } });
	});
}

/** Refuse a signed-in account an action on a branch it may not see (audited like a role refusal). */
export async function refuseBranch(ctx: Context, path: string, branch: string): Promise<never> {
	await writeAudit(ctx.store.db, {
		...actorOf(ctx.viewer, ctx.client),
		action: 'denied',
		outcome: 'denied',
		target: path,
		branch,
		detail: { reason: 'branch' }
	});
	throw new TRPCError({
		code: 'FORBIDDEN',
		message: m.auth_err_branch({ branch }, { locale: ctx.locale })
	});
}
export { TRPCError };
