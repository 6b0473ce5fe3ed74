/** Locale-aware naming of data (branch and metric names come from data, not from messages). */
import type { Branch } from '$lib/domain/branches';
import { metricName, metricUnit, type Lang, type Metric } from '$lib/domain/metrics';
import { getLocale } from '$lib/paraglide/runtime';

export type { Lang };

export function lang(): Lang {
	return getLocale() === 'en' ? 'en' : 'zh';
}

/** The option that makes a message speak `l` whatever the request's locale: `m.x({}, inLang(l))`. */
export function inLang(l: Lang): { locale: 'zh-cn' | 'en' } {
	return { locale: l === 'en' ? 'en' : 'zh-cn' };
}

export function branchLabel(b: Pick<Branch, 'name' | 'nameEn'>, l: Lang = lang()): string {
	return l === 'en' ? b.nameEn : b.name;
}

/** The short name charts, tables and exports label a branch with: 第一检察部 / 1st Procuratorial. */
export function branchShort(b: Pick<Branch, 'short' | 'shortEn'>, l: Lang = lang()): string {
	return l === 'en' ? b.shortEn : b.short;
}

export function metricLabel(m: Metric, l: Lang = lang()): string {
	return metricName(m, l);
}

export function unitLabel(m: Metric, l: Lang = lang()): string {
	return metricUnit(m, l);
}
