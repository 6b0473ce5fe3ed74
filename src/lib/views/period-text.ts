/** A period as the pages, charts and exports write it. */
import { inLang, type Lang } from '$lib/i18n';
import { m } from '$lib/paraglide/messages.js';

/** `2021-01 至 2021-12` / `2021-01 to 2021-12`; one month is just `2021-12` (never `2021-12 至 2021-12`). */
export function periodText(from: string, to: string, lang: Lang): string {
	return from === to ? from : m.bp_period({ from, to }, inLang(lang));
}
