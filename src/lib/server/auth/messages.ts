/** Account errors in the user's language (pages and CLI). */
import { m } from '../../paraglide/messages.js';
import type { Role } from '../../domain/roles';
import { RegistryError } from '../branches';
import { AccountError } from './accounts';

type Locale = 'zh-cn' | 'en';

/** A role's name in the user's language (系统管理员, 机关党委, 支部填报员, 查看). */
export function roleLabel(role: Role, locale: Locale): string {
	const o = { locale };
	return role === 'admin'
		? m.role_admin({}, o)
		: role === 'committee'
			? m.role_committee({}, o)
			: role === 'branch'
				? m.role_branch({}, o)
				: m.role_viewer({}, o);
}

export function accountErrorMessage(e: AccountError, locale: Locale): string {
	const o = { locale };
	const p = e.params;
	switch (e.code) {
		case 'bad_username':
			return m.acct_err_bad_username({}, o);
		case 'username_taken':
			return m.acct_err_username_taken({ username: String(p.username) }, o);
		case 'bad_role':
			return m.acct_err_bad_role({ role: String(p.role) }, o);
		case 'branch_required':
			return m.acct_err_branch_required({}, o);
		case 'unknown_branch':
			return m.acct_err_unknown_branch({ branch: String(p.branch) }, o);
		case 'password_too_short':
			return m.acct_err_password_too_short({ min: Number(p.min) }, o);
		case 'password_is_username':
			return m.acct_err_password_is_username({}, o);
		case 'wrong_password':
			return m.acct_err_wrong_password({}, o);
		case 'not_found':
			return m.acct_err_not_found({}, o);
		case 'last_admin':
			return m.acct_err_last_admin({}, o);
	}
}

/** A registry change's refusal in the user's language. */
export function registryErrorMessage(e: RegistryError, locale: Locale): string {
	const o = { locale };
	const p = e.params;
	switch (e.code) {
		case 'bad_slug':
			return m.reg_err_bad_slug({ slug: p.slug ?? '' }, o);
		case 'slug_taken':
			return m.reg_err_slug_taken({ slug: p.slug ?? '' }, o);
		case 'name_required':
			return m.reg_err_name_required({}, o);
		case 'bad_colour':
			return m.reg_err_bad_colour({ colour: p.colour ?? '' }, o);
		case 'name_taken':
			return m.reg_err_name_taken({ text: p.text ?? '', branch: p.branch ?? '' }, o);
		case 'unknown':
			return m.reg_err_unknown({ slug: p.slug ?? '' }, o);
	}
}

/** An account or registry error's message, or rethrow anything else. */
export function messageOf(e: unknown, locale: Locale): string {
	if (e instanceof AccountError) return accountErrorMessage(e, locale);
	if (e instanceof RegistryError) return registryErrorMessage(e, locale);
	throw e;
}
