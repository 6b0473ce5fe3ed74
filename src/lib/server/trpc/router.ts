/** The application's tRPC router: one sub-router per area. */
import { router } from './init';
import { branchRouter } from './branch';
import { metaRouter } from './meta';

export const appRouter = router({
	meta: metaRouter,
	branch: branchRouter
});

export type AppRouter = typeof appRouter;
