// See https://svelte.dev/docs/kit/types#app.d.ts
import type { AppStore } from '$lib/server/app';
import type { Client, SignedIn } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Locals {
			store: AppStore;
			locale: 'zh-cn' | 'en';
			/** The signed-in account (set by `authenticate` in hooks.server.ts), or null. */
			viewer: SignedIn | null;
			client: Client;
			/** Whether the database has no account yet (first start). */
			needsSetup: boolean;
			/** The data version read once at the start of the request (`storeVersions`). */
			dataVersion?: string;
		}
	}
}

export {};
