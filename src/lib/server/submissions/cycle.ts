/**
 * Where the reporting cycle stands: the branch × month matrix of 未报送 / 待审核 / 已退回 / 已采用
 * with lateness, a month's completeness line, the branches to remind (催报) and each branch's
 * on-time rate. A month counts as reported from the earlier of an accepted submission's hand-in
 * and a committee import made after the month ended (entered by the committee); figures imported
 * before a month ended are not its report.
 */
import {
	chinaDay,
	deadlineOf,
	dueFrom,
	dueMonths,
	lateness,
	onTimeRate,
	reportState,
	type Day,
	type DeadlineSettings,
	type MonthReports,
	type ReportState,
	type SubmissionStatus
} from '../../domain/reporting';
import { addMonths, monthsIn, type Month } from '../../domain/periods';
import type { Db } from '../db';
import { dataRange } from '../imports';
import { listSubmissions } from './store';

export interface CycleCell {
	branch: string;
	month: Month;
	state: ReportState;
	deadline: Day;
	/** Days past the deadline: of the hand-in, or (not reported) of today. */
	lateDays: number;
	reportedAt: string | null;
	byCommittee: boolean;
	/** The newest submission covering the month (not withdrawn), if any. */
	submissionId: number | null;
	submissionStatus: SubmissionStatus | null;
	comment: string | null;
}

export interface CycleMatrix {
	months: Month[];
	branches: string[];
	cells: CycleCell[];
}

const key = (branch: string, month: string) => `${branch}|${month}`;

/** The reporting state of `branches` × `months` on `today`. */
export async function cycleMatrix(
	db: Db,
	opts: { branches: string[]; months: Month[]; settings: DeadlineSettings; today: Day }
): Promise<CycleMatrix> {
	const { branches, months, settings, today } = opts;
	if (!months.length || !branches.length) return { months, branches, cells: [] };
	const range = { from: months[0], to: months.at(-1)! };
	const wanted = new Set(branches);
	const latest = new Map<
		string,
		{ id: number; status: SubmissionStatus; comment: string | null; submittedAt: string }
	>();
	const reported = new Map<string, { at: string; byCommittee: boolean }>();
	const earlier = (k: string, at: string, byCommittee: boolean) => {
		const had = reported.get(k);
		if (!had || at < had.at) reported.set(k, { at, byCommittee });
	};
	// Newest first: the first seen per branch × month is its latest submission.
	for (const s of await listSubmissions(db, { months: range, limit: 100_000 })) {
		if (!wanted.has(s.branch) || s.status === 'withdrawn') continue;
		for (const month of s.months) {
			if (month < range.from || month > range.to) continue;
			const k = key(s.branch, month);
			if (!latest.has(k))
				latest.set(k, {
					id: s.id,
					status: s.status,
					comment: s.comment,
					submittedAt: s.submittedAt
				});
			if (s.status === 'accepted') earlier(k, s.submittedAt, false);
		}
	}
	// Committee imports (not a submission's): each branch × month they supplied after it ended.
	const imported = await db
		.selectFrom('import_rows as r')
		.innerJoin('imports as i', 'i.id', 'r.import_id')
		.select(['r.branch', 'r.month', 'i.imported_at'])
		.where('r.month', '>=', range.from)
		.where('r.month', '<=', range.to)
		.where('r.branch', 'in', branches)
		.where('i.status', '=', 'applied')
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(selectFrom('submissions as s').select('s.id').whereRef('s.import_id', '=', 'i.id'))
			)
		)
		.execute();
	for (const r of imported)
		if (chinaDay(r.imported_at) >= dueFrom(r.month))
			earlier(key(r.branch, r.month), r.imported_at, true);

	const cells: CycleCell[] = [];
	for (const branch of branches)
		for (const month of months) {
			const k = key(branch, month);
			const rep = reported.get(k);
			const last = latest.get(k) ?? null;
			const reports: MonthReports = {
				reportedAt: rep?.at ?? null,
				byCommittee: rep?.byCommittee ?? false,
				latest: last
			};
			const state = reportState(month, reports, today, settings);
			cells.push({
				branch,
				month,
				state,
				deadline: deadlineOf(month, settings),
				// A file waiting for review was handed in: late by its hand-in day, not by today.
				lateDays:
					state === 'not-due'
						? 0
						: lateness(
								month,
								{ reportedAt: state === 'pending' ? last!.submittedAt : reports.reportedAt },
								today,
								settings
							),
				reportedAt: reports.reportedAt,
				byCommittee: reports.byCommittee,
				submissionId: last?.id ?? null,
				submissionStatus: last?.status ?? null,
				comment: last?.status === 'returned' ? last.comment : null
			});
		}
	return { months, branches, cells };
}

export interface MonthCompleteness {
	month: Month;
	total: number;
	accepted: number;
	pending: number;
	returned: number;
	missing: number;
	/** The branches neither accepted nor pending (sent back or not reported), in registry order. */
	outstanding: string[];
	returnedBranches: string[];
	missingBranches: string[];
}

/** A month's line: how many branches' reports are accepted, pending, sent back, missing. */
export function monthCompleteness(matrix: CycleMatrix, month: Month): MonthCompleteness {
	const cells = matrix.cells.filter((c) => c.month === month);
	const count = (s: ReportState) => cells.filter((c) => c.state === s).length;
	return {
		month,
		total: cells.length,
		accepted: count('accepted'),
		pending: count('pending'),
		returned: count('returned'),
		missing: count('missing') + count('not-due'),
		outstanding: cells
			.filter((c) => c.state === 'missing' || c.state === 'returned' || c.state === 'not-due')
			.map((c) => c.branch),
		returnedBranches: cells.filter((c) => c.state === 'returned').map((c) => c.branch),
		missingBranches: cells
			.filter((c) => c.state === 'missing' || c.state === 'not-due')
			.map((c) => c.branch)
	};
}

/**
 * The months from the cycle's start (or the first month with data or a submission) to the last one
 * due today.
 */
export async function cycleMonths(
	db: Db,
	settings: DeadlineSettings,
	today: Day
): Promise<Month[]> {
	const range = await dataRange(db);
	const submitted = await db
		.selectFrom('submissions')
		.select((eb) => eb.fn.min('month_from').as('from'))
		.executeTakeFirst();
	const lastDue = addMonths(today.slice(0, 7), -1);
	const earliest = [range?.from, submitted?.from as string | null | undefined, lastDue]
		.filter((m): m is string => !!m)
		.sort()[0];
	const first = settings.startMonth ?? earliest;
	return dueMonths(first, today, settings).filter((m) => m <= lastDue);
}

/** Each branch's on-time rate over the cycle's due months. */
export async function onTimeRates(
	db: Db,
	branches: string[],
	settings: DeadlineSettings,
	today: Day
): Promise<Map<string, ReturnType<typeof onTimeRate>>> {
	const months = await cycleMonths(db, settings, today);
	const matrix = await cycleMatrix(db, { branches, months, settings, today });
	const out = new Map<string, ReturnType<typeof onTimeRate>>();
	for (const branch of branches)
		out.set(
			branch,
			onTimeRate(
				matrix.cells
					.filter((c) => c.branch === branch)
					.map((c) => ({ month: c.month, reportedAt: c.reportedAt })),
				settings
			)
		);
	return out;
}

/** The months of a period, for a matrix. */
export const matrixMonths = (from: Month, to: Month) => monthsIn({ from, to });
