/** Role names in the UI's language. */
import type { Role } from '$lib/domain/roles';
import { m } from '$lib/paraglide/messages.js';

export function roleName(role: Role): string {
	switch (role) {
		case 'admin':
			return m.role_admin();
		case 'committee':
			return m.role_committee();
		case 'branch':
			return m.role_branch();
		case 'viewer':
			return m.role_viewer();
	}
}
