/**
 * The cycle's words, one meaning on the page, in the CLI and in the reminder texts: the month's
 * completeness line and the 催报 text (naming the branch, the month, the deadline and what is missing).
 */
import type { BranchRegistry } from '../../domain/branches';
import { chinaDay, type ReportState } from '../../domain/reporting';
import { m } from '../../paraglide/messages.js';
import { cycleLineText } from '../../views/cycle-line';
import type { CycleCell, MonthCompleteness } from './cycle';

export type Locale = 'zh-cn' | 'en';

export function monthLabel(month: string, locale: Locale): string {
	const [year, mon] = month.split('-');
	return m.cycle_month_label(
		{ year, month: locale === 'en' ? mon : String(Number(mon)) },
		{ locale }
	);
}

export function stateLabel(state: ReportState, locale: Locale): string {
	const opts = { locale };
	switch (state) {
		case 'missing':
			return m.cycle_state_missing({}, opts);
		case 'pending':
			return m.cycle_state_pending({}, opts);
		case 'returned':
			return m.cycle_state_returned({}, opts);
		case 'accepted':
			return m.cycle_state_accepted({}, opts);
		default:
			return m.cycle_state_not_due({}, opts);
	}
}

const shortOf = (registry: BranchRegistry, slug: string, locale: Locale) => {
	const b = registry.bySlug(slug);
	if (!b) return slug;
	return locale === 'en' ? b.nameEn.replace(/ Branch$/, '') : b.short;
};

/** The month's completeness line (`views/cycle-line.ts`) with the registry's short names. */
export function completenessLine(
	c: MonthCompleteness,
	registry: BranchRegistry,
	locale: Locale
): string {
	return cycleLineText(c, (slug) => shortOf(registry, slug, locale), locale);
}

/** The reminder to copy into the intranet messenger for a branch that has not reported a month. */
export function reminderText(
	cell: CycleCell,
	registry: BranchRegistry,
	locale: Locale,
	returnedAt: string | null = null
): string {
	const b = registry.bySlug(cell.branch);
	const branch = b ? (locale === 'en' ? b.nameEn : b.name) : cell.branch;
	const month = monthLabel(cell.month, locale);
	const late = cell.lateDays > 0 ? m.cycle_reminder_late({ days: cell.lateDays }, { locale }) : '';
	if (cell.state === 'returned')
		return m.cycle_reminder_returned(
			{
				branch,
				month,
				deadline: cell.deadline,
				returnedOn: returnedAt ? chinaDay(returnedAt) : '',
				comment: cell.comment ?? '',
				late
			},
			{ locale }
		);
	return m.cycle_reminder_missing({ branch, month, deadline: cell.deadline, late }, { locale });
}
