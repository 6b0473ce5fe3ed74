/**
 * Who may do what: the one role × action table. The server enforces it on every procedure, page
 * load and endpoint (`procedureFor`, `requireAction`); the pages use it only to hide what a role
 * cannot do. README's table is this one; `roles.test.ts` has a test per cell.
 */

export const ROLES = ['admin', 'committee', 'branch', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export const ACTIONS = [
	/** Their own branch's page (a branch account), with the all-branch figures as reference. */
	'view.own-branch',
	/** Every branch's figures, the overview and rankings (a branch account: only if shared). */
	'view.all',
	/** Decks and chart images (a branch account: of its own branch, while comparisons are shared,
	 * as the slides carry ranks). */
	'export',
	/** The import history and an import's cells (a branch account: its own imports). */
	'imports.view',
	/** Import rows of the account's own branch. */
	'import.own-branch',
	/** Import rows of any branch. */
	'import.any-branch',
	'imports.revert',
	'audit.view',
	'accounts.manage',
	/** Hand in the branch's monthly file for review, see and withdraw its own submissions. */
	'report.submit',
	/** The review queue: accept or send back submissions; remind branches (催报). */
	'report.review',
	/** The reporting matrix (who handed in what, when) and each month's completeness line. */
	'report.view',
	/** Settings such as sharing comparisons with branch accounts; the branch registry and norms. */
	'settings.manage'
] as const;
export type Action = (typeof ACTIONS)[number];

/** The table. `shared`: a branch account gets it only while an admin shares comparisons. */
export const PERMISSIONS: Record<Action, Record<Role, boolean | 'shared'>> = {
	'view.own-branch': { admin: true, committee: true, branch: true, viewer: true },
	'view.all': { admin: true, committee: true, branch: 'shared', viewer: true },
	export: { admin: true, committee: true, branch: 'shared', viewer: true },
	'imports.view': { admin: true, committee: true, branch: true, viewer: true },
	'import.own-branch': { admin: true, committee: true, branch: true, viewer: false },
	'import.any-branch': { admin: true, committee: true, branch: false, viewer: false },
	'imports.revert': { admin: true, committee: true, branch: false, viewer: false },
	'audit.view': { admin: true, committee: true, branch: false, viewer: false },
	'accounts.manage': { admin: true, committee: false, branch: false, viewer: false },
	'report.submit': { admin: false, committee: false, branch: true, viewer: false },
	'report.review': { admin: true, committee: true, branch: false, viewer: false },
	'report.view': { admin: true, committee: true, branch: false, viewer: true },
	'settings.manage': { admin: true, committee: false, branch: false, viewer: false }
};

/** Whether `role` may do `action`; `shared`: whether comparisons are shared with branches. */
export function can(role: Role, action: Action, shared = false): boolean {
	const cell = PERMISSIONS[action][role];
	return cell === 'shared' ? shared : cell;
}

/** What every page needs to know about the signed-in account. */
export interface Viewer {
	id: string;
	username: string;
	role: Role;
	/** The one branch of a branch account; null for the other roles. */
	branch: string | null;
	/** Whether comparisons with other branches are shared with branch accounts. */
	shared: boolean;
}

/** Whether `viewer` may see the figures of branch `slug` by name. */
export function canSeeBranch(viewer: Viewer, slug: string): boolean {
	return can(viewer.role, 'view.all', viewer.shared) || viewer.branch === slug;
}
