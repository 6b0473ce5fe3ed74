/** The branch page's one query. */
import { BranchViewSchema } from '../../views/view-params';
import { BranchNotFound, branchView } from '../branch-page';
import { publicProcedure, router, TRPCError } from './init';

/** A branch's slug and a view, checked by the one view schema (the overview's links pass it). */
export const branchViewInput = BranchViewSchema;

export const branchRouter = router({
	/** Header, trends with provenance, ranks, calendar and profile of one branch over a period. */
	view: publicProcedure.input(branchViewInput).query(async ({ ctx, input }) => {
		try {
			return await branchView(ctx.store.db, {
				slug: input.slug,
				period: { from: input.from, to: input.to },
				metrics: input.metrics,
				norm: input.norm,
				cmp: input.cmp
			});
		} catch (e) {
			if (e instanceof BranchNotFound)
				throw new TRPCError({ code: 'NOT_FOUND', message: `no branch "${input.slug}"` });
			throw e;
		}
	})
});
