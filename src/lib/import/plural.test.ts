import { describe, expect, it } from 'vitest';
import { m } from '$lib/paraglide/messages.js';

describe('English counts (issue 12)', () => {
	it('say "1 row, 1 cell", and "3 rows, 0 cells"', () => {
		const en = { locale: 'en' } as const;
		expect(m.import_rows_cells_value({ rows: '1', cells: '1' }, en)).toBe('1 row, 1 cell');
		expect(m.import_rows_cells_value({ rows: '3', cells: '0' }, en)).toBe('3 rows, 0 cells');
		expect(m.import_rows_cells_value({ rows: '1', cells: '1' }, { locale: 'zh-cn' })).toBe(
			'1 行 / 1 格'
		);
	});
});
