/** Period choices of the overview's controls: what kind a period is, presets, stepping. */
import {
	addMonths,
	lastMonths,
	monthCount,
	monthIndex,
	quarterPeriod,
	yearPeriod,
	type Month,
	type Period
} from '$lib/domain/periods';

/** The pilot programme's first month: "the programme so far" starts here. */
export const PROGRAMME_START: Month = '2019-01';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

/** What a period is: one month, a calendar quarter, a calendar year, or a custom range. */
export function periodKind(p: Period): PeriodKind {
	const n = monthCount(p);
	const start = monthIndex(p.from) % 12;
	if (n === 1) return 'month';
	if (n === 3 && start % 3 === 0) return 'quarter';
	if (n === 12 && start === 0) return 'year';
	return 'custom';
}

/** The period of a kind that holds the month `at` (custom keeps the current period). */
export function periodOfKind(kind: PeriodKind, at: Month, current: Period): Period {
	const year = Number(at.slice(0, 4));
	if (kind === 'month') return { from: at, to: at };
	if (kind === 'quarter')
		return quarterPeriod(year, Math.floor((Number(at.slice(5, 7)) - 1) / 3) + 1);
	if (kind === 'year') return yearPeriod(year);
	return current;
}

export type PresetId = 'this_year' | 'last12' | 'programme';

/** Presets relative to an anchor month (the latest reported month, or today). */
export function presetPeriod(id: PresetId, anchor: Month): Period {
	if (id === 'this_year') return { from: `${anchor.slice(0, 4)}-01`, to: anchor };
	if (id === 'last12') return lastMonths(anchor, 12);
	return { from: anchor < PROGRAMME_START ? anchor : PROGRAMME_START, to: anchor };
}

/** The equal-length period before (-1) or after (+1). */
export function stepPeriod(p: Period, direction: 1 | -1): Period {
	const n = monthCount(p) * direction;
	return { from: addMonths(p.from, n), to: addMonths(p.to, n) };
}

/** Years from `first` to `last` (inclusive), newest first. */
export function yearsBetween(first: Month, last: Month): number[] {
	const out: number[] = [];
	for (let y = Number(last.slice(0, 4)); y >= Number(first.slice(0, 4)); y--) out.push(y);
	return out;
}
