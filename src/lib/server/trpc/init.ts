/** tRPC setup: context, procedure builders, and an error formatter that never leaks internals. */
import { initTRPC, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { AppStore } from '../app';

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
export const publicProcedure = t.procedure;
export { TRPCError };
