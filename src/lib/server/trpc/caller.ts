/** Server-side calls into the same procedures the browser uses (for `+page.server.ts` loads). */
import { error, type RequestEvent } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { contextOf } from './init';
import { appRouter } from './router';

const STATUS = { UNAUTHORIZED: 401, FORBIDDEN: 403 } as const;

/** A refusal becomes the page's 401/403 with the procedure's message (not a 500). */
function refusalsAsPageErrors<T extends object>(target: T): T {
	// tRPC's caller is a proxy of functions: `caller.meta` and `caller.meta.info` are both callable.
	return new Proxy(target, {
		get: (obj, key) => {
			const value = Reflect.get(obj, key) as unknown;
			return (typeof value === 'function' || (value && typeof value === 'object')) &&
				typeof key === 'string'
				? refusalsAsPageErrors(value as object)
				: value;
		},
		apply: async (fn, self, args) => {
			try {
				return await Reflect.apply(fn as (...a: unknown[]) => unknown, self, args);
			} catch (e) {
				if (e instanceof TRPCError && (e.code === 'UNAUTHORIZED' || e.code === 'FORBIDDEN'))
					error(STATUS[e.code], e.message);
				throw e;
			}
		}
	});
}

export function serverCaller(event: Pick<RequestEvent, 'locals'>) {
	return refusalsAsPageErrors(appRouter.createCaller(contextOf(event.locals)));
}
