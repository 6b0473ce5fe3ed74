/** The application's tRPC router: one sub-router per area. */
import { router } from './init';
import { branchRouter } from './branch';
import { importsRouter } from './imports';
import { metaRouter } from './meta';
import { accountsRouter, auditRouter, settingsRouter } from './accounts';
import { overviewRouter } from './overview';
import { cycleRouter } from './cycle';

export const appRouter = router({
	meta: metaRouter,
	overview: overviewRouter,
	branch: branchRouter,
	imports: importsRouter,
	accounts: accountsRouter,
	settings: settingsRouter,
	audit: auditRouter,
	cycle: cycleRouter
});

export type AppRouter = typeof appRouter;
