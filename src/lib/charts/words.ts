/** Words and tooltip lines shared by the branch-comparison charts (values escaped here, once). */
import { figureWithUnit, type FigureKind } from '../domain/format';
import { escapeHtml } from './frame';

/** Localised words a chart needs; the caller passes them from its messages. */
export interface FigureWords {
	branch: string;
	value: string;
	/** `已填报月份` */
	reported: string;
	rank: string;
	notReported: string;
	/** A ratio whose months were reported but whose denominator is 0 (e.g. no cases): `不适用`. */
	notApplicable?: string;
	/** Marker text for a figure built from fewer months than the period has. */
	partial: string;
	/** `上期` */
	previous: string;
	/** After a rank shared with other branches: `（并列）` / ` (tied)`. */
	tied?: string;
}

/**
 * The word for a missing figure: "not reported" when no month was reported, "not applicable" when
 * months were reported but a ratio's denominator summed to 0. Never a zero.
 */
export function missingWord(
	reported: number | undefined,
	w: Pick<FigureWords, 'notReported' | 'notApplicable'>
): string {
	return reported && w.notApplicable ? w.notApplicable : w.notReported;
}

/** `10/12` */
export function reportedText(reported: number, months: number): string {
	return `${reported}/${months}`;
}

export interface TooltipFigure {
	label: string;
	/** A second heading line (a metric or a month), optional. */
	sub?: string;
	value: number | null;
	kind: FigureKind;
	unit: string;
	reported?: number;
	months?: number;
	rank?: number | null;
	/** The rank is shared with another branch. */
	tied?: boolean;
	of?: number;
	previous?: number | null;
}

/** The tooltip of one figure: name, value with unit, months reported, rank. All text escaped. */
export function figureTooltip(f: TooltipFigure, w: FigureWords): string {
	const lines = [`<b>${escapeHtml(f.label)}</b>`];
	if (f.sub) lines.push(escapeHtml(f.sub));
	lines.push(
		f.value === null
			? escapeHtml(missingWord(f.reported, w))
			: escapeHtml(figureWithUnit(f.value, f.kind, f.unit))
	);
	if (f.reported !== undefined && f.months !== undefined) {
		const partial = f.reported > 0 && f.reported < f.months ? ` (${w.partial})` : '';
		lines.push(escapeHtml(`${w.reported} ${reportedText(f.reported, f.months)}${partial}`));
	}
	if (f.rank)
		lines.push(
			escapeHtml(`${w.rank} ${f.rank}${f.of ? `/${f.of}` : ''}${f.tied && w.tied ? w.tied : ''}`)
		);
	if (f.previous !== undefined)
		lines.push(escapeHtml(`${w.previous} ${figureWithUnit(f.previous, f.kind, f.unit)}`));
	return lines.join('<br/>');
}

/** A label and its value: `名称：值` in Chinese, `name: value` in English (no full-width colon). */
export function labelled(label: string, value: string, lang: 'zh' | 'en'): string {
	return lang === 'zh' ? `${label}：${value}` : `${label}: ${value}`;
}

/** A note in brackets after a text: `集体学习（次）` / `Collective study sessions (times)`. */
export function bracketed(text: string, note: string, lang: 'zh' | 'en'): string {
	return lang === 'zh' ? `${text}（${note}）` : `${text} (${note})`;
}
