/**
 * Talking points (要点): a view's aggregates turned into a short ordered list of findings in plain
 * Chinese and English, each citing its numbers and linking to what shows it. Pure: the caller
 * (server, views) hands in figures it already computed; nothing here reads data or messages.
 * The rules and their thresholds are one table, `FINDING_RULES` (README: "Talking points").
 */
import { figureWithUnit, formatChange, formatFigure, type FigureKind } from './format';
import { metricById, metricUnit, type Lang, type MetricId, type Norm } from './metrics';
import type { Month, Period } from './periods';

export type Text = Record<Lang, string>;

/** Every rule with its thresholds: the one place they are set (documented in README). */
export const FINDING_RULES = {
	/** Who has not reported every month of the period (first: read no ranking before it). */
	completeness: { order: 1 },
	/** Highest and lowest branch per selected metric, with the gap to the all-branch figure. */
	leaders: { order: 2, minBranches: 3 },
	/** On one branch's page: its figure against the all-branch figure (no ranking). */
	versus: { order: 2 },
	/** Branches below an organisational-life norm: units missed, unreported units kept apart. */
	norms: { order: 3 },
	/** The largest change against the previous period and the same period last year. */
	movers: {
		order: 4,
		/**
		 * Both periods need this share of their months reported: a sum over fewer months is not
		 * less work, so only fully reported periods are compared.
		 */
		minReportedShare: 1,
		/** A change worth naming: at least this many units (counts) … */
		minAbsolute: 3,
		/** … and at least this relative change (counts), or these percentage points (ratios). */
		minRelative: 0.25,
		minRatioPoints: 0.1
	},
	/** A value far outside the branch's own history: more than `factor` × its median … */
	outlier: {
		order: 5,
		factor: 3,
		/** … and more than this many units above it. */
		minAbsolute: 5,
		historyMonths: 12,
		/** Fewer reported months of history than this: not enough to judge. */
		minHistory: 6
	},
	/** A ratio moving more than this between two consecutive reported months. */
	ratioJump: { order: 5, minPoints: 0.5 }
} as const;

export type FindingRule = keyof typeof FINDING_RULES;

/** Where a finding is shown: a chart of the overview, a branch page, or a value's source row. */
export type FindingLink =
	| { to: 'overview'; chart: 'ranked' | 'compliance' | 'completeness'; metric?: MetricId }
	| { to: 'branch'; slug: string; metric?: MetricId }
	| { to: 'import'; importId: number; row: number; column: string };

export interface Finding {
	rule: FindingRule;
	/** `info` states a fact; `attention` asks someone to look (a norm missed, a value to check). */
	level: 'info' | 'attention';
	text: Text;
	link: FindingLink | null;
	/** What the finding is about, so a caller can link it further (e.g. to a value's source row). */
	about: { slug?: string; metric?: MetricId; month?: Month };
}

export interface FindingBranch {
	slug: string;
	/** Short names: 第一检察部, 1st Procuratorial. */
	zh: string;
	en: string;
}

export interface BranchReporting {
	slug: string;
	/** Months of the period with any value. */
	reported: number;
	months: number;
	/** Months of the period with no value at all. */
	missing: Month[];
	/** Months reported after their deadline (from the reporting cycle), if known. */
	late?: Month[];
}

export interface MetricFigures {
	metric: MetricId;
	figure: FigureKind;
	/** The all-branch figure on the same scale (mean of reporting branches, or pooled ratio). */
	allBranch: number | null;
	branches: {
		slug: string;
		value: number | null;
		/** Months behind the value / months in the period. */
		reported: number;
		months: number;
		/** The previous period's and the same period last year's figure, with their reported share. */
		previous?: { value: number | null; reported: number; months: number } | null;
		yearAgo?: { value: number | null; reported: number; months: number } | null;
	}[];
}

export interface NormFigures {
	metric: MetricId;
	rule: Norm;
	branches: {
		slug: string;
		/** Units (months, or quarters wholly inside the period) not met although reported. */
		missed: string[];
		/** Units without a report. */
		unreported: string[];
		units: number;
	}[];
}

/** Where a value came from. */
export interface ValueSource {
	importId: number;
	row: number;
	column: string;
}

