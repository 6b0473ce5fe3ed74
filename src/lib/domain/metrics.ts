/**
 * The metric catalogue of the pilot (领航) programme. Ids are part of the CLI/API contract.
 * Pure data: no I/O. Norms here are the defaults; `configureNorms` installs a configured override
 * (read by `normOf`). See docs/domain.md "Metrics".
 */

export const METRIC_IDS = [
	'members',
	'secretary_lectures',
	'study_sessions',
	'general_meetings',
	'committee_meetings',
	'group_meetings',
	'party_days',
	'heart_talks',
	'guidance_visits',
	'research_reports',
	'major_cases_guided',
	'lectures_given',
	'cases_total',
	'cases_by_leaders',
	'problems_found',
	'measures_proposed',
	'measures_completed',
	'dues_due',
	'dues_paid',
	'volunteer_participation',
	'honours',
	'typical_cases',
	'leader_case_share',
	'rectification_rate',
	'dues_rate'
] as const;

export type MetricId = (typeof METRIC_IDS)[number];

/** `sum`: summed over a period; `latest`: the latest reported month's value; `ratio`: derived. */
export type MetricKind = 'sum' | 'latest' | 'ratio';

export type NormPer = 'month' | 'quarter';

/** A minimum count the branch should reach in every month (or calendar quarter). */
export interface Norm {
	min: number;
	per: NormPer;
}

export type Theme = 'study' | 'organisation' | 'casework' | 'discipline' | 'members';

export interface RatioDef {
	numerator: MetricId;
	denominator: MetricId;
	/** Both sums run from the branch's first reported month to the period's end. */
	toDate: boolean;
}

export interface Metric {
	id: MetricId;
	zh: string;
	en: string;
	/** The unit of the metric's figures (over a period: a headcount summed over months is 人次). */
	unitZh: string;
	unitEn: string;
	/** The English unit after a figure that reads 1 (`1 time`, `1 person`); Chinese has no plural. */
	unitEnOne: string;
	/** The unit one month's value is reported in, where it differs (headers of the forms: 人). */
	monthUnit?: { zh: string; en: string };
	kind: MetricKind;
	theme: Theme;
	norm: Norm | null;
	ratio: RatioDef | null;
	/** Consistency rule: this count may never exceed the other metric's count in the same month. */
	atMost: MetricId | null;
	/** Extra header spellings seen in real exports (matched after normalisation). */
	aliases: string[];
}

type Def = Omit<Metric, 'norm' | 'ratio' | 'atMost' | 'aliases' | 'kind'> &
	Partial<Pick<Metric, 'norm' | 'ratio' | 'atMost' | 'aliases' | 'kind'>>;

function metric(def: Def): Metric {
	return { kind: 'sum', norm: null, ratio: null, atMost: null, aliases: [], ...def };
}

