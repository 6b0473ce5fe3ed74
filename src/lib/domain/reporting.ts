/**
 * The monthly reporting cycle, pure: deadlines (a default day of the following month, one-off
 * extensions per month), when a month is due and overdue, lateness in days, the statuses of a
 * submission and the moves between them, and the on-time rate. Dates are calendar days in China
 * (UTC+8): a branch reporting at 07:30 Beijing time on the 6th is a day late, whatever UTC says.
 */
import { addMonths, isMonth, type Month } from './periods';

/** A calendar day `YYYY-MM-DD`. */
export type Day = string;

/** China Standard Time has had no daylight saving since 1991. */
const CHINA_OFFSET_MS = 8 * 3600_000;

/** The calendar day in China of an instant (ISO text or Date). */
export function chinaDay(at: string | Date): Day {
	const ms = (typeof at === 'string' ? new Date(at) : at).getTime();
	return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function isDay(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Days in a month (`2024-02` → 29). */
export function daysInMonth(month: Month): number {
	const [y, m] = month.split('-').map(Number);
	return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: Day, to: Day): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const DEFAULT_DEADLINE_DAY = 5;
/** The latest default day an admin may choose: every month has 28 days. */
export const MAX_DEADLINE_DAY = 28;

export interface DeadlineSettings {
	/** The day of the following month a month's report is due by (1…28). */
	defaultDay: number;
	/** One-off deadlines by month (`2022-01` → `2022-02-10` for the Spring Festival). */
	extensions: Record<Month, Day>;
	/** The first month of the cycle: earlier months predate it and are never due (null: no limit). */
	startMonth: Month | null;
}

export const DEFAULT_DEADLINES: DeadlineSettings = {
	defaultDay: DEFAULT_DEADLINE_DAY,
	extensions: {},
	startMonth: null
};

/** The last day on which a month's report is on time (inclusive). */
export function deadlineOf(month: Month, settings: DeadlineSettings): Day {
	const extension = settings.extensions[month];
	if (extension) return extension;
	const next = addMonths(month, 1);
	const day = Math.min(Math.max(1, Math.trunc(settings.defaultDay)), daysInMonth(next));
	return `${next}-${String(day).padStart(2, '0')}`;
}

/** The first day after the month: from then on its report is due. */
export function dueFrom(month: Month): Day {
	return `${addMonths(month, 1)}-01`;
}

/** Whether the month has ended (on `today`) and falls inside the cycle. */
export function isDue(month: Month, today: Day, settings: DeadlineSettings): boolean {
	if (settings.startMonth && month < settings.startMonth) return false;
	return today >= dueFrom(month);
}

/** Whether the deadline has passed on `today` (the deadline day itself is still on time). */
export function isOverdue(month: Month, today: Day, settings: DeadlineSettings): boolean {
	return isDue(month, today, settings) && today > deadlineOf(month, settings);
}

/** Days past the deadline of a report handed in on `on` (0: on time). */
export function lateDays(month: Month, on: Day, settings: DeadlineSettings): number {
	return Math.max(0, daysBetween(deadlineOf(month, settings), on));
}

/** The due months up to `today`, oldest first, from `first` (the first month anyone reported). */
export function dueMonths(first: Month, today: Day, settings: DeadlineSettings): Month[] {
	const start = settings.startMonth && settings.startMonth > first ? settings.startMonth : first;
	const out: Month[] = [];
	for (let m = start; isDue(m, today, settings); m = addMonths(m, 1)) out.push(m);
	return out;
}

// ——— Submissions ———

/** 待审核 / 已退回 / 已采用 / 已撤回. */
export const SUBMISSION_STATUSES = ['pending', 'returned', 'accepted', 'withdrawn'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** What can happen to a submission: only a pending one moves, and only once. */
export type SubmissionEvent = 'withdraw' | 'accept' | 'return';

const MOVES: Record<SubmissionEvent, SubmissionStatus> = {
	withdraw: 'withdrawn',
	accept: 'accepted',
	return: 'returned'
};

/** The status after `event`, or null when the move is not allowed from `from`. */
export function nextStatus(
	from: SubmissionStatus,
	event: SubmissionEvent
): SubmissionStatus | null {
	return from === 'pending' ? MOVES[event] : null;
}

// ——— A branch × month's state ———

/** 未报送 / 待审核 / 已退回 / 已采用, or not yet due. */
export type ReportState = 'missing' | 'pending' | 'returned' | 'accepted' | 'not-due';

/** What is known about one branch × month's reports. */
export interface MonthReports {
	/** When the figures that count went in: an accepted submission's hand-in, or a committee import. */
	reportedAt: string | null;
	/** Whether the committee entered them (an import, not a submission). */
	byCommittee: boolean;
	/** The newest submission covering the month that is not withdrawn, if any. */
	latest: { status: SubmissionStatus } | null;
}

/** The state of a branch × month on `today`. */
export function reportState(
	month: Month,
	r: MonthReports,
	today: Day,
	settings: DeadlineSettings
): ReportState {
	if (r.reportedAt) return 'accepted';
	if (r.latest?.status === 'pending') return 'pending';
	if (r.latest?.status === 'returned') return 'returned';
	return isDue(month, today, settings) ? 'missing' : 'not-due';
}

/**
 * Days late of a branch × month: for a report, its hand-in day against the deadline; for a missing
 * one, today against the deadline (it is still getting later); 0 when on time or not yet overdue.
 */
export function lateness(
	month: Month,
	r: Pick<MonthReports, 'reportedAt'>,
	today: Day,
	settings: DeadlineSettings
): number {
	return lateDays(month, r.reportedAt ? chinaDay(r.reportedAt) : today, settings);
}

/**
 * The on-time rate: months reported by their deadline ÷ months due; null when none is due yet.
 * `reportedAt` per due month (null: not reported).
 */
export function onTimeRate(
	due: { month: Month; reportedAt: string | null }[],
	settings: DeadlineSettings
): { onTime: number; due: number; rate: number | null } {
	const onTime = due.filter(
		(d) => d.reportedAt && chinaDay(d.reportedAt) <= deadlineOf(d.month, settings)
	).length;
	return { onTime, due: due.length, rate: due.length ? onTime / due.length : null };
}

/** Settings read from storage, with anything malformed dropped rather than trusted. */
export function cleanDeadlines(raw: unknown): DeadlineSettings {
	const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
	const day = Number(o.defaultDay);
	const extensions: Record<Month, Day> = {};
	if (o.extensions && typeof o.extensions === 'object')
		for (const [m, d] of Object.entries(o.extensions as Record<string, unknown>))
			if (isMonth(m) && typeof d === 'string' && isDay(d)) extensions[m] = d;
	const start = typeof o.startMonth === 'string' && isMonth(o.startMonth) ? o.startMonth : null;
	return {
		defaultDay:
			Number.isInteger(day) && day >= 1 && day <= MAX_DEADLINE_DAY ? day : DEFAULT_DEADLINE_DAY,
		extensions,
		startMonth: start
	};
}
