// See https://svelte.dev/docs/kit/types#app.d.ts
import type { AppStore } from '$lib/server/app';

declare global {
	namespace App {
		interface Locals {
			store: AppStore;
			locale: 'zh-cn' | 'en';
		}
	}
}

export {};
