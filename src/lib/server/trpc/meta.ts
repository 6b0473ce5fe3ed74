/** Registry and data-range queries every page needs. */
import { loadRegistry, isDemo } from '../app';
import { dataRange } from '../imports';
import { branchStatuses } from '../summary';
import { can } from '../../domain/roles';
import { procedureFor, router } from './init';

export const metaRouter = router({
	/** The branch registry, the months with data, and whether this is the demo database. */
	info: procedureFor('view.own-branch').query(async ({ ctx }) => {
		const registry = await loadRegistry(ctx.store.db);
		return {
			branches: registry.branches,
			range: await dataRange(ctx.store.db),
			demo: await isDemo(ctx.store)
		};
	}),
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
