/** 催报: a month's branches that have not reported, with the reminder texts and when each was reminded. */
import type { BranchRegistry } from '../../domain/branches';
import type { Day } from '../../domain/reporting';
import type { Db } from '../db';
import { cycleMatrix, monthCompleteness, type CycleCell, type MonthCompleteness } from './cycle';
import { getDeadlines, getSubmission, remindersOf, type ReminderRow } from './store';
import { completenessLine, reminderText } from './texts';

export interface PendingBranch extends CycleCell {
	name: string;
	nameEn: string;
	/** The reminder to copy, in Chinese and in English. */
	text: { zh: string; en: string };
	reminders: ReminderRow[];
}

export interface PendingMonth {
	month: string;
	deadline: string;
	completeness: MonthCompleteness;
	line: { zh: string; en: string };
	/** Not reported or sent back (pending review counts as handed in), in registry order. */
	branches: PendingBranch[];
}

/** The branches of `month` to remind on `today` (of `only`, when given: a branch account's own). */
export async function pendingMonth(
	db: Db,
	registry: BranchRegistry,
	month: string,
	today: Day,
	only?: string[]
): Promise<PendingMonth> {
	const settings = await getDeadlines(db);
	const slugs = only ?? registry.branches.map((b) => b.slug);
	const matrix = await cycleMatrix(db, { branches: slugs, months: [month], settings, today });
	const completeness = monthCompleteness(matrix, month);
	const reminders = await remindersOf(db, month);
	const branches: PendingBranch[] = [];
	for (const cell of matrix.cells) {
		if (cell.state !== 'missing' && cell.state !== 'returned') continue;
		const b = registry.bySlug(cell.branch);
		const returnedAt =
			cell.state === 'returned' && cell.submissionId
				? ((await getSubmission(db, cell.submissionId))?.decidedAt ?? null)
				: null;
		branches.push({
			...cell,
			name: b?.name ?? cell.branch,
			nameEn: b?.nameEn ?? cell.branch,
			text: {
				zh: reminderText(cell, registry, 'zh-cn', returnedAt),
				en: reminderText(cell, registry, 'en', returnedAt)
			},
			reminders: reminders.filter((r) => r.branch === cell.branch)
		});
	}
	return {
		month,
		deadline: matrix.cells[0]?.deadline ?? '',
		completeness,
		line: {
			zh: completenessLine(completeness, registry, 'zh-cn'),
			en: completenessLine(completeness, registry, 'en')
		},
		branches
	};
}
