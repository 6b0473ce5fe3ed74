import { fail, redirect } from '@sveltejs/kit';
import { isDemo } from '$lib/server/app';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '$lib/server/auth/demo';
import { signIn } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

/** Only a path of this site: never an absolute or protocol-relative URL. */
function nextPath(url: URL): string {
	const next = url.searchParams.get('next') ?? '/';
	return next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.needsSetup) redirect(303, '/setup');
	if (locals.viewer) redirect(303, nextPath(url));
	const demo = await isDemo(locals.store);
	return {
		demo,
		// The demo database's accounts, one click each; a real database lists none.
		demoAccounts: demo ? DEMO_ACCOUNTS.map((a) => ({ ...a, password: DEMO_PASSWORD })) : []
	};
};

export const actions: Actions = {
	default: async ({ request, cookies, locals, url }) => {
		const form = await request.formData();
		const username = String(form.get('username') ?? '').trim();
		const password = String(form.get('password') ?? '');
		if (!username || !password) return fail(400, { username, error: 'missing' as const });
		const result = await signIn(
			locals.store.db,
			request,
			cookies,
			locals.client,
			username,
			password
		);
		if (!result.ok)
			return fail(result.reason === 'locked' ? 429 : 400, { username, error: result.reason });
		redirect(303, nextPath(url));
	}
};
