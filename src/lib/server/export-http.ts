/** Shared by the export endpoints: reading the view from a URL and naming downloads. */
import { z } from 'zod';
import type { Lang } from '../charts/frame';
import { parseViewParams, type ViewParams } from '../view-params';
import type { AppStore } from './app';
import { dataRange } from './imports';

/** The view (period, metrics, normalisation) of an export URL, defaulting like the pages do. */
export async function viewFromUrl(store: AppStore, url: URL): Promise<ViewParams> {
	const range = await dataRange(store.db);
	return parseViewParams(url.searchParams, range?.to ?? null);
}

export const langParam = z.enum(['zh', 'en']).optional();

export function langOf(param: Lang | undefined, locale: 'zh-cn' | 'en'): Lang {
	return param ?? (locale === 'en' ? 'en' : 'zh');
}

/** `attachment` with an ASCII fallback and the real (Chinese) name per RFC 6266/5987. */
export function attachment(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
