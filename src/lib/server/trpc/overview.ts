/** The committee overview's one query per view change. */
import { z } from 'zod';
import { METRIC_IDS } from '../../domain/metrics';
import { isMonth } from '../../domain/periods';
import { loadRegistry } from '../app';
import { overviewView } from '../overview';
import { procedureFor, router } from './init';

const month = z.string().refine(isMonth, 'expected a month YYYY-MM');

export const overviewInput = z
	.object({
		from: month,
		to: month,
		metrics: z.array(z.enum(METRIC_IDS)).min(1).max(METRIC_IDS.length),
		norm: z.enum(['raw', 'per10', 'norm']),
		compare: z.boolean()
	})
	.refine((v) => v.from <= v.to, { message: 'from must not be after to', path: ['to'] })
	// Ten years is far beyond any programme; it bounds the work one request can ask for.
	.refine((v) => Number(v.to.slice(0, 4)) - Number(v.from.slice(0, 4)) <= 10, {
		message: 'period longer than ten years',
		path: ['from']
	});

export const overviewRouter = router({
	/** Every figure the overview's charts need for one view (period, metrics, normalisation). */
	view: procedureFor('view.all')
		.input(overviewInput)
		.query(async ({ ctx, input }) => {
			const registry = await loadRegistry(ctx.store.db);
			return overviewView(
				ctx.store.db,
				registry.branches.map((b) => b.slug),
				input
			);
		})
});
