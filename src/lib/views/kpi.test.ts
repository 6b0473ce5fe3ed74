import { describe, expect, it } from 'vitest';
import { rankValues } from '$lib/domain/aggregate';
import { kpiExtremes } from './kpi';
import type { BranchFigure } from './overview-view';

const view = (values: (number | null)[]) => {
	const ranks = rankValues(values);
	return {
		branches: values.map((value, i): BranchFigure => ({
			slug: `b${i}`,
			value,
			normalised: value,
			reported: value === null ? 0 : 1,
			months: 1,
			rank: ranks[i],
			partial: false,
			previous: null
		}))
	};
};

describe('kpiExtremes', () => {
	it('keeps tied branches together and never names one branch highest and lowest', () => {
		const slugs = (v: (number | null)[]) => {
			const e = kpiExtremes(view(v))!;
			return [e.best.map((b) => b.slug), e.lowest.map((b) => b.slug)];
		};
		expect(slugs([3, 5, 5, 1])).toEqual([['b1', 'b2'], ['b3']]);
		expect(slugs([1, 0, 0, null])).toEqual([['b0'], ['b1', 'b2']]);
		// Every reporting branch equal (e.g. all 100%): highest only, no lowest.
		expect(slugs([1, 1, null])).toEqual([['b0', 'b1'], []]);
		expect(slugs([2])).toEqual([['b0'], []]);
		expect(kpiExtremes(view([null, null]))).toBeNull();
	});
});
