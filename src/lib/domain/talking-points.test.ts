import { describe, expect, it } from 'vitest';
import { findingsText, talkingPoints, type FindingsInput } from './talking-points';

const branches = [
	{ slug: 'a', zh: '第一检察部', en: '1st Procuratorial' },
	{ slug: 'b', zh: '第二检察部', en: '2nd Procuratorial' },
	{ slug: 'c', zh: '政治部', en: 'Political Dept.' },
	{ slug: 'd', zh: '办公室', en: 'General Office' }
];
const period = { from: '2021-01', to: '2021-03' };
const full = (slug: string) => ({ slug, reported: 3, months: 3, missing: [] });

function input(over: Partial<FindingsInput> = {}): FindingsInput {
	return {
		period,
		branches,
		reporting: branches.map((b) => full(b.slug)),
		metrics: [],
		norms: [],
		history: [],
		...over
	};
}

const visits = (values: (number | null)[], extra: object = {}) => ({
	metric: 'guidance_visits' as const,
	figure: 'count' as const,
	allBranch: null as number | null,
	branches: values.map((value, i) => ({
		slug: branches[i].slug,
		value,
		reported: value === null ? 0 : 3,
		months: 3,
		...extra
	}))
});

describe('completeness', () => {
	it('says every branch reported when none is missing a month', () => {
		const [f] = talkingPoints(input());
		expect(f.rule).toBe('completeness');
		expect(f.level).toBe('info');
		expect(f.text.zh).toBe('4 个支部均已填报 2021-01 至 2021-03 的全部月份。');
		expect(f.text.en).toBe('All 4 branches reported every month of 2021-01 to 2021-03.');
	});

	it('names the incomplete branches and their missing months, first of all findings', () => {
		const findings = talkingPoints(
			input({
				reporting: [
					full('a'),
					{ slug: 'b', reported: 1, months: 3, missing: ['2021-02', '2021-03'] },
					full('c'),
					{ slug: 'd', reported: 0, months: 3, missing: ['2021-01', '2021-02', '2021-03'] }
				],
				metrics: [visits([10, 4, 7, null])]
			})
		);
		expect(findings[0].rule).toBe('completeness');
		expect(findings[0].level).toBe('attention');
		expect(findings[0].text.zh).toBe(
			'4 个支部中 2 个填报了全部月份；第二检察部（缺 2021-02、2021-03）、办公室（未填报）数据不全，其排名不代表工作落后。'
		);
		expect(findings[0].text.en).toContain('2nd Procuratorial (missing 2021-02, 2021-03)');
		expect(findings[0].text.en).toContain('General Office (nothing reported) are incomplete');
	});

	it('lists late reports from the reporting cycle', () => {
		const reporting = branches.map((b) => full(b.slug));
		reporting[2] = { ...reporting[2], late: ['2021-02'] } as (typeof reporting)[number];
		const late = talkingPoints(input({ reporting })).filter((f) => f.rule === 'completeness');
		expect(late[1].text.zh).toBe('逾期报送：政治部（2021-02）。');
		expect(late[1].text.en).toBe('Reported after the deadline: Political Dept. (2021-02).');
	});
});