/** A branch's monthly values of one metric, consecutive months, from before the period to its end. */
export interface MonthlyHistory {
	slug: string;
	metric: MetricId;
	months: Month[];
	values: (number | null)[];
	sources?: (ValueSource | null)[];
}

export interface FindingsInput {
	period: Period;
	branches: FindingBranch[];
	reporting: BranchReporting[];
	metrics: MetricFigures[];
	norms: NormFigures[];
	history: MonthlyHistory[];
	/** One branch's findings (its page, its report): that branch against all branches, no ranking. */
	focus?: string;
}

const join = (lang: Lang, items: string[]) => items.join(lang === 'zh' ? '、' : ', ');
/** Brackets as each language writes them: `（…）` in Chinese, ` (…)` in English. */
const paren = (lang: Lang, text: string) => (lang === 'zh' ? `（${text}）` : ` (${text})`);
const periodText = (p: Period, lang: Lang) =>
	p.from === p.to ? p.from : lang === 'zh' ? `${p.from} 至 ${p.to}` : `${p.from} to ${p.to}`;

function metricName(id: MetricId, lang: Lang): string {
	const m = metricById(id);
	return lang === 'zh' ? m.zh : m.en;
}

/** A figure with its unit: `167 次`, `29.6%`, `4 times`. */
function withUnit(value: number | null, figure: FigureKind, id: MetricId, lang: Lang): string {
	if (figure !== 'count') return formatFigure(value, figure);
	return figureWithUnit(value, figure, metricUnit(metricById(id), lang));
}

function change(delta: number, figure: FigureKind, lang: Lang): string {
	const text = formatChange(delta, figure);
	return lang === 'zh' ? text.replace(' pp', ' 个百分点') : text;
}

/** Findings for a view, ordered: completeness, leaders and laggards, norms, movers, data to check. */
export function talkingPoints(input: FindingsInput): Finding[] {
	const names = new Map(input.branches.map((b) => [b.slug, b]));
	const name = (slug: string, lang: Lang) => names.get(slug)?.[lang] ?? slug;
	const focus = input.focus;
	if (focus === undefined)
		return [
			...completenessFindings(input, name),
			...input.metrics.flatMap((m) => leaderFindings(m, name)),
			...input.norms.flatMap((n) => normFindings(n, name, false)),
			...input.metrics.flatMap((m) => moverFindings(m, name)),
			...input.history.flatMap((h) => checkFindings(h, name, input.period))
		];
	const own = <T extends { slug: string }>(xs: T[]) => xs.filter((x) => x.slug === focus);
	return [
		...completenessFindings({ ...input, reporting: own(input.reporting) }, name),
		...input.metrics.flatMap((m) => versusFindings(m, focus, name)),
		...input.norms.flatMap((n) => normFindings({ ...n, branches: own(n.branches) }, name, true)),
		...input.metrics.flatMap((m) => moverFindings({ ...m, branches: own(m.branches) }, name)),
		...own(input.history).flatMap((h) => checkFindings(h, name, input.period))
	];
}

type NameOf = (slug: string, lang: Lang) => string;

