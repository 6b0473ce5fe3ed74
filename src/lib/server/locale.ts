/**
 * Running code "in a language": the pages' view models call messages without a locale (they read
 * the request's), so server exports and the CLI run them inside paraglide's async-local locale.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Lang } from '../charts/frame';
import {
	getServerAsyncLocalStorage,
	overwriteServerAsyncLocalStorage
} from '../paraglide/runtime.js';

type Store = Parameters<typeof overwriteServerAsyncLocalStorage>[0];

/** Run `fn` with `getLocale()` (and so every message) in `lang`. */
export function inLocale<T>(lang: Lang, fn: () => T): T {
	let storage = getServerAsyncLocalStorage();
	if (!storage) {
		storage = new AsyncLocalStorage() as unknown as NonNullable<Store>;
		overwriteServerAsyncLocalStorage(storage);
	}
	return storage!.run({ locale: lang === 'en' ? 'en' : 'zh-cn' }, fn);
}
