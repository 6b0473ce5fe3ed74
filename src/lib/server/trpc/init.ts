/** tRPC setup: context, procedure builders, and an error formatter that never leaks internals. */
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { m } from '../../paraglide/messages.js';
import type { AppStore } from '../app';
import { isBusyError } from '../db';

export interface Context {
	store: AppStore;
	/** UI language of the request: problem messages are rendered in it. */
	locale: 'zh-cn' | 'en';
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

export const publicProcedure = t.procedure.use(busyIsRetry);
export { TRPCError };