function completenessFindings(input: FindingsInput, name: NameOf): Finding[] {
	const incomplete = input.reporting.filter((r) => r.reported < r.months);
	const late = input.reporting.filter((r) => r.late && r.late.length > 0);
	const total = input.reporting.length;
	const out: Finding[] = [];
	const link: FindingLink = { to: 'overview', chart: 'completeness' };
	const about = total === 1 ? { slug: input.reporting[0].slug } : {};
	if (total === 0) return out;
	if (total === 1) {
		const r = input.reporting[0];
		const p = (lang: Lang) => periodText(input.period, lang);
		const missing = (lang: Lang) =>
			r.missing.length <= 3
				? join(lang, r.missing)
				: lang === 'zh'
					? `${r.missing.length} 个月`
					: `${r.missing.length} months`;
		out.push({
			rule: 'completeness',
			level: incomplete.length ? 'attention' : 'info',
			link,
			about,
			text:
				incomplete.length === 0
					? {
							zh: `${name(r.slug, 'zh')}已填报 ${p('zh')} 的全部月份。`,
							en: `${name(r.slug, 'en')} reported every month of ${p('en')}.`
						}
					: r.reported === 0
						? {
								zh: `${name(r.slug, 'zh')}未填报 ${p('zh')} 的数据。`,
								en: `${name(r.slug, 'en')} reported nothing for ${p('en')}.`
							}
						: {
								zh: `${name(r.slug, 'zh')} ${p('zh')} 缺 ${missing('zh')} 的数据，相关数字不完整。`,
								en: `${name(r.slug, 'en')} is missing ${missing('en')} of ${p('en')}: its figures are incomplete.`
							}
		});
	} else if (incomplete.length === 0) {
		out.push({
			rule: 'completeness',
			level: 'info',
			link,
			about,
			text: {
				zh: `${total} 个支部均已填报 ${periodText(input.period, 'zh')} 的全部月份。`,
				en: `All ${total} branches reported every month of ${periodText(input.period, 'en')}.`
			}
		});
	} else {
		const detail = (lang: Lang) =>
			join(
				lang,
				incomplete.map((r) => {
					const n = name(r.slug, lang);
					if (r.reported === 0) return lang === 'zh' ? `${n}（未填报）` : `${n} (nothing reported)`;
					const months = r.missing.length <= 3 ? join(lang, r.missing) : null;
					return lang === 'zh'
						? `${n}（缺 ${months ?? `${r.missing.length} 个月`}）`
						: `${n} (missing ${months ?? `${r.missing.length} months`})`;
				})
			);
		out.push({
			rule: 'completeness',
			level: 'attention',
			link,
			about,
			text: {
				zh: `${total} 个支部中 ${total - incomplete.length} 个填报了全部月份；${detail('zh')}数据不全，其排名不代表工作落后。`,
				en: `${total - incomplete.length} of ${total} branches reported every month; ${detail('en')} ${incomplete.length === 1 ? 'is' : 'are'} incomplete, so ${incomplete.length === 1 ? 'its rank does' : 'their ranks do'} not mean weaker work.`
			}
		});
	}
	if (late.length > 0) {
		const list = (lang: Lang) =>
			join(
				lang,
				late.map((r) => `${name(r.slug, lang)}${paren(lang, join(lang, r.late!))}`)
			);
		out.push({
			rule: 'completeness',
			level: 'attention',
			link,
			about,
			text: {
				zh: `逾期报送：${list('zh')}。`,
				en: `Reported after the deadline: ${list('en')}.`
			}
		});
	}
	return out;
}

/** Branches holding the extreme value (several when tied), in input order. */
function extremes(values: { slug: string; value: number }[], pick: 'max' | 'min') {
	const target =
		pick === 'max'
			? Math.max(...values.map((v) => v.value))
			: Math.min(...values.map((v) => v.value));
	return { value: target, slugs: values.filter((v) => v.value === target).map((v) => v.slug) };
}

