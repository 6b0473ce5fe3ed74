import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages.js';

const en = { locale: 'en' } as const;

describe('English counts (issue 12)', () => {
	it('say "1 row, 1 cell", and "3 rows, 0 cells"', () => {
		expect(m.import_rows_cells_value({ rows: '1', cells: '1' }, en)).toBe('1 row, 1 cell');
		expect(m.import_rows_cells_value({ rows: '3', cells: '0' }, en)).toBe('3 rows, 0 cells');
		expect(m.import_rows_cells_value({ rows: '1', cells: '1' }, { locale: 'zh-cn' })).toBe(
			'1 行 / 1 格'
		);
	});

	it('say "1 day", "1 event", "1 error", "1 cell", and 2 of each', () => {
		expect(m.report_late_days({ days: 1 }, en)).toBe('1 day');
		expect(m.report_late_days({ days: 2 }, en)).toBe('2 days');
		expect(m.matrix_late({ days: 1 }, en)).toBe('1 day late');
		expect(m.matrix_late({ days: 2 }, en)).toBe('2 days late');
		expect(m.cycle_reminder_late({ days: 1 }, en)).toBe('; 1 day overdue');
		expect(m.cycle_reminder_late({ days: 2 }, en)).toBe('; 2 days overdue');
		expect(m.audit_total({ n: 1 }, en)).toBe('1 event');
		expect(m.audit_total({ n: 2 }, en)).toBe('2 events');
		expect(m.cycle_err_stored_invalid({ file: 'a.csv', id: 3, count: 1 }, en)).toContain(
			'(1 error)'
		);
		expect(m.cycle_err_stored_invalid({ file: 'a.csv', id: 3, count: 2 }, en)).toContain(
			'(2 errors)'
		);
		expect(m.report_submit_button({ count: 1 }, en)).toBe('Submit 1 file for review');
		expect(m.report_submit_button({ count: 2 }, en)).toBe('Submit 2 files for review');
		const imported = { when: '2024-03-01', new: 1, replaced: 0, unchanged: 0 };
		expect(m.detail_imported({ ...imported, cells: 1 }, en)).toContain(': 1 cell (');
		expect(m.detail_imported({ ...imported, cells: 2 }, en)).toContain(': 2 cells (');
		expect(m.home_intro({ count: 1, month: '2024-03' }, en)).toBe(
			'1 Party branch; data up to 2024-03.'
		);
		expect(m.import_too_many({ max: 20, count: 1 }, en)).toBe(
			'At most 20 files at a time: 1 more was left out.'
		);
		expect(m.import_too_many({ max: 1, count: 2 }, en)).toBe(
			'At most 1 file at a time: 2 more were left out.'
		);
	});

	it('leave Chinese as it was', () => {
		expect(m.matrix_late({ days: 1 }, { locale: 'zh-cn' })).toBe('逾期 1 天');
		expect(m.audit_total({ n: 1 }, { locale: 'zh-cn' })).toBe('共 1 条');
	});

	it('have no plain English message that puts a count before a plural noun, and no "(s)"', () => {
		// Counts that are never 1: a constant (the catalogue's metrics too), a limit exceeded, a
		// quarter's months, a tie.
		const neverOne = new Set([
			'acct_err_password_too_short',
			'bp_quarter_partial',
			'imports_matrix_cell',
			'ov_kpi_tied_many',
			'problem_no_header',
			'problem_problems_truncated',
			'problem_text_length',
			'problem_truncated_file',
			'vw_too_long',
			'vw_too_many_metrics'
		]);
		const nouns =
			/\{\w+\} (?:[A-Z]\w+ )?(?:branches|cells|characters|days|errors|events|files|metrics|months|problems|rows|seconds|slides|values)\b/;
		const dir = join(import.meta.dirname, '../../messages');
		const bare = readdirSync(dir).flatMap((group) =>
			Object.entries(JSON.parse(readFileSync(join(dir, group, 'en.json'), 'utf8')))
				.filter(
					([key, text]) =>
						JSON.stringify(text).includes('(s)') ||
						(typeof text === 'string' && nouns.test(text) && !neverOne.has(key))
				)
				.map(([key]) => key)
		);
		expect(bare).toEqual([]);
	});
});
