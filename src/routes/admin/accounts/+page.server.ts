import { fail } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { isRole } from '$lib/domain/roles';
import { serverCaller } from '$lib/server/trpc/caller';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => serverCaller(event).accounts.list();

/** Run an account change; a refused one (bad password, unknown branch…) is the form's message. */
async function change(run: () => Promise<unknown>) {
	try {
		await run();
		return { ok: true as const };
	} catch (e) {
		if (e instanceof TRPCError && (e.code === 'BAD_REQUEST' || e.code === 'NOT_FOUND'))
			return fail(400, { error: e.message });
		throw e;
	}
}

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

export const actions: Actions = {
	create: async (event) => {
		const form = await event.request.formData();
		const role = text(form, 'role');
		return change(() =>
			serverCaller(event).accounts.create({
				username: text(form, 'username'),
				role: isRole(role) ? role : 'viewer',
				branch: text(form, 'branch') || null,
				password: String(form.get('password') ?? '')
			})
		);
	},
	role: async (event) => {
		const form = await event.request.formData();
		const role = text(form, 'role');
		return change(() =>
			serverCaller(event).accounts.setRole({
				username: text(form, 'username'),
				role: isRole(role) ? role : 'viewer',
				branch: text(form, 'branch') || null
			})
		);
	},
	disable: async (event) => {
		const form = await event.request.formData();
		return change(() =>
			serverCaller(event).accounts.setDisabled({
				username: text(form, 'username'),
				disabled: text(form, 'disabled') === '1'
			})
		);
	},
	reset: async (event) => {
		const form = await event.request.formData();
		return change(() =>
			serverCaller(event).accounts.resetPassword({
				username: text(form, 'username'),
				password: String(form.get('password') ?? '')
			})
		);
	},
	unlock: async (event) => {
		const form = await event.request.formData();
		return change(() => serverCaller(event).accounts.liftLock({ key: text(form, 'key') }));
	},
	share: async (event) => {
		const form = await event.request.formData();
		return change(() =>
			serverCaller(event).settings.setShare({ shared: text(form, 'shared') === '1' })
		);
	}
};
