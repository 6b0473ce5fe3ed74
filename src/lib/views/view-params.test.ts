import { describe, expect, it } from 'vitest';
import { METRIC_IDS } from '../domain/metrics';
import { DEFAULT_METRICS, parseView, readView, ViewSchema } from './view-params';
import { MAX_METRICS, viewQuery } from './view-query';

const read = (q: string, latest: string | null = '2021-12') =>
	readView(new URLSearchParams(q), latest);
const parse = (q: string, latest: string | null = '2021-12') =>
	parseView(new URLSearchParams(q), latest);

describe('readView (pages)', () => {
	it('defaults to the 12 months up to the latest reported month, with no note', () => {
		expect(read('')).toEqual({
			view: { from: '2021-01', to: '2021-12', metrics: DEFAULT_METRICS, norm: 'raw', cmp: 'none' },
			corrections: []
		});
	});

	it('round-trips through the query string; cmp=1 still means the previous period', () => {
		const { view, corrections } = read(
			'from=2019-01&to=2019-12&metrics=leader_case_share,honours&norm=per10&cmp=1'
		);
		expect(corrections).toEqual([]);
		expect(view).toMatchObject({ metrics: ['leader_case_share', 'honours'], cmp: 'prev' });
		expect(read(viewQuery(view).slice(1), null)).toEqual({ view, corrections: [] });
		expect(read('cmp=yoy').view.cmp).toBe('yoy');
	});

	it('clamps year 0000 to the first allowed month and says so (was a 500: not a month 00-1-01)', () => {
		const { view, corrections } = read('from=0000-01&to=0000-12&cmp=1');
		expect(view).toMatchObject({ from: '1990-01', to: '1990-01', cmp: 'prev' });
		expect(corrections).toEqual([
			{ kind: 'out_of_range', field: 'from', value: '0000-01', now: '1990-01' },
			{ kind: 'out_of_range', field: 'to', value: '0000-12', now: '1990-01' }
		]);
	});

	it('swaps an inverted period and shortens one over 120 months to the 120 ending at `to`', () => {
		expect(read('from=2020-06&to=2019-01')).toMatchObject({
			view: { from: '2019-01', to: '2020-06' },
			corrections: [{ kind: 'inverted', from: '2019-01', to: '2020-06' }]
		});
		expect(read('from=2000-01&to=2021-12')).toMatchObject({
			view: { from: '2012-01', to: '2021-12' },
			corrections: [{ kind: 'too_long', months: 264, from: '2012-01' }]
		});
		expect(read('from=0000-01&to=9999-12').view).toMatchObject({
			from: '2091-01',
			to: '2100-12'
		});
	});

	it('a malformed month is ignored with a note; the other end sets a 12-month period', () => {
		expect(read('from=2020-13&to=2020-06')).toMatchObject({
			view: { from: '2019-07', to: '2020-06' },
			corrections: [{ kind: 'malformed', field: 'from', value: '2020-13' }]
		});
		expect(read('from=junk&to=also-junk').view).toMatchObject({ from: '2021-01', to: '2021-12' });
	});

	it('a period set by one end stays within the data where the data reaches that end', () => {
		const within = (q: string) => readView(new URLSearchParams(q), '2021-12', '2019-01').view;
		// Not 2018-02 to 2019-01: eleven months before the first report.
		expect(within('from=2020-13&to=2019-01')).toMatchObject({ from: '2019-01', to: '2019-01' });
		expect(within('from=2020-13&to=2019-06')).toMatchObject({ from: '2019-01', to: '2019-06' });
		expect(within('from=2020-13&to=2020-06')).toMatchObject({ from: '2019-07', to: '2020-06' });
		expect(within('from=2021-06&to=junk')).toMatchObject({ from: '2021-06', to: '2021-12' });
		// Wholly outside the data: the 12 months asked for (the page says it has no data there).
		expect(within('from=junk&to=2017-06')).toMatchObject({ from: '2016-07', to: '2017-06' });
	});

	it('keeps the first 12 known metrics and names the unknown ones', () => {
		const { view, corrections } = read(
			`metrics=${[...METRIC_IDS].join(',')},bogus,${'x'.repeat(500)}`
		);
		expect(view.metrics).toEqual(METRIC_IDS.slice(0, MAX_METRICS));
		expect(corrections).toEqual([
			{ kind: 'unknown_metrics', values: ['bogus', `${'x'.repeat(40)}…`] },
			{ kind: 'too_many_metrics', count: METRIC_IDS.length }
		]);
		expect(read('metrics=bogus').view.metrics).toEqual(DEFAULT_METRICS);
	});

	it('replaces a bad normalisation, comparison or branch with a note', () => {
		const { view, corrections } = read('norm=per100&cmp=2&branch=../etc');
		expect(view).toMatchObject({ norm: 'raw', cmp: 'none' });
		expect(view.branch).toBeUndefined();
		expect(corrections.map((c) => c.kind === 'malformed' && c.field)).toEqual([
			'norm',
			'cmp',
			'branch'
		]);
	});

	it('whatever the URL, the view is one the schema and the API reader accept unchanged', () => {
		const nasty = [
			'from=0000-01&to=9999-12&cmp=1',
			'from=2100-12&to=1990-01&metrics=members,members,bogus',
			'from=-1&to=2020-00&norm=&cmp=',
			'to=1990-01',
			'from=2100-12',
			`metrics=${METRIC_IDS.join(',')}&norm=norm&cmp=yoy`
		];
		for (const q of nasty) {
			const { view } = read(q, '2100-12');
			expect(ViewSchema.safeParse(view).success).toBe(true);
			const again = read(viewQuery(view).slice(1), null);
			expect(again).toEqual({ view, corrections: [] });
			expect(parse(viewQuery(view).slice(1))).toEqual({ ok: true, view });
		}
	});
});

describe('parseView (APIs)', () => {
	it('takes the same defaults as the pages', () => {
		expect(parse('')).toEqual({ ok: true, view: read('').view });
		expect(parse('to=2020-06')).toMatchObject({ ok: true, view: { from: '2019-07' } });
	});

	it('refuses what a page would correct, naming the parameter', () => {
		const bad = (q: string) => {
			const r = parse(q);
			expect(r.ok).toBe(false);
			return r.ok ? [] : r.problems;
		};
		expect(bad('from=0000-01&to=9999-12')).toEqual([
			'from: expected a month from 1990-01 to 2100-12',
			'to: expected a month from 1990-01 to 2100-12',
			'from: a period of at most 120 months'
		]);
		expect(bad('from=junk&to=2020-13')).toEqual([
			'from: expected a month YYYY-MM',
			'to: expected a month YYYY-MM'
		]);
		expect(bad('from=2000-01&to=2020-12')).toEqual(['from: a period of at most 120 months']);
		expect(bad('from=2020-06&to=2020-01')).toEqual(['to: from must not be after to']);
		expect(bad(`metrics=${METRIC_IDS.join(',')}`)).toEqual([expect.stringMatching(/^metrics: /)]);
		expect(bad('metrics=members,bogus')).toEqual(['metrics.1: unknown metric']);
		expect(bad('norm=x')[0]).toMatch(/^norm: /);
		expect(bad('cmp=2')[0]).toMatch(/^cmp: /);
		expect(bad('branch=A%20B')[0]).toMatch(/^branch: /);
	});
});
