import { describe, expect, it } from 'vitest';
import {
	chinaDay,
	cleanDeadlines,
	deadlineOf,
	DEFAULT_DEADLINES,
	dueMonths,
	isDue,
	isOverdue,
	lateDays,
	lateness,
	nextStatus,
	onTimeRate,
	reportState,
	type DeadlineSettings
} from './reporting';

const settings = (s: Partial<DeadlineSettings> = {}): DeadlineSettings => ({
	...DEFAULT_DEADLINES,
	...s
});

describe('deadlines', () => {
	it('defaults to the 5th of the following month, across a year end', () => {
		expect(deadlineOf('2022-03', settings())).toBe('2022-04-05');
		expect(deadlineOf('2021-12', settings())).toBe('2022-01-05');
	});

	it('takes the configured default day, clamped to a short following month', () => {
		expect(deadlineOf('2022-03', settings({ defaultDay: 10 }))).toBe('2022-04-10');
		// A day past the end of February (a stored 31 from an older setting) is February's last.
		expect(deadlineOf('2023-01', settings({ defaultDay: 31 }))).toBe('2023-02-28');
		expect(deadlineOf('2024-01', settings({ defaultDay: 31 }))).toBe('2024-02-29');
	});

	it('a one-off extension replaces the deadline of its month only', () => {
		const s = settings({ extensions: { '2022-01': '2022-02-15' } });
		expect(deadlineOf('2022-01', s)).toBe('2022-02-15');
		expect(deadlineOf('2022-02', s)).toBe('2022-03-05');
	});

	it('a month is due from the first day after it, overdue the day after its deadline', () => {
		const s = settings();
		expect(isDue('2022-03', '2022-03-31', s)).toBe(false);
		expect(isDue('2022-03', '2022-04-01', s)).toBe(true);
		expect(isOverdue('2022-03', '2022-04-05', s)).toBe(false);
		expect(isOverdue('2022-03', '2022-04-06', s)).toBe(true);
		expect(isDue('2022-02', '2022-03-01', s)).toBe(true);
		expect(isDue('2021-12', '2022-01-01', s)).toBe(true);
	});

	it('an extension moves overdue; months before the cycle start are never due', () => {
		const s = settings({ extensions: { '2022-01': '2022-02-15' }, startMonth: '2022-01' });
		expect(isOverdue('2022-01', '2022-02-15', s)).toBe(false);
		expect(isOverdue('2022-01', '2022-02-16', s)).toBe(true);
		expect(isDue('2021-12', '2022-03-01', s)).toBe(false);
		expect(dueMonths('2021-10', '2022-03-31', s)).toEqual(['2022-01', '2022-02']);
	});
});

describe('lateness', () => {
	it('counts days past the deadline, across month and year ends', () => {
		const s = settings();
		expect(lateDays('2022-03', '2022-04-05', s)).toBe(0);
		expect(lateDays('2022-03', '2022-04-06', s)).toBe(1);
		expect(lateDays('2022-03', '2022-05-01', s)).toBe(26);
		expect(lateDays('2021-12', '2022-01-06', s)).toBe(1);
		expect(lateDays('2022-12', '2023-01-01', s)).toBe(0);
		// Leap-year February: 2024-01's deadline is 02-05; 03-01 is 25 days later.
		expect(lateDays('2024-01', '2024-03-01', s)).toBe(25);
	});

	it('an extension counts from the extended day', () => {
		const s = settings({ extensions: { '2022-01': '2022-02-15' } });
		expect(lateDays('2022-01', '2022-02-10', s)).toBe(0);
		expect(lateDays('2022-01', '2022-02-17', s)).toBe(2);
	});

	it('uses the day in China: 23:30 UTC on the 5th is already the 6th in Beijing', () => {
		expect(chinaDay('2022-04-05T15:59:59Z')).toBe('2022-04-05');
		expect(chinaDay('2022-04-05T16:00:00Z')).toBe('2022-04-06');
		const s = settings();
		expect(lateness('2022-03', { reportedAt: '2022-04-05T15:30:00Z' }, '2022-05-01', s)).toBe(0);
		expect(lateness('2022-03', { reportedAt: '2022-04-05T23:30:00Z' }, '2022-05-01', s)).toBe(1);
		// Not reported: late by today.
		expect(lateness('2022-03', { reportedAt: null }, '2022-04-09', s)).toBe(4);
	});
});

describe('submission statuses', () => {
	it('only a pending submission moves: withdrawn, accepted or sent back', () => {
		expect(nextStatus('pending', 'withdraw')).toBe('withdrawn');
		expect(nextStatus('pending', 'accept')).toBe('accepted');
		expect(nextStatus('pending', 'return')).toBe('returned');
		for (const from of ['returned', 'accepted', 'withdrawn'] as const)
			for (const event of ['withdraw', 'accept', 'return'] as const)
				expect(nextStatus(from, event)).toBeNull();
	});

	it('a month is accepted once reported, else its newest submission decides, else missing', () => {
		const s = settings();
		const today = '2022-04-10';
		const none = { reportedAt: null, byCommittee: false, latest: null };
		expect(reportState('2022-03', none, today, s)).toBe('missing');
		expect(reportState('2022-04', none, today, s)).toBe('not-due');
		expect(reportState('2022-03', { ...none, latest: { status: 'pending' } }, today, s)).toBe(
			'pending'
		);
		expect(reportState('2022-03', { ...none, latest: { status: 'returned' } }, today, s)).toBe(
			'returned'
		);
		const reported = { reportedAt: '2022-04-02T02:00:00Z', byCommittee: true, latest: null };
		expect(reportState('2022-03', reported, today, s)).toBe('accepted');
	});
});

describe('on-time rate', () => {
	it('months reported by their deadline ÷ months due', () => {
		const s = settings({ extensions: { '2022-01': '2022-02-15' } });
		const r = onTimeRate(
			[
				{ month: '2022-01', reportedAt: '2022-02-14T02:00:00Z' }, // on time thanks to the extension
				{ month: '2022-02', reportedAt: '2022-03-06T02:00:00Z' }, // a day late
				{ month: '2022-03', reportedAt: null } // not reported
			],
			s
		);
		expect(r).toEqual({ onTime: 1, due: 3, rate: 1 / 3 });
		expect(onTimeRate([], s).rate).toBeNull();
	});
});

describe('stored settings', () => {
	it('keeps what is well formed and drops the rest', () => {
		expect(
			cleanDeadlines({
				defaultDay: 40,
				extensions: { '2022-01': '2022-02-15', bad: '2022-02-01', '2022-02': '2022-02-30' },
				startMonth: '2022-13'
			})
		).toEqual({ defaultDay: 5, extensions: { '2022-01': '2022-02-15' }, startMonth: null });
		expect(cleanDeadlines(null)).toEqual(DEFAULT_DEADLINES);
	});
});
