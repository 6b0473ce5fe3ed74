/** The committee overview's one query per view change. */
import { ViewSchema } from '../../views/view-params';
import { loadRegistry } from '../app';
import { overviewView } from '../overview';
import { findingsFor } from '../talking-points';
import { procedureFor, router } from './init';

/** A view, checked by the one view schema (period limits, known metrics, at most twelve). */
export const overviewInput = ViewSchema;

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
		}),

	/** The view's talking points (要点): ordered findings in zh and en, each with its link. */
	findings: procedureFor('view.all')
		.input(overviewInput)
		.query(async ({ ctx, input }) =>
			findingsFor(ctx.store.db, await loadRegistry(ctx.store.db), {
				period: { from: input.from, to: input.to },
				metrics: input.metrics,
				norm: input.norm
			})
		)
});
