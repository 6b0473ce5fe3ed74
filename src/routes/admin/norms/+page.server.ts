import { fail } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { isMetricId, type MetricId, type Norm } from '$lib/domain/metrics';
import { serverCaller } from '$lib/server/trpc/caller';
import type { Actions, PageServerLoad } from './$types';

/** Admins only: the procedure refuses every other role (403). */
export const load: PageServerLoad = async (event) => ({
	norms: await serverCaller(event).settings.norms()
});

export const actions: Actions = {
	/** Save one metric's norm: `min` and `per`, or `mode` = none / default. */
	set: async (event) => {
		const form = await event.request.formData();
		const metric = String(form.get('metric') ?? '');
		const mode = String(form.get('mode') ?? 'set');
		if (!isMetricId(metric)) return fail(400, { metric, error: 'metric' as const });
		let norm: Norm | null | 'default';
		if (mode === 'none') norm = null;
		else if (mode === 'default') norm = 'default';
		else {
			const min = Number(form.get('min'));
			const per = form.get('per') === 'quarter' ? 'quarter' : 'month';
			if (!Number.isInteger(min) || min < 1 || min > 31)
				return fail(400, { metric, error: 'min' as const, value: String(form.get('min') ?? '') });
			norm = { min, per };
		}
		try {
			await serverCaller(event).settings.setNorm({ metric: metric as never, norm });
		} catch (e) {
			if (e instanceof TRPCError && e.code === 'BAD_REQUEST')
				return fail(400, { metric, error: 'metric' as const });
			throw e;
		}
		return { metric: metric as MetricId, ok: true as const };
	}
};
