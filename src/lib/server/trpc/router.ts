/** The application's tRPC router: one sub-router per area. */
import { router } from './init';
import { branchRouter } from './branch';
import { importsRouter } from './imports';
import { metaRouter } from './meta';
import { overviewRouter } from './overview';

export const appRouter = router({
	meta: metaRouter,
	overview: overviewRouter,
	branch: branchRouter,
	imports: importsRouter
});

export type AppRouter = typeof appRouter;
