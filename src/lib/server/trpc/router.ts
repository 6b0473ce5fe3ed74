/** The application's tRPC router: one sub-router per area. */
import { router } from './init';
import { importsRouter } from './imports';
import { metaRouter } from './meta';

export const appRouter = router({
	meta: metaRouter,
	imports: importsRouter
});

export type AppRouter = typeof appRouter;
