/**
 * The note a page shows when its URL's view had to be corrected (see `readView`), in words: made by
 * the page's server load in the request's language, so pages do not load these messages and rules.
 */
import { inLang, type Lang } from '$lib/i18n';
import { m } from '$lib/paraglide/messages.js';
import { periodText } from './period-text';
import type { Correction, ViewParams } from './view-params';
import { MAX_METRICS, MAX_MONTHS, MAX_YEAR, MIN_YEAR } from './view-query';

export interface CorrectionNote {
	title: string;
	/** One line per correction. */
	items: string[];
	/** What the page shows now. */
	now: string;
}

/** The note for `corrections` of a URL now showing `view`; null when nothing was corrected. */
export function correctionNote(
	corrections: Correction[],
	view: Pick<ViewParams, 'from' | 'to'>,
	lang: Lang
): CorrectionNote | null {
	if (!corrections.length) return null;
	const o = inLang(lang);
	const field = (f: 'from' | 'to') =>
		f === 'from' ? m.vw_field_from({}, o) : m.vw_field_to({}, o);
	const text = (c: Correction): string => {
		switch (c.kind) {
			case 'out_of_range':
				return m.vw_out_of_range(
					{ field: field(c.field), value: c.value, min: MIN_YEAR, max: MAX_YEAR, now: c.now },
					o
				);
			case 'inverted':
				return m.vw_inverted({ from: c.from, to: c.to }, o);
			case 'too_long':
				return m.vw_too_long({ months: c.months, max: MAX_MONTHS, from: c.from }, o);
			case 'unknown_metrics':
				return m.vw_unknown_metrics({ values: c.values.join(lang === 'en' ? ', ' : '、') }, o);
			case 'too_many_metrics':
				return m.vw_too_many_metrics({ count: c.count, max: MAX_METRICS }, o);
			case 'malformed':
				if (c.field === 'from' || c.field === 'to')
					return m.vw_malformed_month({ field: field(c.field), value: c.value }, o);
				if (c.field === 'norm') return m.vw_malformed_norm({ value: c.value }, o);
				if (c.field === 'cmp') return m.vw_malformed_cmp({ value: c.value }, o);
				return m.vw_malformed_branch({ value: c.value }, o);
		}
	};
	return {
		title: m.vw_note_title({}, o),
		items: corrections.map(text),
		now: m.vw_now({ period: periodText(view.from, view.to, lang) }, o)
	};
}