function leaderFindings(m: MetricFigures, name: NameOf): Finding[] {
	const values = m.branches.flatMap((b) =>
		b.value === null ? [] : [{ slug: b.slug, value: b.value }]
	);
	if (values.length < FINDING_RULES.leaders.minBranches) return [];
	const top = extremes(values, 'max');
	const bottom = extremes(values, 'min');
	if (top.value === bottom.value) {
		return [
			{
				rule: 'leaders',
				level: 'info',
				link: { to: 'overview', chart: 'ranked', metric: m.metric },
				about: { metric: m.metric },
				text: {
					zh: `${metricName(m.metric, 'zh')}：${values.length} 个支部并列，均为 ${withUnit(top.value, m.figure, m.metric, 'zh')}。`,
					en: `${metricName(m.metric, 'en')}: all ${values.length} reporting branches tie at ${withUnit(top.value, m.figure, m.metric, 'en')}.`
				}
			}
		];
	}
	const who = (slugs: string[], lang: Lang) => {
		const list = join(
			lang,
			slugs.map((s) => name(s, lang))
		);
		if (slugs.length === 1) return list;
		return lang === 'zh' ? `${list}并列` : `${list} (tied)`;
	};
	const ratio = m.figure === 'ratio' || m.figure === 'norm';
	/** The distance to the all-branch figure: `6 次` / `5.0 个百分点` / `6` / `5.0 pp`. */
	const amount = (d: number, lang: Lang) => {
		const abs = Math.abs(d);
		if (ratio) return `${(abs * 100).toFixed(1)}${lang === 'zh' ? ' 个百分点' : ' pp'}`;
		if (lang === 'en') return formatFigure(abs, m.figure);
		return m.figure === 'count'
			? withUnit(abs, m.figure, m.metric, 'zh')
			: formatFigure(abs, m.figure);
	};
	const allName = {
		zh: ratio ? '全部支部合计' : '全部支部平均',
		en: ratio ? 'the pooled all-branch figure' : 'the all-branch mean'
	};
	const end = (v: number, first: boolean, lang: Lang) => {
		const shown = withUnit(v, m.figure, m.metric, lang);
		if (m.allBranch === null) return lang === 'zh' ? `（${shown}）` : ` (${shown})`;
		const d = v - m.allBranch;
		const all = withUnit(m.allBranch, m.figure, m.metric, lang);
		if (lang === 'zh') {
			const ref = first ? `${allName.zh}（${all}）` : allName.zh;
			if (d === 0) return `（${shown}），与${ref}持平`;
			return `（${shown}），${d > 0 ? '高出' : '低于'}${ref}${first ? '' : ' '}${amount(d, 'zh')}`;
		}
		const ref = first ? `${allName.en} of ${all}` : 'it';
		if (d === 0) return ` (${shown}, level with ${ref})`;
		return ` (${shown}, ${amount(d, 'en')} ${d > 0 ? 'above' : 'below'} ${ref})`;
	};
	return [
		{
			rule: 'leaders',
			level: 'info',
			link: { to: 'overview', chart: 'ranked', metric: m.metric },
			about: { metric: m.metric },
			text: {
				zh: `${metricName(m.metric, 'zh')}：${who(top.slugs, 'zh')}最高${end(top.value, true, 'zh')}；${who(bottom.slugs, 'zh')}最低${end(bottom.value, false, 'zh')}。`,
				en: `${metricName(m.metric, 'en')}: highest ${who(top.slugs, 'en')}${end(top.value, true, 'en')}; lowest ${who(bottom.slugs, 'en')}${end(bottom.value, false, 'en')}.`
			}
		}
	];
}

function versusFindings(m: MetricFigures, slug: string, name: NameOf): Finding[] {
	const own = m.branches.find((b) => b.slug === slug);
	if (!own || own.value === null || m.allBranch === null) return [];
	const v = own.value;
	const all = m.allBranch;
	return [
		{
			rule: 'versus',
			level: 'info',
			link: { to: 'branch', slug, metric: m.metric },
			about: { slug, metric: m.metric },
			text: {
				zh: `${metricName(m.metric, 'zh')}：${name(slug, 'zh')} ${withUnit(v, m.figure, m.metric, 'zh')}，全部支部 ${withUnit(all, m.figure, m.metric, 'zh')}（${change(v - all, m.figure, 'zh')}）。`,
				en: `${metricName(m.metric, 'en')}: ${name(slug, 'en')} ${withUnit(v, m.figure, m.metric, 'en')}, all branches ${withUnit(all, m.figure, m.metric, 'en')} (${change(v - all, m.figure, 'en')}).`
			}
		}
	];
}

function normText(id: MetricId, rule: Norm, lang: Lang): string {
	const m = metricById(id);
	if (lang === 'zh')
		return `${m.zh}（每${rule.per === 'month' ? '月' : '季度'}不少于 ${rule.min} ${m.unitZh}）`;
	return `${m.en} (at least ${figureWithUnit(rule.min, 'count', m.unitEn)} a ${rule.per})`;
}

/**
 * Norms missed. The committee's list says it once per norm, naming the branches and how many
 * units each missed (most first); one branch's list names the months or quarters themselves.
 */
