/** The application's tRPC router: one sub-router per area. */
import { router } from './init';
import { metaRouter } from './meta';

export const appRouter = router({
	meta: metaRouter
});

export type AppRouter = typeof appRouter;