describe('leaders and laggards', () => {
	it('names the highest and lowest with the gap to the all-branch figure', () => {
		const m = { ...visits([12, 4, 7, 1]), allBranch: 6 };
		const f = talkingPoints(input({ metrics: [m] })).find((x) => x.rule === 'leaders')!;
		expect(f.text.zh).toBe(
			'调研指导：第一检察部最高（12 次），高出全部支部平均（6 次）6 次；办公室最低（1 次），低于全部支部平均 5 次。'
		);
		expect(f.text.en).toBe(
			'Investigation and guidance visits: highest 1st Procuratorial (12 times, 6 above the all-branch mean of 6 times); lowest General Office (1 time, 5 below it).'
		);
		expect(f.link).toEqual({ to: 'overview', chart: 'ranked', metric: 'guidance_visits' });
	});

	it('says tied when several branches share the top, never one branch as both ends', () => {
		const f = talkingPoints(input({ metrics: [visits([9, 9, 2, 5])] })).find(
			(x) => x.rule === 'leaders'
		)!;
		expect(f.text.zh).toContain('第一检察部、第二检察部并列最高（9 次');
		expect(f.text.en).toContain('highest 1st Procuratorial, 2nd Procuratorial (tied)');
		const same = talkingPoints(input({ metrics: [visits([3, 3, 3, null])] })).find(
			(x) => x.rule === 'leaders'
		)!;
		expect(same.text.zh).toBe('调研指导：3 个支部并列，均为 3 次。');
		expect(same.text.zh).not.toContain('最低');
	});

	it('says nothing from fewer than three reporting branches', () => {
		const findings = talkingPoints(input({ metrics: [visits([9, null, 2, null])] }));
		expect(findings.some((f) => f.rule === 'leaders')).toBe(false);
	});

	it('gives ratio gaps in percentage points (个百分点)', () => {
		const m = {
			metric: 'leader_case_share' as const,
			figure: 'ratio' as const,
			allBranch: 0.25,
			branches: [0.3, 0.2, 0.25].map((value, i) => ({
				slug: branches[i].slug,
				value,
				reported: 3,
				months: 3
			}))
		};
		const f = talkingPoints(input({ metrics: [m] })).find((x) => x.rule === 'leaders')!;
		expect(f.text.zh).toBe(
			'领导干部办案占比：第一检察部最高（30.0%），高出全部支部合计（25.0%）5.0 个百分点；第二检察部最低（20.0%），低于全部支部合计 5.0 个百分点。'
		);
		expect(f.text.en).toContain('(30.0%, 5.0 pp above the pooled all-branch figure of 25.0%)');
	});
});

describe('norms', () => {
	it('says once per norm which branches missed how many units; unreported ones kept apart', () => {
		const f = talkingPoints(
			input({
				norms: [
					{
						metric: 'study_sessions',
						rule: { min: 4, per: 'month' },
						branches: [
							{ slug: 'a', missed: [], unreported: [], units: 3 },
							{ slug: 'b', missed: ['2021-02'], unreported: ['2021-03'], units: 3 },
							{ slug: 'c', missed: [], unreported: ['2021-01'], units: 3 }
						]
					}
				]
			})
		).filter((x) => x.rule === 'norms');
		expect(f).toHaveLength(1);
		expect(f[0].text.zh).toBe(
			'集体学习（每月不少于 4 次）未达标：第二检察部 1 个月（另有 2 个支部部分月份未填报，未计为未达标）。'
		);
		expect(f[0].text.en).toBe(
			'Collective study sessions (at least 4 times a month) not met: 2nd Procuratorial 1 month (2 branches also left months unreported, not counted as missed).'
		);
		expect(f[0].link).toEqual({ to: 'overview', chart: 'compliance', metric: 'study_sessions' });
	});
});

