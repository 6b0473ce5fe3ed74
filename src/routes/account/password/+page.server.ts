import { fail, redirect } from '@sveltejs/kit';
import { changeOwnPassword } from '$lib/server/auth/accounts';
import { messageOf } from '$lib/server/auth/messages';
import { actorOf } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => ({
	mustChange: locals.viewer?.mustChangePassword ?? false
});

export const actions: Actions = {
	default: async ({ request, locals }) => {
		const viewer = locals.viewer;
		if (!viewer) redirect(303, '/login');
		const form = await request.formData();
		const next = String(form.get('password') ?? '');
		if (next !== String(form.get('confirm') ?? ''))
			return fail(400, { error: 'mismatch' as const, message: '' });
		try {
			await changeOwnPassword(
				locals.store.db,
				viewer.id,
				String(form.get('current') ?? ''),
				next,
				viewer.sessionToken,
				actorOf(viewer, locals.client)
			);
		} catch (e) {
			return fail(400, { error: 'account' as const, message: messageOf(e, locals.locale) });
		}
		if (viewer.mustChangePassword) redirect(303, '/');
		return { done: true };
	}
};
