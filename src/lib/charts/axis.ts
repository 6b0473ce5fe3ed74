/**
 * Value axes with ticks a reader trusts: whole numbers for counts, ratios that stop at 100% unless a
 * value exceeds it, and a round top tick (0/5/10, never 0/3/6/9/10 or a 2.5 top for counts).
 */
import type { FigureKind } from '../domain/format';

export interface ValueScale {
	min: 0;
	max: number;
	interval: number;
}

/** A round step at or above `raw`: 1, 2, 2.5, 5 × 10ⁿ; whole numbers (1, 2, 5, 10, 20, 25…) for counts. */
export function niceStep(raw: number, whole: boolean): number {
	if (!(raw > 0)) return 1;
	const p = 10 ** Math.floor(Math.log10(raw));
	for (const k of [1, 2, 2.5, 5, 10]) {
		const step = k * p;
		if (whole && !Number.isInteger(step)) continue;
		if (step >= raw - 1e-12) return step;
	}
	return 10 * p;
}

/**
 * The value axis for figures up to `maxValue` of `kind`: from 0 to a round top in about `ticks`
 * steps, with `headroom` (e.g. 1.15) above the largest value for its label. Counts step in whole
 * numbers; a ratio or % of norm never runs past 100% unless some value does.
 */
export function valueScale(
	maxValue: number,
	kind: FigureKind,
	opts: { ticks?: number; headroom?: number } = {}
): ValueScale {
	const ticks = opts.ticks ?? 4;
	const percent = kind === 'ratio' || kind === 'norm';
	const whole = kind === 'count';
	if (!(maxValue > 0)) return { min: 0, max: 1, interval: percent ? 0.25 : 1 };
	let target = maxValue * (opts.headroom ?? 1);
	if (percent && maxValue <= 1) target = Math.min(target, 1);
	// Percentages step in round percents (10%, 20%, 25%, 50%), which always divide 100%.
	const step = niceStep(target / ticks, whole);
	let max = Math.ceil(target / step - 1e-9) * step;
	if (percent && maxValue <= 1 && max > 1) max = 1;
	return { min: 0, max: round(max), interval: round(step) };
}

const round = (v: number) => Math.round(v * 1e9) / 1e9;
