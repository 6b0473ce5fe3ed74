/** The committee overview's one query per view change. */
import { ViewSchema } from '../../views/view-params';
import { loadRegistry } from '../app';
import { overviewView } from '../overview';
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
		})
});
