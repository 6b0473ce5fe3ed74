import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EMPTY_VALUES, MonthValues } from './month-values';
import { monthFromIndex, monthIndex } from './periods';

const jan2020 = monthIndex('2020-01');

describe('MonthValues', () => {
	const v = MonthValues.from(
		[jan2020 + 2, jan2020, jan2020 + 2], // a later value for the same month wins
		[5, 3, 7]
	);

	it('holds the reported months only', () => {
		expect(v.get('2020-01')).toBe(3);
		expect(v.get('2020-02')).toBeUndefined();
		expect(v.get('2020-03')).toBe(7);
		expect(v.get('2019-12')).toBeUndefined();
		expect(v.get('2020-04')).toBeUndefined();
		expect([...v]).toEqual([
			['2020-01', 3],
			['2020-03', 7]
		]);
		expect([...v.keys()]).toEqual(['2020-01', '2020-03']);
		expect(v.size).toBe(2);
		expect(v.firstIndex).toBe(jan2020);
	});

	it('sums, counts and finds the latest value inside a period', () => {
		expect(v.sumIn({ from: '2019-06', to: '2020-02' })).toBe(3);
		expect(v.reportedIn({ from: '2019-06', to: '2020-02' })).toBe(1);
		expect(v.sumIn({ from: '2020-02', to: '2021-01' })).toBe(7);
		expect(v.latestIn({ from: '2019-01', to: '2020-02' })).toBe(3);
		expect(v.latestIn({ from: '2020-02', to: '2020-02' })).toBeUndefined();
		expect(v.reportedIn({ from: '2021-01', to: '2021-12' })).toBe(0);
		expect(v.sumIn({ from: '2018-01', to: '2018-12' })).toBe(0);
	});

	it('is empty without pairs', () => {
		expect(MonthValues.from([], [])).toBe(EMPTY_VALUES);
		expect(EMPTY_VALUES.size).toBe(0);
		expect(EMPTY_VALUES.firstIndex).toBeNull();
		expect(EMPTY_VALUES.reportedIn({ from: '2020-01', to: '2020-12' })).toBe(0);
	});

	it('sums decimals month by month, exactly as a plain loop would', () => {
		const d = MonthValues.from([jan2020, jan2020 + 1, jan2020 + 2], [0.1, 0.2, 0.3]);
		expect(d.sumIn({ from: '2020-02', to: '2020-03' })).toBe(0.2 + 0.3);
		expect(d.sumIn({ from: '2020-01', to: '2020-03' })).toBe(0.1 + 0.2 + 0.3);
	});

	it('agrees with a plain walk over the months for any values and period', () => {
		const value = fc.oneof(
			fc.integer({ min: 0, max: 10_000 }),
			fc.double({ min: 0, max: 1e6, noNaN: true })
		);
		fc.assert(
			fc.property(
				fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), value), { maxLength: 40 }),
				fc.integer({ min: -5, max: 45 }),
				fc.integer({ min: 0, max: 30 }),
				(pairs, start, length) => {
					const v = MonthValues.from(
						pairs.map(([i]) => jan2020 + i),
						pairs.map(([, x]) => x)
					);
					const last = new Map(pairs.map(([i, x]) => [jan2020 + i, x]));
					const p = {
						from: monthFromIndex(jan2020 + start),
						to: monthFromIndex(jan2020 + start + length)
					};
					let sum = 0;
					let reported = 0;
					let latest: number | undefined;
					for (let i = jan2020 + start; i <= jan2020 + start + length; i++) {
						const x = last.get(i);
						if (x === undefined) continue;
						sum += x;
						reported++;
						latest = x;
					}
					expect(v.reportedIn(p)).toBe(reported);
					expect(v.latestIn(p)).toBe(latest);
					// Integers through running totals, decimals month by month: exact either way.
					expect(v.sumIn(p)).toBe(sum);
				}
			)
		);
	});
});
