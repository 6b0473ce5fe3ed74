/** The branch page's one query. */
import { z } from 'zod';
import { METRIC_IDS } from '../../domain/metrics';
import { isMonth, monthCount } from '../../domain/periods';
import { BranchNotFound, branchView } from '../branch-page';
import { publicProcedure, router, TRPCError } from './init';

const month = z.string().refine(isMonth, 'expected a month YYYY-MM');

export const branchViewInput = z
	.object({
		slug: z.string().min(1).max(80),
		from: month,
		to: month,
		metrics: z.array(z.enum(METRIC_IDS)).min(1).max(12),
		norm: z.enum(['raw', 'per10', 'norm']).default('raw'),
		cmp: z.enum(['none', 'prev', 'yoy']).default('none')
	})
	.refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] })
	.refine((v) => monthCount(v) <= 120, { message: 'at most 120 months', path: ['from'] });

export const branchRouter = router({
	/** Header, trends with provenance, ranks, calendar and profile of one branch over a period. */
	view: publicProcedure.input(branchViewInput).query(async ({ ctx, input }) => {
		try {
			return await branchView(ctx.store.db, {
				slug: input.slug,
				period: { from: input.from, to: input.to },
				metrics: [...new Set(input.metrics)],
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
