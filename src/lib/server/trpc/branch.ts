/** The branch page's one query. */
import { z } from 'zod';
import { METRIC_IDS } from '../../domain/metrics';
import { isMonth, monthCount } from '../../domain/periods';
import { BranchNotFound, branchView, type BranchView } from '../branch-page';
import { can, canSeeBranch } from '../../domain/roles';
import { procedureFor, refuseBranch, router, TRPCError } from './init';

const month = z.string().refine(isMonth, 'expected a month YYYY-MM');

export const branchViewInput = z
	.object({
		slug: z.string().min(1).max(80),
		from: month,
		to: month,
		metrics: z.array(z.enum(METRIC_IDS)).min(1).max(12),
		norm: z.enum(['raw', 'per10', 'norm']).default('raw')
	})
	.refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] })
	.refine((v) => monthCount(v) <= 120, { message: 'at most 120 months', path: ['from'] });

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
					metrics: [...new Set(input.metrics)],
					norm: input.norm
				});
				// Own figures with the all-branch ones as reference; ranks only where comparisons are allowed.
				return can(ctx.viewer.role, 'view.all', ctx.viewer.shared) ? view : withoutRanks(view);
			} catch (e) {
				if (e instanceof BranchNotFound)
					throw new TRPCError({ code: 'NOT_FOUND', message: `no branch "${input.slug}"` });
				throw e;
			}
		})
});

/** A branch view without its ranks among the branches (for a branch account, comparisons not shared). */
function withoutRanks(view: BranchView): BranchView {
	return {
		...view,
		trends: view.trends.map((t) => ({ ...t, rank: null, ranked: 0 })),
		rankTrend: {
			metric: view.rankTrend.metric,
			ranks: view.rankTrend.ranks.map(() => null),
			ranked: view.rankTrend.ranked.map(() => 0)
		}
	};
}
