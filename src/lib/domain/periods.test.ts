import { describe, expect, it } from 'vitest';
import {
	addMonths,
	lastMonths,
	monthCount,
	monthsIn,
	previousPeriod,
	quarterOf,
	quartersWithin,
	yearEarlier
} from './periods';

describe('periods', () => {
	it('adds months across year ends', () => {
		expect(addMonths('2019-12', 1)).toBe('2020-01');
		expect(addMonths('2020-01', -13)).toBe('2018-12');
	});

	it('lists and counts the months of a range', () => {
		expect(monthsIn({ from: '2019-11', to: '2020-02' })).toEqual([
			'2019-11',
			'2019-12',
			'2020-01',
			'2020-02'
		]);
		expect(monthCount({ from: '2019-06', to: '2020-06' })).toBe(13);
	});

	it('finds only the quarters wholly inside', () => {
		expect(quartersWithin({ from: '2019-03', to: '2019-12' }).map((q) => q.quarter)).toEqual([
			'2019-Q2',
			'2019-Q3',
			'2019-Q4'
		]);
		expect(quartersWithin({ from: '2019-02', to: '2019-04' })).toEqual([]);
		expect(quarterOf('2020-10')).toBe('2020-Q4');
	});

	it('gives the previous equal period and the year-earlier months', () => {
		expect(previousPeriod({ from: '2020-01', to: '2020-06' })).toEqual({
			from: '2019-07',
			to: '2019-12'
		});
		expect(yearEarlier({ from: '2020-01', to: '2020-03' })).toEqual({
			from: '2019-01',
			to: '2019-03'
		});
		expect(lastMonths('2021-12', 12)).toEqual({ from: '2021-01', to: '2021-12' });
	});

	it('moves a period one year back across year edges and leap-year Februaries', () => {
		// A leap-year February maps to the plain February before it (months, not days).
		expect(yearEarlier({ from: '2020-02', to: '2020-02' })).toEqual({
			from: '2019-02',
			to: '2019-02'
		});
		expect(yearEarlier({ from: '2021-02', to: '2021-03' })).toEqual({
			from: '2020-02',
			to: '2020-03'
		});
		// A winter period spanning the new year keeps its span.
		expect(yearEarlier({ from: '2019-11', to: '2020-02' })).toEqual({
			from: '2018-11',
			to: '2019-02'
		});
		expect(yearEarlier({ from: '2020-01', to: '2020-12' })).toEqual({
			from: '2019-01',
			to: '2019-12'
		});
		// Unlike the previous period, it does not depend on the period's length.
		expect(previousPeriod({ from: '2019-11', to: '2020-02' })).toEqual({
			from: '2019-07',
			to: '2019-10'
		});
	});
});
