/** Registry and data-range queries every page needs. */
import { loadRegistry, isDemo } from '../app';
import { dataRange } from '../imports';
import { branchStatuses } from '../summary';
import { perDataVersion } from '../data-version';
import { publicProcedure, router } from './init';

/** What every page load asks: read again only when the data changes (any write does). */
const infoOf = perDataVersion(async (db) => {
	const registry = await loadRegistry(db);
	return {
		branches: registry.branches,
		range: await dataRange(db),
		demo: await isDemo({ db })
	};
});

export const metaRouter = router({
	/** The branch registry, the months with data, and whether this is the demo database. */
	info: publicProcedure.query(({ ctx }) => infoOf(ctx.store.db)),
	/** Per branch: latest reported month, members, last import. */
	branchStatuses: publicProcedure.query(({ ctx }) => branchStatuses(ctx.store.db))
});
