import { redirect } from '@sveltejs/kit';
import { endAllSessions } from '$lib/server/auth/accounts';
import { actorOf, signOut } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	/**
	 * Sign out of this browser. A named action like its neighbour: SvelteKit refuses a `default`
	 * beside named actions (every sign-out answered 500).
	 */
	here: async ({ request, cookies, locals }) => {
		if (locals.viewer)
			await signOut(
				locals.store.db,
				request,
				cookies,
				locals.client,
				actorOf(locals.viewer, locals.client)
			);
		redirect(303, '/login');
	},
	/** Sign out everywhere: every session of the account ends. */
	everywhere: async ({ cookies, locals }) => {
		if (locals.viewer) {
			await endAllSessions(
				locals.store.db,
				locals.viewer.id,
				actorOf(locals.viewer, locals.client)
			);
		}
		for (const name of ['better-auth.session_token', '__Secure-better-auth.session_token'])
			cookies.delete(name, { path: '/' });
		redirect(303, '/login');
	}
};