describe('movers', () => {
	const base = (value: number | null, reported = 3) => ({ value, reported, months: 3 });

	it('names the largest change against the previous period and last year', () => {
		const m = visits([20, 6, 7, 5]);
		m.branches[0] = { ...m.branches[0], previous: base(8), yearAgo: base(19) } as never;
		m.branches[1] = { ...m.branches[1], previous: base(5), yearAgo: base(1) } as never;
		m.branches[2] = { ...m.branches[2], previous: base(7), yearAgo: base(7) } as never;
		m.branches[3] = { ...m.branches[3], previous: base(5), yearAgo: base(5) } as never;
		const f = talkingPoints(input({ metrics: [m] })).filter((x) => x.rule === 'movers');
		expect(f.map((x) => x.text.zh)).toEqual([
			'调研指导较上期变化最大：第一检察部 +12（8 → 20）。',
			'调研指导较去年同期变化最大：第二检察部 +5（1 → 6）。'
		]);
		expect(f[0].text.en).toBe(
			'Investigation and guidance visits, largest change against the previous period: 1st Procuratorial +12 (8 → 20).'
		);
		expect(f[0].link).toEqual({ to: 'branch', slug: 'a', metric: 'guidance_visits' });
	});

	it('says "not enough months" instead of inventing a trend', () => {
		const m = visits([20, 6, 7, 5]);
		m.branches = m.branches.map((b) => ({ ...b, previous: base(2, 1) })) as never;
		const f = talkingPoints(input({ metrics: [m] })).filter((x) => x.rule === 'movers');
		expect(f).toHaveLength(1);
		expect(f[0].text.zh).toBe('调研指导较上期：月份数据不足，不作比较。');
		expect(f[0].text.en).toBe(
			'Investigation and guidance visits against the previous period: not enough months reported to compare.'
		);
	});

	it('ignores small changes and says nothing when the view does not compare', () => {
		const m = visits([8, 6, 7, 5]);
		m.branches = m.branches.map((b) => ({ ...b, previous: base(b.value! - 1) })) as never;
		expect(talkingPoints(input({ metrics: [m] })).some((x) => x.rule === 'movers')).toBe(false);
		expect(
			talkingPoints(input({ metrics: [visits([8, 6, 7, 5])] })).some((x) => x.rule === 'movers')
		).toBe(false);
	});

	it('marks tied movers', () => {
		const m = visits([10, 10, 7, 5]);
		m.branches = m.branches.map((b) => ({
			...b,
			previous: base(b.value! > 7 ? 4 : b.value)
		})) as never;
		const f = talkingPoints(input({ metrics: [m] })).find((x) => x.rule === 'movers')!;
		expect(f.text.zh).toBe(
			'调研指导较上期变化最大：第一检察部 +6（4 → 10）、第二检察部 +6（4 → 10）（并列）。'
		);
	});
});

describe('data to check', () => {
	const months = Array.from({ length: 15 }, (_, i) => {
		const d = new Date(Date.UTC(2020, 2 + i, 1));
		return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
	}); // 2020-03 .. 2021-05
	const p = { from: '2021-03', to: '2021-05' };

	it('flags a value far above the branch’s 12-month median, linking to its source row', () => {
		const values = [5, 4, 6, 5, 5, 4, 6, 5, 5, 5, 4, 5, 5, 6, 66];
		const sources = values.map((_, i) =>
			i === 14 ? { importId: 7, row: 16, column: '调研指导' } : null
		);
		const f = talkingPoints(
			input({
				period: p,
				history: [{ slug: 'd', metric: 'guidance_visits', months, values, sources }]
			})
		).filter((x) => x.rule === 'outlier');
		expect(f).toHaveLength(1);
		expect(f[0].text.zh).toBe(
			'办公室 2021-05 调研指导 66 次，约为其近 12 个月中位数（5）的 13 倍，请核实。'
		);
		expect(f[0].link).toEqual({ to: 'import', importId: 7, row: 16, column: '调研指导' });
	});

	it('does not judge from fewer than six months of history, nor small absolute moves', () => {
		const short = [null, null, null, null, null, null, null, null, null, 1, 1, 2, 1, 1, 30];
		const small = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 5];
		const f = talkingPoints(
			input({
				period: p,
				history: [
					{ slug: 'a', metric: 'guidance_visits', months, values: short },
					{ slug: 'b', metric: 'guidance_visits', months, values: small }
				]
			})
		);
		expect(f.filter((x) => x.rule === 'outlier')).toEqual([]);
	});

	it('flags only values inside the period', () => {
		const values = [5, 4, 6, 5, 5, 4, 6, 5, 5, 5, 4, 5, 5, 6, 5];
		values[0] = 5;
		const withOldSpike = [...values];
		withOldSpike[11] = 80; // 2021-02, before the period
		const f = talkingPoints(
			input({
				period: p,
				history: [{ slug: 'a', metric: 'guidance_visits', months, values: withOldSpike }]
			})
		);
		expect(f.filter((x) => x.rule === 'outlier')).toEqual([]);
	});

	it('flags a ratio jumping between two reported months', () => {
		const values = months.map(() => 0.1 as number | null);
		values[13] = null;
		values[14] = 0.9;
		const f = talkingPoints(
			input({ period: p, history: [{ slug: 'c', metric: 'dues_rate', months, values }] })
		).filter((x) => x.rule === 'ratioJump');
		expect(f).toHaveLength(1);
		expect(f[0].text.zh).toBe(
			'政治部 2021-05 党费按时缴纳率 90.0%，上一填报月（2021-03）为 10.0%，变化异常，请核实。'
		);
		expect(f[0].link).toEqual({ to: 'branch', slug: 'c', metric: 'dues_rate' });
	});
});

