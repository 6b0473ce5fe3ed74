/** The branch page's one query. */
import { can, canSeeBranch } from '../../domain/roles';
import type { BranchView } from '../../views/branch-view';
import { BranchViewSchema } from '../../views/view-params';
import { BranchNotFound, branchView } from '../branch-page';
import { loadRegistry } from '../app';
import { findingsFor } from '../talking-points';
import { procedureFor, refuseBranch, router, TRPCError } from './init';

/** A branch's slug and a view, checked by the one view schema (the overview's links pass it). */
export const branchViewInput = BranchViewSchema;

export const branchRouter = router({
	/** Header, trends with provenance, ranks, calendar and profile of one branch over a period. */
	view: procedureFor('view.own-branch')
		.input(branchViewInput)
		.query(async ({ ctx, input, path }) => {
			if (!canSeeBranch(ctx.viewer, input.slug)) await refuseBranch(ctx, path, input.slug);
			try {
				const view = await branchView(ctx.store.db, {
					slug: input.slug,
					period: { from: input.from, to: input.to },
					metrics: input.metrics,
					norm: input.norm,
					cmp: input.cmp
				});
				// Own figures with the all-branch ones as reference; ranks only where comparisons are allowed.
				return can(ctx.viewer.role, 'view.all', ctx.viewer.shared) ? view : withoutRanks(view);
			} catch (e) {
				if (e instanceof BranchNotFound)
					throw new TRPCError({ code: 'NOT_FOUND', message: `no branch "${input.slug}"` });
				throw e;
			}
		}),

	/** One branch's talking points: its own figures against all branches, never a ranking. */
	findings: procedureFor('view.own-branch')
		.input(branchViewInput)
		.query(async ({ ctx, input, path }) => {
			if (!canSeeBranch(ctx.viewer, input.slug)) await refuseBranch(ctx, path, input.slug);
			const registry = await loadRegistry(ctx.store.db);
			if (!registry.bySlug(input.slug))
				throw new TRPCError({ code: 'NOT_FOUND', message: `no branch "${input.slug}"` });
			return findingsFor(ctx.store.db, registry, {
				period: { from: input.from, to: input.to },
				metrics: input.metrics,
				norm: input.norm,
				focus: input.slug
			});
		})
});

/** A branch view without its ranks among the branches (for a branch account, comparisons not shared). */
function withoutRanks(view: BranchView): BranchView {
	return {
		...view,
		trends: view.trends.map((t) => ({ ...t, rank: null, tied: false, ranked: 0 })),
		rankTrend: {
			metric: view.rankTrend.metric,
			ranks: view.rankTrend.ranks.map(() => null),
			ranked: view.rankTrend.ranked.map(() => 0),
			tied: view.rankTrend.tied.map(() => false)
		}
	};
}
