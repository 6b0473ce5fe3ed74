import { serverCaller } from '$lib/server/trpc/caller';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
	const v = event.locals.viewer;
	// Signed out (the sign-in and setup pages) or still to change the password: no data yet.
	if (!v || v.mustChangePassword)
		return { branches: [], range: null, demo: false, viewer: v ? viewerOut(v) : null };
	return { ...(await serverCaller(event).meta.info()), viewer: viewerOut(v) };
};

function viewerOut(v: NonNullable<App.Locals['viewer']>) {
	return { username: v.username, role: v.role, branch: v.branch, shared: v.shared };
}