describe('order and text', () => {
	it('orders completeness, leaders, norms, movers, checks; numbers the copied text', () => {
		const m = { ...visits([20, 6, 7, 5]), allBranch: 9.5 };
		m.branches = m.branches.map((b, i) => ({
			...b,
			previous: { value: i === 0 ? 4 : b.value, reported: 3, months: 3 }
		})) as never;
		const findings = talkingPoints(
			input({
				metrics: [m],
				norms: [
					{
						metric: 'committee_meetings',
						rule: { min: 1, per: 'month' },
						branches: [{ slug: 'c', missed: ['2021-01'], unreported: [], units: 3 }]
					}
				]
			})
		);
		expect(findings.map((f) => f.rule)).toEqual(['completeness', 'leaders', 'norms', 'movers']);
		const text = findingsText(findings, 'zh').split('\n');
		expect(text).toHaveLength(4);
		expect(text[2]).toBe('3. 支委会（每月不少于 1 次）未达标：政治部 1 个月。');
	});
});

describe('one branch (focus)', () => {
	it('sets the branch against all branches, without ranking, and keeps to that branch', () => {
		const m = { ...visits([12, 4, 7, 1]), allBranch: 6 };
		const findings = talkingPoints(
			input({
				focus: 'b',
				reporting: [full('a'), { slug: 'b', reported: 2, months: 3, missing: ['2021-03'] }],
				metrics: [m],
				norms: [
					{
						metric: 'committee_meetings',
						rule: { min: 1, per: 'month' },
						branches: [
							{ slug: 'a', missed: ['2021-01'], unreported: [], units: 3 },
							{ slug: 'b', missed: ['2021-02'], unreported: ['2021-03'], units: 3 }
						]
					}
				]
			})
		);
		expect(findings.map((f) => f.rule)).toEqual(['completeness', 'versus', 'norms']);
		expect(findings[0].text.zh).toBe(
			'第二检察部 2021-01 至 2021-03 缺 2021-03 的数据，相关数字不完整。'
		);
		expect(findings[1].text.zh).toBe('调研指导：第二检察部 4 次，全部支部 6 次（−2）。');
		expect(findings[1].text.en).toBe(
			'Investigation and guidance visits: 2nd Procuratorial 4 times, all branches 6 times (−2).'
		);
		expect(findings.every((f) => !f.text.zh.includes('第一检察部'))).toBe(true);
		expect(findings[2].about).toEqual({ slug: 'b', metric: 'committee_meetings' });
		// One branch's list names the months themselves, unreported ones apart.
		expect(findings[2].text.zh).toBe(
			'第二检察部：支委会（每月不少于 1 次）有 1 个月（2021-02）未达标；另有 1 个月（2021-03）未填报，未计为未达标。'
		);
		expect(findings[2].text.en).toBe(
			'2nd Procuratorial: Branch committee meetings (at least 1 time a month) not met in 1 month (2021-02); 1 month (2021-03) not reported, kept apart.'
		);
	});
});