export const METRICS: readonly Metric[] = [
	metric({
		id: 'members',
		zh: '党员人数',
		en: 'Party members',
		unitZh: '人',
		unitEn: 'people',
		unitEnOne: 'person',
		kind: 'latest',
		theme: 'members',
		aliases: ['党员数', '党员总数', 'members', 'party members']
	}),
	metric({
		id: 'secretary_lectures',
		zh: '书记讲党课',
		en: 'Party lectures by the secretary',
		unitZh: '次',
		unitEn: 'times',
		unitEnOne: 'time',
		theme: 'study',
		norm: { min: 1, per: 'quarter' },
		aliases: ['党课', '书记党课', '讲党课', 'party lectures', 'secretary lectures']
	}),
	metric({
		id: 'study_sessions',
		zh: '集体学习',
		en: 'Collective study sessions',
		unitZh: '次',
		unitEn: 'times',
		unitEnOne: 'time',
		theme: 'study',
		norm: { min: 4, per: 'month' },
		aliases: ['集体学习次数', '学习', 'study sessions', 'collective study']
	}),
	metric({
		id: 'general_meetings',
		zh: '支部党员大会',
		en: 'Branch general meetings',
		unitZh: '次',
		unitEn: 'times',
		unitEnOne: 'time',
		theme: 'organisation',
		norm: { min: 1, per: 'quarter' },
		aliases: ['党员大会', 'general meetings', 'branch general meetings']
	}),
	metric({
		id: 'committee_meetings',
		zh: '支委会',
		en: 'Branch committee meetings',
		unitZh: '次',
		unitEn: 'times',
		unitEnOne: 'time',
		theme: 'organisation',
		norm: { min: 1, per: 'month' },
		aliases: ['支部委员会', '支委会会议', 'committee meetings', 'branch committee meetings']
	}),
	metric({
		id: 'group_meetings',
		zh: '党小组会',
		en: 'Party group meetings',
		unitZh: '次',
		unitEn: 'times',
		unitEnOne: 'time',
		theme: 'organisation',
		norm: { min: 1, per: 'month' },
		aliases: ['党小组会议', 'group meetings', 'party group meetings']
	}),
	metric({
		id: 'party_days',
		zh: '主题党日',
		en: 'Theme party days',
		unitZh: '次',
		unitEn: 'times',
		unitEnOne: 'time',
		theme: 'organisation',
		norm: { min: 1, per: 'month' },
		aliases: ['主题党日活动', '党员活动日', 'party days', 'theme party days']
	}),
	metric({
		id: 'heart_talks',
		zh: '谈心谈话',
		en: 'Heart-to-heart talks',
		unitZh: '人次',
		unitEn: 'person-times',
		unitEnOne: 'person-time',
		theme: 'organisation',
		aliases: ['谈心谈话人次', '谈话', 'heart talks', 'heart-to-heart talks']
	}),
	metric({
		id: 'guidance_visits',
		zh: '调研指导',
		en: 'Investigation and guidance visits',
		unitZh: '次',
		unitEn: 'times',
		unitEnOne: 'time',
		theme: 'casework',
		aliases: ['调研指导次数', '调研', 'guidance visits', 'investigation and guidance']
	}),
	metric({
		id: 'research_reports',
		zh: '调研报告',
		en: 'Research reports',
		unitZh: '篇',
		unitEn: 'reports',
		unitEnOne: 'report',
		theme: 'casework',
		aliases: ['调研报告数', 'research reports', 'reports']
	}),
	metric({
		id: 'major_cases_guided',
		zh: '指导重大疑难复杂案件',
		en: 'Major difficult cases guided',
		unitZh: '件',
		unitEn: 'cases',
		unitEnOne: 'case',
		theme: 'casework',
		aliases: ['指导重大疑难案件', '重大疑难复杂案件', 'major cases guided', 'major cases']
	}),
	metric({
		id: 'lectures_given',
		zh: '下基层授课',
		en: 'Lectures given at lower procuratorates',
		unitZh: '次',
		unitEn: 'times',
		unitEnOne: 'time',
		theme: 'casework',
		aliases: ['授课', '基层授课', 'lectures given']
	}),
	metric({
		id: 'cases_total',
		zh: '部门办案总数',
		en: 'Cases handled by the department',
		unitZh: '件',
		unitEn: 'cases',
		unitEnOne: 'case',
		theme: 'casework',
		aliases: ['办案总数', '部门办案数', 'cases total', 'cases handled']
	}),
	metric({
		id: 'cases_by_leaders',
		zh: '领导干部办案数',
		en: 'Cases handled by department leaders',
		unitZh: '件',
		unitEn: 'cases',
		unitEnOne: 'case',
		theme: 'casework',
		atMost: 'cases_total',
		aliases: ['领导办案数', '领导干部办案', 'cases by leaders', 'leader cases']
	}),
	metric({
		id: 'problems_found',
		zh: '查摆问题',
		en: 'Problems identified',
		unitZh: '条',
		unitEn: 'items',
		unitEnOne: 'item',
		theme: 'discipline',
		aliases: ['查摆问题数', '问题', 'problems found', 'problems']
	}),
	metric({
		id: 'measures_proposed',
		zh: '整改措施',
		en: 'Rectification measures proposed',
		unitZh: '条',
		unitEn: 'items',
		unitEnOne: 'item',
		theme: 'discipline',
		aliases: ['整改措施数', '提出整改措施', 'measures proposed']
	}),
	metric({
		id: 'measures_completed',
		zh: '整改完成',
		en: 'Rectification measures completed',
		unitZh: '条',
		unitEn: 'items',
		unitEnOne: 'item',
		theme: 'discipline',
		aliases: ['整改完成数', '完成整改', 'measures completed']
	}),
	metric({
		id: 'dues_due',
		zh: '应缴党费人数',
		en: 'Members due to pay dues',
		unitZh: '人次',
		unitEn: 'person-months',
		unitEnOne: 'person-month',
		monthUnit: { zh: '人', en: 'people' },
		theme: 'organisation',
		aliases: ['应缴党费', 'dues due']
	}),
	metric({
		id: 'dues_paid',
		zh: '按时缴纳党费人数',
		en: 'Members who paid dues on time',
		unitZh: '人次',
		unitEn: 'person-months',
		unitEnOne: 'person-month',
		monthUnit: { zh: '人', en: 'people' },
		theme: 'organisation',
		atMost: 'dues_due',
		aliases: ['按时缴纳党费', '已缴党费人数', 'dues paid']
	}),
	metric({
		id: 'volunteer_participation',
		zh: '志愿服务',
		en: 'Volunteer participation',
		unitZh: '人次',
		unitEn: 'person-times',
		unitEnOne: 'person-time',
		theme: 'members',
		aliases: ['志愿服务人次', 'volunteer', 'volunteering']
	}),
	metric({
		id: 'honours',
		zh: '表彰奖励',
		en: 'Honours received',
		unitZh: '项',
		unitEn: 'items',
		unitEnOne: 'item',
		theme: 'members',
		aliases: ['表彰', '获奖', 'honours', 'honors', 'honors received']
	}),
	metric({
		id: 'typical_cases',
		zh: '入选典型案例',
		en: 'Cases selected as guidance or typical cases',
		unitZh: '件',
		unitEn: 'cases',
		unitEnOne: 'case',
		theme: 'casework',
		aliases: ['典型案例', '指导性案例', 'typical cases']
	}),
	metric({
		id: 'leader_case_share',
		zh: '领导干部办案占比',
		en: 'Share of cases handled by leaders',
		unitZh: '%',
		unitEn: '%',
		unitEnOne: '%',
		kind: 'ratio',
		theme: 'casework',
		ratio: { numerator: 'cases_by_leaders', denominator: 'cases_total', toDate: false },
		aliases: ['领导办案占比', 'leader case share']
	}),
	metric({
		id: 'rectification_rate',
		zh: '整改完成率',
		en: 'Rectification completion rate',
		unitZh: '%',
		unitEn: '%',
		unitEnOne: '%',
		kind: 'ratio',
		theme: 'discipline',
		ratio: { numerator: 'measures_completed', denominator: 'measures_proposed', toDate: true },
		aliases: ['整改率', 'rectification rate']
	}),
	metric({
		id: 'dues_rate',
		zh: '党费按时缴纳率',
		en: 'On-time dues rate',
		unitZh: '%',
		unitEn: '%',
		unitEnOne: '%',
		kind: 'ratio',
		theme: 'organisation',
		ratio: { numerator: 'dues_paid', denominator: 'dues_due', toDate: false },
		aliases: ['党费缴纳率', '按时缴纳率', 'dues rate']
	})
];

