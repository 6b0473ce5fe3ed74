import { describe, expect, it } from 'vitest';
import type { ImportOutcome } from '../lib/server/imports';
import { formatOutcome } from './format';

const outcome = (rows: number): ImportOutcome => ({
	file: 'a.csv',
	status: 'applied',
	encoding: 'utf-8',
	rows,
	importId: 7,
	errors: [],
	warnings: [],
	new: 1,
	replaced: 0,
	unchanged: 0,
	replacedCells: [],
	identicalTo: null
});

describe('formatOutcome', () => {
	it('counts rows in the singular for one row in English', () => {
		expect(formatOutcome(outcome(1), 'en')).toContain('(utf-8, 1 row; ');
		expect(formatOutcome(outcome(2), 'en')).toContain('(utf-8, 2 rows; ');
		expect(formatOutcome(outcome(1), 'zh')).toContain('1 行');
	});
});
