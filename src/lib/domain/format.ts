/** The one way figures are shown (screen, CLI, exports): values stay unrounded until here. */
import { unitAfter } from './metrics';

export type FigureKind = 'count' | 'ratio' | 'per10' | 'norm';

/**
 * A figure as shown: ratios and % of norm in % to one decimal, per-10-members to one decimal,
 * counts as whole numbers (one decimal when a mean makes them fractional), missing as `—`.
 */
export function formatFigure(value: number | null | undefined, kind: FigureKind = 'count'): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '—';
	if (kind === 'ratio' || kind === 'norm') return `${(value * 100).toFixed(1)}%`;
	if (kind === 'per10') return value.toFixed(1);
	return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1);
}

/**
 * A figure followed by its unit, as tooltips, cards, slides and bulletins print it: `1 time`,
 * `2 times`, `1.5 times`, `3 次`. A ratio or % of norm carries its own %, and `—` no unit.
 */
export function figureWithUnit(
	value: number | null | undefined,
	kind: FigureKind,
	unit: string
): string {
	const text = formatFigure(value, kind);
	if (text === '—' || kind === 'ratio' || kind === 'norm' || !unit) return text;
	return `${text} ${unitAfter(text, unit)}`;
}

/** A signed change: `+3`, `−1.5`, `+2.4 pp` / `+2.4 个百分点` for ratios (percentage points). */
export function formatChange(
	delta: number | null,
	kind: FigureKind = 'count',
	lang: 'zh' | 'en' = 'en'
): string {
	if (delta === null || !Number.isFinite(delta)) return '—';
	const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
	const abs = Math.abs(delta);
	if (kind === 'ratio' || kind === 'norm')
		return `${sign}${(abs * 100).toFixed(1)} ${lang === 'zh' ? '个百分点' : 'pp'}`;
	return `${sign}${Number.isInteger(abs) ? abs : abs.toFixed(1)}`;
}

/** What a rank shared with other branches carries: `（并列）` / ` (tied)`. */
export function tiedMark(lang: 'zh' | 'en'): string {
	return lang === 'zh' ? '（并列）' : ' (tied)';
}

/** A rank as shown in tables and tooltips: `2`, `2（并列）` / `2 (tied)`, `—` when unranked. */
export function formatRank(rank: number | null, tied: boolean, lang: 'zh' | 'en'): string {
	if (rank === null) return '—';
	return tied ? `${rank}${tiedMark(lang)}` : String(rank);
}