const byId = new Map<string, Metric>(METRICS.map((m) => [m.id, m]));

/** The catalogue entry for an id, or undefined for an unknown id. */
export function findMetric(id: string): Metric | undefined {
	return byId.get(id);
}

/** The catalogue entry for a known id. */
export function metricById(id: MetricId): Metric {
	return byId.get(id)!;
}

export function isMetricId(id: string): id is MetricId {
	return byId.has(id);
}

/** Metrics a file may supply (everything but the derived ratios). */
export const INPUT_METRICS: readonly Metric[] = METRICS.filter((m) => m.kind !== 'ratio');

/** Derived ratios: computed as a ratio of sums, never imported. */
export const DERIVED_METRICS: readonly Metric[] = METRICS.filter((m) => m.kind === 'ratio');

/** Themes in display order, with the metrics the overview groups under each. */
export const THEMES: readonly { id: Theme; zh: string; en: string }[] = [
	{ id: 'study', zh: '政治学习', en: 'Political study' },
	{ id: 'organisation', zh: '组织生活', en: 'Organisational life' },
	{ id: 'casework', zh: '党建与业务融合', en: 'Integration with casework' },
	{ id: 'discipline', zh: '纪律作风', en: 'Discipline and style' },
	{ id: 'members', zh: '队伍与荣誉', en: 'Members and honours' }
];

/** 三会一课: the meeting types whose norms make up the compliance table and calendar. */
export const THREE_MEETINGS_ONE_LESSON: readonly MetricId[] = [
	'general_meetings',
	'committee_meetings',
	'group_meetings',
	'secretary_lectures'
];

/**
 * 三会一课 and the other organisational-life norms (theme party days, collective study), in display
 * order: the overview's compliance table and the branch page's calendar.
 */
export const ORGANISATIONAL_LIFE: readonly MetricId[] = [
	...THREE_MEETINGS_ONE_LESSON,
	'party_days',
	'study_sessions'
];

export type NormOverrides = Partial<Record<MetricId, Norm | null>>;

let configuredNorms: NormOverrides = {};

/**
 * Set the committee's configured norms (the server reads `data/norms.json` once at start; `null`
 * removes a norm). Every `normOf` call without explicit overrides uses them.
 */
export function configureNorms(overrides: NormOverrides): void {
	configuredNorms = { ...overrides };
}

/** The norm in force for a metric: the configured override where one is set, else the default. */
export function normOf(m: Metric, overrides: NormOverrides = configuredNorms): Norm | null {
	return m.id in overrides ? (overrides[m.id] ?? null) : m.norm;
}

/** The two languages of the programme's data and text. */
export type Lang = 'zh' | 'en';

/** Localised metric name. */
export function metricName(m: Metric, lang: Lang): string {
	return lang === 'en' ? m.en : m.zh;
}

/** Localised unit, as a label (`times`, `次`). */
export function metricUnit(m: Metric, lang: Lang): string {
	return lang === 'en' ? m.unitEn : m.unitZh;
}

/** The catalogue's English units, plural → singular, for the units figures carry in charts. */
const SINGULAR_EN = new Map(METRICS.map((m) => [m.unitEn, m.unitEnOne]));

/**
 * The unit as it follows a printed figure: after a figure that reads exactly `1` an English unit
 * of the catalogue takes its singular (`1 time`, `1 person`; `1.5 times`, `1.0 times` stay);
 * Chinese units and derived units (`times per 10 members`) are returned as given.
 */
export function unitAfter(figure: string, unit: string): string {
	return figure === '1' ? (SINGULAR_EN.get(unit) ?? unit) : unit;
}
