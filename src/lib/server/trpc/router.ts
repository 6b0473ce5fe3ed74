/** The application's tRPC router: one sub-router per area. */
import { router } from './init';
import { metaRouter } from './meta';
import { overviewRouter } from './overview';

export const appRouter = router({
	meta: metaRouter,
	overview: overviewRouter
});

export type AppRouter = typeof appRouter;
