/** The role check of page loads and endpoints that call no procedure (401/403, refusals audited). */
import { error } from '@sveltejs/kit';
import { roleLabel } from './messages';
import { can, type Action } from '../../domain/roles';
import { m } from '../../paraglide/messages.js';
import { writeAudit } from '../audit';
import { actorOf, type SignedIn } from './session';

export async function requireAction(
	locals: App.Locals,
	action: Action,
	target: string
): Promise<SignedIn> {
	const v = locals.viewer;
	const opts = { locale: locals.locale };
	if (v && !v.mustChangePassword && can(v.role, action, v.shared)) return v;
	if (v)
		await writeAudit(locals.store.db, {
			...actorOf(v, locals.client),
			action: 'denied',
			outcome: 'denied',
			target,
			branch: v.branch,
			detail: { need: action }
		});
	if (!v) error(401, m.auth_err_signed_out({}, opts));
	error(
		403,
		v.mustChangePassword
			? m.auth_err_change_password({}, opts)
			: m.auth_err_forbidden({ role: roleLabel(v.role, locals.locale) }, opts)
	);
}
