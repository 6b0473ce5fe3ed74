import { describe, expect, it } from 'vitest';
import { calendarSlots, yearGroups } from './calendar';

describe('calendarSlots', () => {
	it('spans whole quarters and leaves months outside them apart', () => {
		const months = ['2019-12', '2020-01', '2020-02', '2020-03', '2020-04'];
		const row = {
			metric: 'general_meetings' as const,
			norm: { min: 1, per: 'quarter' as const },
			met: 1,
			units: 1,
			cells: [
				{
					unit: '2020-Q1',
					months: ['2020-01', '2020-02', '2020-03'],
					status: 'met' as const,
					value: 1,
					sources: []
				}
			]
		};
		expect(
			calendarSlots(row, months).map((s) =>
				s.kind === 'unit' ? `${s.cell.unit}×${s.span}` : s.month
			)
		).toEqual(['2019-12', '2020-Q1×3', '2020-04']);
	});

	it('groups the header months by year', () => {
		expect(yearGroups(['2019-11', '2019-12', '2020-01'])).toEqual([
			{ year: '2019', span: 2 },
			{ year: '2020', span: 1 }
		]);
	});
});