function normFindings(n: NormFigures, name: NameOf, focus: boolean): Finding[] {
	if (!focus) return normSummary(n, name);
	return n.branches
		.filter((b) => b.missed.length > 0)
		.map((b) => {
			const unitWord = (k: number, lang: Lang) =>
				lang === 'zh'
					? `${k} 个${n.rule.per === 'month' ? '月' : '季度'}`
					: `${k} ${n.rule.per}${k === 1 ? '' : 's'}`;
			const listed = (units: string[], lang: Lang) =>
				units.length <= 4
					? `${unitWord(units.length, lang)}${paren(lang, join(lang, units))}`
					: unitWord(units.length, lang);
			const unreported = (lang: Lang) =>
				b.unreported.length === 0
					? ''
					: lang === 'zh'
						? `；另有 ${listed(b.unreported, 'zh')}未填报，未计为未达标`
						: `; ${listed(b.unreported, 'en')} not reported, kept apart`;
			return {
				rule: 'norms' as const,
				level: 'attention' as const,
				link: { to: 'branch' as const, slug: b.slug, metric: n.metric },
				about: { slug: b.slug, metric: n.metric },
				text: {
					zh: `${name(b.slug, 'zh')}：${normText(n.metric, n.rule, 'zh')}有 ${listed(b.missed, 'zh')}未达标${unreported('zh')}。`,
					en: `${name(b.slug, 'en')}: ${normText(n.metric, n.rule, 'en')} not met in ${listed(b.missed, 'en')}${unreported('en')}.`
				}
			};
		});
}

function normSummary(n: NormFigures, name: NameOf): Finding[] {
	const short = n.branches
		.filter((b) => b.missed.length > 0)
		.sort((a, b) => b.missed.length - a.missed.length);
	if (short.length === 0) return [];
	const unit = (k: number, lang: Lang) =>
		lang === 'zh'
			? `${k} 个${n.rule.per === 'month' ? '月' : '季度'}`
			: `${k} ${n.rule.per}${k === 1 ? '' : 's'}`;
	const list = (lang: Lang) =>
		join(
			lang,
			short.map((b) => `${name(b.slug, lang)} ${unit(b.missed.length, lang)}`)
		);
	const unreported = n.branches.filter((b) => b.unreported.length > 0).length;
	return [
		{
			rule: 'norms',
			level: 'attention',
			link: { to: 'overview', chart: 'compliance', metric: n.metric },
			about: { metric: n.metric },
			text: {
				zh: `${normText(n.metric, n.rule, 'zh')}未达标：${list('zh')}${unreported ? `（另有 ${unreported} 个支部部分月份未填报，未计为未达标）` : ''}。`,
				en: `${normText(n.metric, n.rule, 'en')} not met: ${list('en')}${unreported ? ` (${unreported} branch${unreported === 1 ? '' : 'es'} also left months unreported, not counted as missed)` : ''}.`
			}
		}
	];
}

type Comparison = 'previous' | 'yearAgo';

function moverFindings(m: MetricFigures, name: NameOf): Finding[] {
	const rules = FINDING_RULES.movers;
	const out: Finding[] = [];
	for (const cmp of ['previous', 'yearAgo'] as Comparison[]) {
		const withBase = m.branches.filter((b) => b[cmp] !== undefined && b[cmp] !== null);
		if (withBase.length === 0) continue; // the view does not compare
		const enough = (r: number, n: number) => n > 0 && r / n >= rules.minReportedShare;
		const comparable = withBase.filter(
			(b) =>
				b.value !== null &&
				b[cmp]!.value !== null &&
				enough(b.reported, b.months) &&
				enough(b[cmp]!.reported, b[cmp]!.months)
		);
		const label = {
			zh: cmp === 'previous' ? '较上期' : '较去年同期',
			en: cmp === 'previous' ? 'against the previous period' : 'against the same period last year'
		};
		if (comparable.length === 0) {
			out.push({
				rule: 'movers',
				level: 'info',
				link: { to: 'overview', chart: 'ranked', metric: m.metric },
				about: { metric: m.metric },
				text: {
					zh: `${metricName(m.metric, 'zh')}${label.zh}：月份数据不足，不作比较。`,
					en: `${metricName(m.metric, 'en')} ${label.en}: not enough months reported to compare.`
				}
			});
			continue;
		}
		const ratio = m.figure === 'ratio' || m.figure === 'norm';
		const notable = comparable
			.map((b) => ({ b, base: b[cmp]!.value!, delta: b.value! - b[cmp]!.value! }))
			.filter(({ base, delta }) =>
				ratio
					? Math.abs(delta) >= rules.minRatioPoints
					: Math.abs(delta) >= rules.minAbsolute &&
						(base === 0 || Math.abs(delta) / Math.abs(base) >= rules.minRelative)
			);
		if (notable.length === 0) continue;
		const biggest = Math.max(...notable.map((n) => Math.abs(n.delta)));
		const top = notable.filter((n) => Math.abs(n.delta) === biggest);
		const part = (lang: Lang) =>
			join(
				lang,
				top.map(
					({ b, base, delta }) =>
						`${name(b.slug, lang)} ${change(delta, m.figure, lang)}${paren(lang, `${formatFigure(base, m.figure)} → ${formatFigure(b.value, m.figure)}`)}`
				)
			);
		out.push({
			rule: 'movers',
			level: 'info',
			link: { to: 'branch', slug: top[0].b.slug, metric: m.metric },
			about: { slug: top[0].b.slug, metric: m.metric },
			text: {
				zh: `${metricName(m.metric, 'zh')}${label.zh}变化最大：${part('zh')}${top.length > 1 ? '（并列）' : ''}。`,
				en: `${metricName(m.metric, 'en')}, largest change ${label.en}: ${part('en')}${top.length > 1 ? ' (tied)' : ''}.`
			}
		});
	}
	return out;
}

