/** The application's tRPC router: one sub-router per area. */
import { router } from './init';
import { branchRouter } from './branch';
import { importsRouter } from './imports';
import { metaRouter } from './meta';
import { accountsRouter, auditRouter, settingsRouter } from './accounts';
import { overviewRouter } from './overview';

export const appRouter = router({
	meta: metaRouter,
	overview: overviewRouter,
	branch: branchRouter,
	imports: importsRouter,
	accounts: accountsRouter,
	settings: settingsRouter,
	audit: auditRouter
});

export type AppRouter = typeof appRouter;
