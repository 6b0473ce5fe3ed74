/**
 * Label space from the text: an estimate of a label's width (no canvas on the server, in tests or
 * before a chart mounts) and wrapping on word boundaries, so English names are never split inside a
 * word ("Investigatio / n") and axes get the room their labels need rather than a fixed guess.
 */

/** Width of one character in ems, by class (the chart font's CJK glyphs are a full em). */
function charEm(ch: string): number {
	if (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]/.test(ch)) return 1;
	if (ch === ' ') return 0.26;
	if (/[iljtfrI.,:;'!|()[\]]/.test(ch)) return 0.3;
	if (/[mwMW]/.test(ch)) return 0.84;
	if (/[A-Z]/.test(ch)) return 0.66;
	if (/[0-9]/.test(ch)) return 0.57;
	return 0.56;
}

/** The estimated width in pixels of one line of `text` at `fontSize` (a little generous). */
export function textWidth(text: string, fontSize: number): number {
	let em = 0;
	for (const ch of text) em += charEm(ch);
	return Math.ceil(em * fontSize);
}

/** The widest line of a (possibly multi-line) label. */
export function labelWidth(text: string, fontSize: number): number {
	return Math.max(0, ...text.split('\n').map((l) => textWidth(l, fontSize)));
}

/**
 * The units a label may break between: words of Latin text, single characters of CJK text (which
 * has no spaces), so `第一检察部` can still wrap and `Procuratorial` never does.
 */
function breakUnits(text: string): string[] {
	const units: string[] = [];
	for (const word of text.split(/\s+/).filter(Boolean)) {
		if (/[\u2e80-\u9fff]/.test(word))
			units.push(...word.match(/[\u2e80-\u9fff]|[^\u2e80-\u9fff]+/g)!);
		else units.push(word);
	}
	return units;
}

/** The widest unbreakable part of a label (a word, or one CJK character). */
export function longestUnitWidth(text: string, fontSize: number): number {
	return Math.max(0, ...breakUnits(text).map((u) => textWidth(u, fontSize)));
}

/**
 * `text` wrapped into lines no wider than `width` on word boundaries (CJK between characters). A
 * word wider than `width` stays whole on its own line: the caller sizes the room (or the font) from
 * `longestUnitWidth`.
 */
export function wrapLabel(text: string, width: number, fontSize: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const unit of breakUnits(text)) {
		const cjk = /^[\u2e80-\u9fff]$/.test(unit) || /^[\u2e80-\u9fff]/.test(unit);
		const joined = line
			? cjk || /[\u2e80-\u9fff]$/.test(line)
				? line + unit
				: `${line} ${unit}`
			: unit;
		if (line && textWidth(joined, fontSize) > width) {
			lines.push(line);
			line = unit;
		} else line = joined;
	}
	if (line) lines.push(line);
	return lines;
}

/**
 * The font size (at most `fontSize`, at least `min`) at which every unbreakable part of `labels`
 * fits `width`: long English words shrink the axis a little rather than being cut or split.
 */
export function fittingFontSize(
	labels: string[],
	width: number,
	fontSize: number,
	min: number
): number {
	const widest = Math.max(0, ...labels.map((l) => longestUnitWidth(l, fontSize)));
	if (widest <= width) return fontSize;
	return Math.max(min, Math.floor((fontSize * width) / widest));
}