function median(xs: number[]): number {
	const s = [...xs].sort((a, b) => a - b);
	const mid = s.length >> 1;
	return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Values to check: far outside the branch's own history, or a ratio jump between two months. */
function checkFindings(h: MonthlyHistory, name: NameOf, period: Period): Finding[] {
	const out: Finding[] = [];
	const metric = metricById(h.metric);
	const rules = FINDING_RULES.outlier;
	const jump = FINDING_RULES.ratioJump;
	const linkFor = (i: number): FindingLink =>
		h.sources?.[i]
			? { to: 'import', ...h.sources[i]! }
			: { to: 'branch', slug: h.slug, metric: h.metric };
	let previousRatio: { month: Month; value: number } | null = null;
	h.months.forEach((month, i) => {
		const v = h.values[i];
		if (v === null) return;
		const inside = month >= period.from && month <= period.to;
		if (metric.kind === 'ratio') {
			if (inside && previousRatio && Math.abs(v - previousRatio.value) > jump.minPoints) {
				out.push({
					rule: 'ratioJump',
					level: 'attention',
					link: linkFor(i),
					about: { slug: h.slug, metric: h.metric, month },
					text: {
						zh: `${name(h.slug, 'zh')} ${month} ${metric.zh} ${formatFigure(v, 'ratio')}，上一填报月（${previousRatio.month}）为 ${formatFigure(previousRatio.value, 'ratio')}，变化异常，请核实。`,
						en: `${name(h.slug, 'en')} ${month} ${metric.en} ${formatFigure(v, 'ratio')}, against ${formatFigure(previousRatio.value, 'ratio')} in the previous reported month (${previousRatio.month}): an unusual jump, please check.`
					}
				});
			}
			previousRatio = { month, value: v };
			return;
		}
		if (!inside) return;
		const past = h.values
			.slice(Math.max(0, i - rules.historyMonths), i)
			.filter((x): x is number => x !== null);
		if (past.length < rules.minHistory) return;
		const med = median(past);
		if (v <= rules.factor * med || v - med <= rules.minAbsolute) return;
		const times = med > 0 ? Math.round(v / med) : null;
		const unitZh = metric.unitZh;
		out.push({
			rule: 'outlier',
			level: 'attention',
			link: linkFor(i),
			about: { slug: h.slug, metric: h.metric, month },
			text: {
				zh:
					times === null
						? `${name(h.slug, 'zh')} ${month} ${metric.zh} ${v} ${unitZh}，而其近 ${past.length} 个月中位数为 0，请核实。`
						: `${name(h.slug, 'zh')} ${month} ${metric.zh} ${v} ${unitZh}，约为其近 ${past.length} 个月中位数（${formatFigure(med)}）的 ${times} 倍，请核实。`,
				en:
					times === null
						? `${name(h.slug, 'en')} ${month} ${metric.en}: ${v}, while its median over the last ${past.length} months is 0; please check.`
						: `${name(h.slug, 'en')} ${month} ${metric.en}: ${v}, about ${times} times its median of the last ${past.length} months (${formatFigure(med)}); please check.`
			}
		});
	});
	return out;
}

/** The findings as plain text, numbered, for copying into a message or a document. */
export function findingsText(findings: Finding[], lang: Lang): string {
	return findings.map((f, i) => `${i + 1}. ${f.text[lang]}`).join('\n');
}
