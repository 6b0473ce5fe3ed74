import { describe, expect, it } from 'vitest';
import { periodKind, periodOfKind, presetPeriod, stepPeriod, yearsBetween } from './period';

describe('overview periods', () => {
	it('tells months, quarters, years and custom ranges apart', () => {
		expect(periodKind({ from: '2020-05', to: '2020-05' })).toBe('month');
		expect(periodKind({ from: '2020-04', to: '2020-06' })).toBe('quarter');
		expect(periodKind({ from: '2020-05', to: '2020-07' })).toBe('custom');
		expect(periodKind({ from: '2020-01', to: '2020-12' })).toBe('year');
		expect(periodKind({ from: '2020-02', to: '2021-01' })).toBe('custom');
	});

	it('finds the period of a kind around a month', () => {
		const cur = { from: '2019-03', to: '2021-05' };
		expect(periodOfKind('quarter', '2021-05', cur)).toEqual({ from: '2021-04', to: '2021-06' });
		expect(periodOfKind('year', '2021-05', cur)).toEqual({ from: '2021-01', to: '2021-12' });
		expect(periodOfKind('month', '2021-05', cur)).toEqual({ from: '2021-05', to: '2021-05' });
		expect(periodOfKind('custom', '2021-05', cur)).toBe(cur);
	});

	it('anchors presets on a month and steps by the period length', () => {
		expect(presetPeriod('this_year', '2021-12')).toEqual({ from: '2021-01', to: '2021-12' });
		expect(presetPeriod('last12', '2021-06')).toEqual({ from: '2020-07', to: '2021-06' });
		expect(presetPeriod('programme', '2021-12')).toEqual({ from: '2019-01', to: '2021-12' });
		expect(stepPeriod({ from: '2020-01', to: '2020-03' }, -1)).toEqual({
			from: '2019-10',
			to: '2019-12'
		});
		expect(stepPeriod({ from: '2020-01', to: '2020-12' }, 1)).toEqual({
			from: '2021-01',
			to: '2021-12'
		});
		expect(yearsBetween('2019-01', '2021-12')).toEqual([2021, 2020, 2019]);
	});
});
