import { describe, expect, it } from 'vitest';
import { DEFAULT_METRICS, parseViewParams, viewQuery } from './view-params';

describe('view params', () => {
	it('defaults to the 12 months up to the latest reported month', () => {
		const v = parseViewParams(new URLSearchParams(''), '2021-12');
		expect(v).toEqual({
			from: '2021-01',
			to: '2021-12',
			metrics: DEFAULT_METRICS,
			norm: 'raw',
			cmp: 'none'
		});
	});

	it('round-trips through the query string and drops unknown metrics', () => {
		const v = parseViewParams(
			new URLSearchParams(
				'from=2019-01&to=2019-12&metrics=leader_case_share,bogus,honours&norm=per10&cmp=1'
			),
			'2021-12'
		);
		expect(v.metrics).toEqual(['leader_case_share', 'honours']);
		expect(parseViewParams(new URLSearchParams(viewQuery(v)), null)).toEqual(v);
	});

	it('reads the comparison: cmp=1 (older links) is the previous period, yoy the same period a year earlier', () => {
		const cmp = (q: string) => parseViewParams(new URLSearchParams(q), '2021-12').cmp;
		expect(cmp('cmp=1')).toBe('prev');
		expect(cmp('cmp=prev')).toBe('prev');
		expect(cmp('cmp=yoy')).toBe('yoy');
		expect(cmp('cmp=0')).toBe('none');
		expect(cmp('cmp=bogus')).toBe('none');
		const yoy = parseViewParams(new URLSearchParams('from=2020-01&to=2020-03&cmp=yoy'), null);
		expect(viewQuery(yoy)).toContain('cmp=yoy');
		expect(parseViewParams(new URLSearchParams(viewQuery(yoy)), null)).toEqual(yoy);
		expect(viewQuery({ ...yoy, cmp: 'none' })).not.toContain('cmp');
	});

	it('ignores an inverted or malformed period', () => {
		const v = parseViewParams(new URLSearchParams('from=2020-13&to=2020-01'), '2020-06');
		expect(v).toMatchObject({ from: '2019-07', to: '2020-06' });
	});
});
