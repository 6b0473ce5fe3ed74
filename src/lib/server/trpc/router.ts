/** The application's tRPC router: one sub-router per area. */
import { router } from './init';
import { branchRouter } from './branch';
import { importsRouter } from './imports';
import { metaRouter } from './meta';

export const appRouter = router({
	meta: metaRouter,
	branch: branchRouter,
	imports: importsRouter
});

export type AppRouter = typeof appRouter;
