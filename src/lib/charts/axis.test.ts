import { describe, expect, it } from 'vitest';
import { niceStep, valueScale } from './axis';

const ticks = (s: { max: number; interval: number }) => {
	const out: number[] = [];
	for (let v = 0; v <= s.max + 1e-9; v += s.interval) out.push(Math.round(v * 1000) / 1000);
	return out;
};

describe('valueScale', () => {
	it('gives counts whole-number steps ending on the top tick (never 0/3/6/9/10 or a 2.5 top)', () => {
		expect(ticks(valueScale(6, 'count', { ticks: 3, headroom: 1.15 }))).toEqual([0, 5, 10]);
		expect(ticks(valueScale(2, 'count', { ticks: 2, headroom: 1.1 }))).toEqual([0, 2, 4]);
		expect(ticks(valueScale(1, 'count', { ticks: 5 }))).toEqual([0, 1]);
		expect(valueScale(167, 'count', { ticks: 3, headroom: 1.15 })).toEqual({
			min: 0,
			max: 200,
			interval: 100
		});
		for (const max of [1, 2, 3, 7, 9, 13, 62, 167])
			expect(Number.isInteger(valueScale(max, 'count', { ticks: 3 }).interval)).toBe(true);
	});

	it('stops ratios at 100% unless a value exceeds it', () => {
		expect(valueScale(0.975, 'ratio', { ticks: 3, headroom: 1.35 })).toEqual({
			min: 0,
			max: 1,
			interval: 0.5
		});
		expect(ticks(valueScale(0.321, 'ratio', { ticks: 4, headroom: 1.15 }))).toEqual([
			0, 0.1, 0.2, 0.3, 0.4
		]);
		expect(valueScale(1.2, 'norm', { ticks: 4 }).max).toBeGreaterThanOrEqual(1.2);
	});

	it('steps are round numbers', () => {
		expect(niceStep(0.3, false)).toBe(0.5);
		expect(niceStep(2.3, true)).toBe(5);
		expect(niceStep(0.3, true)).toBe(1);
		expect(niceStep(23, true)).toBe(25);
	});
});
