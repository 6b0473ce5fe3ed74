import { fail } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { requireAction } from '$lib/server/auth/guard';
import { serverCaller } from '$lib/server/trpc/caller';
import type { Actions, PageServerLoad } from './$types';

/** Admins only (403 otherwise); the registry itself comes with the layout's data. */
export const load: PageServerLoad = async ({ locals, url }) => {
	await requireAction(locals, 'settings.manage', url.pathname);
	return {};
};

const text = (form: FormData, key: string) => String(form.get(key) ?? '').trim();
const aliases = (form: FormData) => text(form, 'aliases').split('|');

/** Run a registry change; a refused one is the form's message, next to the branch it concerns. */
async function change(slug: string, run: () => Promise<{ name: string }>, added = false) {
	try {
		const b = await run();
		return { slug, name: b.name, added, ok: true as const };
	} catch (e) {
		if (e instanceof TRPCError && (e.code === 'BAD_REQUEST' || e.code === 'NOT_FOUND'))
			return fail(400, { slug, error: e.message });
		throw e;
	}
}

export const actions: Actions = {
	update: async (event) => {
		const form = await event.request.formData();
		const slug = text(form, 'slug');
		return change(slug, () =>
			serverCaller(event).settings.updateBranch({
				slug,
				name: text(form, 'name'),
				short: text(form, 'short'),
				nameEn: text(form, 'nameEn'),
				shortEn: text(form, 'shortEn'),
				aliases: aliases(form),
				colour: text(form, 'colour')
			})
		);
	},
	add: async (event) => {
		const form = await event.request.formData();
		const slug = text(form, 'slug');
		return change(
			slug,
			() =>
				serverCaller(event).settings.addBranch({
					slug,
					name: text(form, 'name'),
					short: text(form, 'short'),
					nameEn: text(form, 'nameEn'),
					aliases: aliases(form)
				}),
			true
		);
	}
};
