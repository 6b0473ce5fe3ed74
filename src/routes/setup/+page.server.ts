import { fail, redirect } from '@sveltejs/kit';
import { actorOf, signIn } from '$lib/server/auth/session';
import { completeSetup, setupTokenValid } from '$lib/server/auth/setup';
import { messageOf } from '$lib/server/auth/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (!locals.needsSetup) redirect(303, '/login');
	const token = url.searchParams.get('token');
	return { token, valid: await setupTokenValid(locals.store.db, token) };
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url }) => {
		const form = await request.formData();
		const token = String(form.get('token') ?? url.searchParams.get('token') ?? '');
		const username = String(form.get('username') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (password !== String(form.get('confirm') ?? ''))
			return fail(400, { username, error: 'mismatch' as const, message: '' });
		let created;
		try {
			created = await completeSetup(
				locals.store.db,
				token,
				username,
				password,
				actorOf(null, locals.client)
			);
		} catch (e) {
			return fail(400, {
				username,
				error: 'account' as const,
				message: messageOf(e, locals.locale)
			});
		}
		if (!created) return fail(403, { username, error: 'token' as const, message: '' });
		await signIn(locals.store.db, request, cookies, locals.client, username, password);
		redirect(303, '/');
	}
};
