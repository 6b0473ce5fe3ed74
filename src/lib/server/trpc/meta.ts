/** Registry and data-range queries every page needs. */
import { loadRegistry, isDemo } from '../app';
import { dataRange } from '../imports';
import { branchStatuses } from '../summary';
import { publicProcedure, router } from './init';

export const metaRouter = router({
	/** The branch registry, the months with data, and whether this is the demo database. */
	info: publicProcedure.query(async ({ ctx }) => {
		const registry = await loadRegistry(ctx.store.db);
		return {
			branches: registry.branches,
			range: await dataRange(ctx.store.db),
			demo: await isDemo(ctx.store)
		};
	}),
	/** Per branch: latest reported month, members, last import. */
	branchStatuses: publicProcedure.query(({ ctx }) => branchStatuses(ctx.store.db))
});
