/** Registry and data-range queries every page needs. */
import { loadRegistry, isDemo } from '../app';
import { dataRange } from '../imports';
import { branchStatuses } from '../summary';
import { can } from '../../domain/roles';
import { perDataVersion } from '../data-version';
import { procedureFor, router } from './init';

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
	info: procedureFor('view.own-branch').query(({ ctx }) => infoOf(ctx.store.db)),
	/** Per branch: latest reported month, members, last import. */
	branchStatuses: procedureFor('view.own-branch').query(async ({ ctx }) => {
		const statuses = await branchStatuses(ctx.store.db);
		const v = ctx.viewer;
		// A branch account sees its own branch's figures only, unless comparisons are shared.
		return can(v.role, 'view.all', v.shared)
			? statuses
			: statuses.filter((s) => s.slug === v.branch);
	})
});
