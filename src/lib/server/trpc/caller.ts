/** Server-side calls into the same procedures the browser uses (for `+page.server.ts` loads). */
import type { RequestEvent } from '@sveltejs/kit';
import { appRouter } from './router';

export function serverCaller(event: Pick<RequestEvent, 'locals'>) {
	return appRouter.createCaller({ store: event.locals.store, locale: event.locals.locale });
}
