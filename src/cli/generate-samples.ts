/**
 * Writes the sample exports of the pilot branches (`data/samples/`) and the blank import templates
 * (`static/templates/`): `npm run samples`.
 *
 * Seeded (mulberry32 per branch), so two runs give byte-identical files and the committed samples
 * can be checked against a fresh run (`generate-samples.test.ts`). Each branch gets a profile (its
 * character) and an export plan (the encoding and quirks of how it sends its file, after the forms
 * listed in docs/domain.md "What branches hand in"). The First Procuratorial Department's series
 * is built so that it reproduces every figure the seed article quotes; the generator asserts them.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { branchesFromRecords, type Branch } from '../lib/domain/branches';
import { INPUT_METRICS, type Metric, type MetricId } from '../lib/domain/metrics';
import { monthsIn, quartersWithin, type Month, type Period } from '../lib/domain/periods';

export const SAMPLE_PERIOD: Period = { from: '2019-01', to: '2021-12' };
export const MONTHS: readonly Month[] = monthsIn(SAMPLE_PERIOD);

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small, fast 32-bit PRNG; good enough for sample data and fully reproducible. */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a: turns a text seed (`samples/first-procuratorial`) into a 32-bit number. */
function hashSeed(text: string): number {
	let h = 0x811c9dc5;
	for (const ch of text) {
		h ^= ch.codePointAt(0)!;
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

class Rng {
	private readonly next: () => number;
	constructor(seed: string) {
		this.next = mulberry32(hashSeed(seed));
	}
	float(): number {
		return this.next();
	}
	/** A whole number in [min, max]. */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}
	chance(p: number): boolean {
		return this.next() < p;
	}
	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}
	/** Standard normal (Box–Muller). */
	gauss(): number {
		const u = 1 - this.next();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
	}
	/** A count with the given mean: Poisson (Knuth) for small means, rounded normal for big ones. */
	count(mean: number): number {
		if (mean <= 0) return 0;
		if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * 1.5 * this.gauss()));
		const limit = Math.exp(-mean);
		let k = 0;
		for (let p = this.next(); p > limit; p *= this.next()) k++;
		return k;
	}
	/** How many of `n` trials succeed with probability `p`. */
	binomial(n: number, p: number): number {
		let k = 0;
		for (let i = 0; i < n; i++) if (this.next() < p) k++;
		return k;
	}
}

/** Split `total` into whole numbers over slots, in proportion to `weights`, never above `caps`. */
function distribute(total: number, weights: number[], rng: Rng, caps?: number[]): number[] {
	const out = weights.map(() => 0);
	for (let k = 0; k < total; k++) {
		const open = weights.map((w, i) => (caps && out[i] >= caps[i] ? 0 : w));
		const sum = open.reduce((a, b) => a + b, 0);
		if (sum <= 0) throw new Error(`cannot distribute ${total} over these slots`);
		let r = rng.float() * sum;
		let i = 0;
		while (r >= open[i] || open[i] === 0) r -= open[i++];
		out[i]++;
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// Branch profiles: the character of each branch's figures

interface Profile {
	/** One line on the branch's character (printed by the script; mirrored in the README). */
	character: string;
	membersStart: number;
	/** Collective study sessions in an ordinary month, and the chance of falling short of it. */
	study: [number, number];
	studyShortfall: number;
	/** Chance that a monthly meeting norm (支委会, 党小组会, 主题党日) is kept in a month. */
	monthlyKeep: number;
	/** Chance that the quarterly norms (党课, 支部党员大会) are kept in a quarter. */
	quarterlyKeep: number;
	heartTalksPerMember: number;
	casesPerMonth: number;
	leaderShare: number;
	guidancePerMonth: number;
	reportsPerMonth: number;
	majorCasesPerMonth: number;
	lecturesPerMonth: number;
	/** Problems found at each review (the annual 组织生活会 and the two education campaigns). */
	problemsPerReview: number;
	/** Months from proposing a rectification measure to completing it, and the share never done. */
	rectificationLag: [number, number];
	neverCompleted: number;
	/** Chance that a member pays the month's dues late. */
	duesLate: number;
	volunteerPerMonth: number;
	honoursPerYear: number;
	typicalCasesPerYear: number;
	/** Months not reported at all, and the number of scattered single cells left unreported. */
	gaps?: { months: Month[]; scatteredCells: number };
}

const PROFILES: Record<string, Profile> = {
	'first-procuratorial': {
		character: 'pacesetter: keeps every norm, weekly study, heavy guidance of lower procuratorates',
		membersStart: 27,
		study: [4, 6],
		studyShortfall: 0,
		monthlyKeep: 0.98,
		quarterlyKeep: 1,
		heartTalksPerMember: 0.5,
		casesPerMonth: 48,
		leaderShare: 0.3,
		guidancePerMonth: 12,
		reportsPerMonth: 3,
		majorCasesPerMonth: 7.5,
		lecturesPerMonth: 1.7,
		problemsPerReview: 6,
		rectificationLag: [1, 4],
		neverCompleted: 0,
		duesLate: 0.004,
		volunteerPerMonth: 10,
		honoursPerYear: 2,
		typicalCasesPerYear: 5
	},
	'second-procuratorial': {
		character: 'steady: norms nearly always kept, average casework',
		membersStart: 22,
		study: [4, 5],
		studyShortfall: 0.08,
		monthlyKeep: 0.94,
		quarterlyKeep: 0.95,
		heartTalksPerMember: 0.4,
		casesPerMonth: 60,
		leaderShare: 0.22,
		guidancePerMonth: 6,
		reportsPerMonth: 1.2,
		majorCasesPerMonth: 4,
		lecturesPerMonth: 0.8,
		problemsPerReview: 5,
		rectificationLag: [1, 6],
		neverCompleted: 0.04,
		duesLate: 0.015,
		volunteerPerMonth: 8,
		honoursPerYear: 1,
		typicalCasesPerYear: 2
	},
	'fourth-procuratorial': {
		character: 'big caseload (over 1,000 cases in busy months); study sometimes squeezed',
		membersStart: 36,
		study: [4, 5],
		studyShortfall: 0.25,
		monthlyKeep: 0.9,
		quarterlyKeep: 0.92,
		heartTalksPerMember: 0.3,
		casesPerMonth: 980,
		leaderShare: 0.12,
		guidancePerMonth: 5,
		reportsPerMonth: 1,
		majorCasesPerMonth: 9,
		lecturesPerMonth: 0.6,
		problemsPerReview: 5,
		rectificationLag: [2, 7],
		neverCompleted: 0.08,
		duesLate: 0.02,
		volunteerPerMonth: 6,
		honoursPerYear: 1.5,
		typicalCasesPerYear: 3
	},
	'fifth-procuratorial': {
		character:
			'good when it reports, but 2020-02 and 2020-03 never reported and a few cells left out',
		membersStart: 19,
		study: [4, 5],
		studyShortfall: 0.1,
		monthlyKeep: 0.92,
		quarterlyKeep: 0.9,
		heartTalksPerMember: 0.45,
		casesPerMonth: 40,
		leaderShare: 0.25,
		guidancePerMonth: 5,
		reportsPerMonth: 1,
		majorCasesPerMonth: 3,
		lecturesPerMonth: 0.7,
		problemsPerReview: 4,
		rectificationLag: [1, 5],
		neverCompleted: 0.05,
		duesLate: 0.03,
		volunteerPerMonth: 7,
		honoursPerYear: 1,
		typicalCasesPerYear: 1.5,
		gaps: { months: ['2020-02', '2020-03'], scatteredCells: 7 }
	},
	'sixth-procuratorial': {
		character: 'volunteering leader; collective study often below four a month',
		membersStart: 24,
		study: [3, 5],
		studyShortfall: 0.25,
		monthlyKeep: 0.88,
		quarterlyKeep: 0.88,
		heartTalksPerMember: 0.35,
		casesPerMonth: 75,
		leaderShare: 0.2,
		guidancePerMonth: 7,
		reportsPerMonth: 1.5,
		majorCasesPerMonth: 3,
		lecturesPerMonth: 1,
		problemsPerReview: 5,
		rectificationLag: [2, 6],
		neverCompleted: 0.1,
		duesLate: 0.02,
		volunteerPerMonth: 20,
		honoursPerYear: 1,
		typicalCasesPerYear: 2
	},
	'eighth-procuratorial': {
		character: 'small, field-work heavy (many guidance visits), leaders handle a third of cases',
		membersStart: 16,
		study: [4, 5],
		studyShortfall: 0.1,
		monthlyKeep: 0.92,
		quarterlyKeep: 0.9,
		heartTalksPerMember: 0.4,
		casesPerMonth: 30,
		leaderShare: 0.33,
		guidancePerMonth: 14,
		reportsPerMonth: 2,
		majorCasesPerMonth: 2,
		lecturesPerMonth: 1.2,
		problemsPerReview: 4,
		rectificationLag: [1, 5],
		neverCompleted: 0.05,
		duesLate: 0.02,
		volunteerPerMonth: 12,
		honoursPerYear: 1,
		typicalCasesPerYear: 3
	},
	'political-department': {
		character: 'strongest organisational life and most heart-to-heart talks; handles no cases',
		membersStart: 31,
		study: [4, 6],
		studyShortfall: 0.03,
		monthlyKeep: 0.97,
		quarterlyKeep: 1,
		heartTalksPerMember: 0.9,
		casesPerMonth: 0,
		leaderShare: 0,
		guidancePerMonth: 4,
		reportsPerMonth: 1.2,
		majorCasesPerMonth: 0,
		lecturesPerMonth: 1.5,
		problemsPerReview: 5,
		rectificationLag: [1, 3],
		neverCompleted: 0,
		duesLate: 0.005,
		volunteerPerMonth: 15,
		honoursPerYear: 3,
		typicalCasesPerYear: 0
	},
	'general-office': {
		character: 'lagging: misses study and meeting norms, slow and incomplete rectification',
		membersStart: 14,
		study: [2, 4],
		studyShortfall: 0.3,
		monthlyKeep: 0.72,
		quarterlyKeep: 0.7,
		heartTalksPerMember: 0.2,
		casesPerMonth: 0,
		leaderShare: 0,
		guidancePerMonth: 1.5,
		reportsPerMonth: 0.3,
		majorCasesPerMonth: 0,
		lecturesPerMonth: 0.2,
		problemsPerReview: 4,
		rectificationLag: [3, 10],
		neverCompleted: 0.3,
		duesLate: 0.06,
		volunteerPerMonth: 3,
		honoursPerYear: 0.3,
		typicalCasesPerYear: 0
	}
};

// ---------------------------------------------------------------------------------------------
// SampleColumns: one column of monthly values per input metric; null = not reported (a plain
// record for the CSV writers, not the domain's Map-based Series)

export type SampleColumns = Record<MetricId, (number | null)[]>;

export interface BranchSample {
	branch: Branch;
	profile: Profile;
	columns: SampleColumns;
}

const at = (m: Month) => MONTHS.indexOf(m);
const indexesOf = (from: Month, to: Month) => monthsIn({ from, to }).map(at);
const calendarMonth = (m: Month) => Number(m.slice(5, 7));

/** Activity level of a month: the Spring Festival in February, the year-end push in December. */
function season(m: Month): number {
	const cm = calendarMonth(m);
	const base = cm === 2 ? 0.7 : cm === 1 ? 0.9 : cm === 12 ? 1.15 : cm === 8 ? 0.9 : 1;
	// Casework and visits slowed during the first months of the epidemic.
	return m === '2020-02' || m === '2020-03' ? base * 0.6 : base;
}

/** Review months: each January's 组织生活会 plus one month of each education campaign. */
function reviewMonths(rng: Rng): Month[] {
	const themeEducation = monthsIn({ from: '2019-07', to: '2019-11' }); // 不忘初心、牢记使命
	const partyHistory = monthsIn({ from: '2021-04', to: '2021-11' }); // 党史学习教育
	return ['2019-01', rng.pick(themeEducation), '2020-01', '2021-01', rng.pick(partyHistory)];
}

function generateColumns(slug: string, p: Profile): SampleColumns {
	const rng = new Rng(`pacesetter-samples/${slug}`);
	const s = {} as SampleColumns;
	const perMonth = (f: (m: Month, i: number) => number) => MONTHS.map((m, i) => f(m, i));

	let members = p.membersStart;
	s.members = perMonth((_, i) => {
		if (i > 0 && rng.chance(0.08)) members += rng.chance(0.55) ? 1 : -1;
		members = Math.min(40, Math.max(12, members));
		return members;
	});

	const quarterly = (extra: number) => {
		const out = MONTHS.map(() => 0);
		for (let q = 0; q < MONTHS.length / 3; q++) {
			if (rng.chance(p.quarterlyKeep)) out[q * 3 + rng.int(0, 2)]++;
			if (rng.chance(extra)) out[q * 3 + rng.int(0, 2)]++;
		}
		return out;
	};
	s.secretary_lectures = quarterly(0.15);
	s.study_sessions = perMonth(() => {
		const v = rng.int(p.study[0], p.study[1]);
		return rng.chance(p.studyShortfall) ? Math.max(0, v - rng.int(1, 2)) : v;
	});
	s.general_meetings = quarterly(0.1);
	s.committee_meetings = perMonth(() => (rng.chance(p.monthlyKeep) ? rng.int(1, 2) : 0));
	s.group_meetings = perMonth(() => (rng.chance(p.monthlyKeep) ? rng.int(1, 3) : 0));
	s.party_days = perMonth(() => (rng.chance(p.monthlyKeep) ? (rng.chance(0.1) ? 2 : 1) : 0));
	s.heart_talks = perMonth((m, i) => rng.count(s.members[i]! * p.heartTalksPerMember * season(m)));

	s.guidance_visits = perMonth((m) => rng.count(p.guidancePerMonth * season(m)));
	s.research_reports = perMonth((m) => rng.count(p.reportsPerMonth * season(m)));
	s.major_cases_guided = perMonth((m) => rng.count(p.majorCasesPerMonth * season(m)));
	s.lectures_given = perMonth((m) => rng.count(p.lecturesPerMonth * season(m)));
	s.cases_total = perMonth((m) => rng.count(p.casesPerMonth * season(m)));
	s.cases_by_leaders = perMonth((_, i) => rng.binomial(s.cases_total[i]!, p.leaderShare));

	const reviews = reviewMonths(rng);
	s.problems_found = perMonth((m) =>
		reviews.includes(m) ? Math.max(1, rng.count(p.problemsPerReview)) : 0
	);
	s.measures_proposed = perMonth((_, i) => {
		const found = s.problems_found[i]!;
		return found + rng.count(found * 0.6);
	});
	s.measures_completed = []; // filled once the proposals are final (see completeMeasures)

	s.dues_due = perMonth((_, i) => s.members[i]!);
	s.dues_paid = perMonth((_, i) => s.dues_due[i]! - rng.binomial(s.dues_due[i]!, p.duesLate));
	s.volunteer_participation = perMonth((m) => {
		// Epidemic-prevention duty in the residential communities, February to April 2020.
		const epidemic = m >= '2020-02' && m <= '2020-04' ? 2.5 : 1;
		return rng.count(p.volunteerPerMonth * epidemic);
	});
	// Honours cluster around 七一 (July 1st) and the year-end appraisal.
	const honourWeights = MONTHS.map((m) => ([6, 7, 12, 1].includes(calendarMonth(m)) ? 3 : 1));
	s.honours = MONTHS.map(() => 0);
	for (const year of [2019, 2020, 2021]) {
		const idx = indexesOf(`${year}-01`, `${year}-12`);
		const split = distribute(
			rng.count(p.honoursPerYear),
			idx.map((i) => honourWeights[i]),
			rng
		);
		idx.forEach((i, k) => (s.honours[i] = split[k]));
	}
	s.typical_cases = perMonth(() => rng.count(p.typicalCasesPerYear / 12));

	if (slug === 'first-procuratorial') enforceSeedFigures(s, rng);
	if (p.gaps) leaveGaps(s, p.gaps, rng);
	completeMeasures(s, p, rng);

	for (const m of INPUT_METRICS) {
		if (s[m.id]?.length !== MONTHS.length) throw new Error(`no sample series for metric ${m.id}`);
	}
	return s;
}

/**
 * Completion of each proposed measure some months later (or never, or after 2021-12). A completion
 * that falls in an unreported month is reported with the next reported month.
 */
function completeMeasures(s: SampleColumns, p: Profile, rng: Rng): void {
	const done = MONTHS.map(() => 0);
	MONTHS.forEach((_, i) => {
		for (let k = 0; k < (s.measures_proposed[i] ?? 0); k++) {
			if (rng.chance(p.neverCompleted)) continue;
			let j = i + rng.int(p.rectificationLag[0], p.rectificationLag[1]);
			while (j < MONTHS.length && s.members[j] === null) j++;
			if (j < MONTHS.length) done[j]++;
		}
	});
	s.measures_completed = MONTHS.map((_, i) => (s.members[i] === null ? null : done[i]));
}

/** Whole months not reported, then a few single cells left out (never a pair's total). */
function leaveGaps(s: SampleColumns, gaps: NonNullable<Profile['gaps']>, rng: Rng): void {
	for (const m of gaps.months) for (const metric of INPUT_METRICS) s[metric.id][at(m)] = null;
	const optional: MetricId[] = [
		'heart_talks',
		'guidance_visits',
		'research_reports',
		'lectures_given',
		'volunteer_participation',
		'typical_cases'
	];
	for (let k = 0; k < gaps.scatteredCells; k++) {
		const i = rng.int(0, MONTHS.length - 1);
		if (!gaps.months.includes(MONTHS[i])) s[rng.pick(optional)][i] = null;
	}
}

// ---------------------------------------------------------------------------------------------
// The seed article's figures (docs/domain.md "Sample data"), reproduced by construction for the First Procuratorial
// Department and asserted afterwards.

/** Target share of cases handled by leaders in 2019: "29.6% of the cases ... throughout the year". */
const LEADER_SHARE_2019 = 0.296;

function setTotal(s: SampleColumns, id: MetricId, idx: number[], total: number, rng: Rng): void {
	const split = distribute(
		total,
		idx.map((i) => season(MONTHS[i])),
		rng
	);
	idx.forEach((i, k) => (s[id][i] = split[k]));
}

function enforceSeedFigures(s: SampleColumns, rng: Rng): void {
	// "Since June last year, five party lectures": June 2019, then one in each following quarter.
	const lectureWindow: Period = { from: '2019-06', to: '2020-06' };
	for (const i of indexesOf(lectureWindow.from, lectureWindow.to)) s.secretary_lectures[i] = 0;
	s.secretary_lectures[at('2019-06')] = 1;
	for (const q of quartersWithin(lectureWindow)) s.secretary_lectures[at(rng.pick(q.months))]! += 1;

	// "29.6% of the cases handled by the department throughout the year" (2019). Nudge the year's
	// caseload until some whole number of leader cases gives 29.6% to 0.1, then spread those.
	const year = indexesOf('2019-01', '2019-12');
	const sumOf = (id: MetricId) => year.reduce((a, i) => a + s[id][i]!, 0);
	while (
		Math.abs(
			Math.round(sumOf('cases_total') * LEADER_SHARE_2019) / sumOf('cases_total') -
				LEADER_SHARE_2019
		) >= 0.0004
	) {
		s.cases_total[rng.pick(year)]! += 1;
	}
	const leaderCases = Math.round(sumOf('cases_total') * LEADER_SHARE_2019);
	const split = distribute(
		leaderCases,
		year.map((i) => s.cases_total[i]!),
		rng,
		year.map((i) => s.cases_total[i]!)
	);
	year.forEach((i, k) => (s.cases_by_leaders[i] = split[k]));

	// First half of 2020: "more than 70 investigations", 19 reports, 46 major cases, 9 procuratorates.
	const h1 = indexesOf('2020-01', '2020-06');
	setTotal(s, 'guidance_visits', h1, rng.int(72, 78), rng);
	setTotal(s, 'research_reports', h1, 19, rng);
	setTotal(s, 'major_cases_guided', h1, 46, rng);
	setTotal(s, 'lectures_given', h1, rng.int(9, 11), rng);

	// "7 problems in the branch and 5 in the department, 20 measures" (June 2019 to June 2020):
	// the branch's theme-education review, then the department's at the January 2020 meeting.
	const reviewWindow = indexesOf('2019-06', '2020-06');
	for (const i of reviewWindow) s.problems_found[i] = s.measures_proposed[i] = 0;
	const reviews = [at(rng.pick(monthsIn({ from: '2019-07', to: '2019-11' }))), at('2020-01')];
	const found = [7, 5];
	const extra = distribute(20 - 12, found, rng);
	reviews.forEach((i, k) => {
		s.problems_found[i] = found[k];
		s.measures_proposed[i] = found[k] + extra[k];
	});

	// "Two advanced individuals ... and one" honour; "eight cases ... typical cases" (2019-01..2020-06).
	const eighteen = indexesOf('2019-01', '2020-06');
	setTotal(s, 'honours', eighteen, 3, rng);
	setTotal(s, 'typical_cases', eighteen, 8, rng);
}

export interface SeedFigures {
	secretaryLectures: number;
	leaderCaseShare2019: number;
	guidanceVisits: number;
	researchReports: number;
	majorCasesGuided: number;
	lecturesGiven: number;
	problemsFound: number;
	measuresProposed: number;
	honours: number;
	typicalCases: number;
	minStudySessions: number;
}

function sumOver(s: SampleColumns, id: MetricId, from: Month, to: Month): number {
	return indexesOf(from, to).reduce((a, i) => a + (s[id][i] ?? 0), 0);
}

/** The seed article's figures as a branch's series gives them (docs/domain.md "Sample data"). */
export function seedFigures(s: SampleColumns): SeedFigures {
	return {
		secretaryLectures: sumOver(s, 'secretary_lectures', '2019-06', '2020-06'),
		leaderCaseShare2019:
			sumOver(s, 'cases_by_leaders', '2019-01', '2019-12') /
			sumOver(s, 'cases_total', '2019-01', '2019-12'),
		guidanceVisits: sumOver(s, 'guidance_visits', '2020-01', '2020-06'),
		researchReports: sumOver(s, 'research_reports', '2020-01', '2020-06'),
		majorCasesGuided: sumOver(s, 'major_cases_guided', '2020-01', '2020-06'),
		lecturesGiven: sumOver(s, 'lectures_given', '2020-01', '2020-06'),
		problemsFound: sumOver(s, 'problems_found', '2019-06', '2020-06'),
		measuresProposed: sumOver(s, 'measures_proposed', '2019-06', '2020-06'),
		honours: sumOver(s, 'honours', '2019-01', '2020-06'),
		typicalCases: sumOver(s, 'typical_cases', '2019-01', '2020-06'),
		minStudySessions: Math.min(...s.study_sessions.map((v) => v ?? -1))
	};
}

/** The figures that do not match the seed article (empty when all match). */
export function seedFigureViolations(f: SeedFigures): string[] {
	const checks: [boolean, string][] = [
		[
			f.secretaryLectures === 5,
			`secretary_lectures 2019-06..2020-06 = ${f.secretaryLectures}, not 5`
		],
		[
			(Math.round(f.leaderCaseShare2019 * 1000) / 10).toFixed(1) === '29.6',
			`leader_case_share 2019 = ${f.leaderCaseShare2019}, not 29.6%`
		],
		[
			f.guidanceVisits >= 71 && f.guidanceVisits <= 79,
			`guidance_visits 2020 H1 = ${f.guidanceVisits}`
		],
		[f.researchReports === 19, `research_reports 2020 H1 = ${f.researchReports}, not 19`],
		[f.majorCasesGuided === 46, `major_cases_guided 2020 H1 = ${f.majorCasesGuided}, not 46`],
		[f.lecturesGiven >= 9, `lectures_given 2020 H1 = ${f.lecturesGiven}, under 9`],
		[f.problemsFound === 12, `problems_found 2019-06..2020-06 = ${f.problemsFound}, not 12`],
		[
			f.measuresProposed === 20,
			`measures_proposed 2019-06..2020-06 = ${f.measuresProposed}, not 20`
		],
		[f.honours === 3, `honours 2019-01..2020-06 = ${f.honours}, not 3`],
		[f.typicalCases === 8, `typical_cases 2019-01..2020-06 = ${f.typicalCases}, not 8`],
		[f.minStudySessions >= 4, `study_sessions below 4 in some month (${f.minStudySessions})`]
	];
	return checks.filter(([ok]) => !ok).map(([, message]) => message);
}

/** Rules every sample obeys: whole non-negative counts, pairs within their totals, sane members. */
export function invariantViolations(s: SampleColumns): string[] {
	const out: string[] = [];
	for (const m of INPUT_METRICS) {
		s[m.id].forEach((v, i) => {
			if (v !== null && !(Number.isInteger(v) && v >= 0)) out.push(`${m.id} ${MONTHS[i]} = ${v}`);
			const cap = m.atMost ? s[m.atMost][i] : null;
			if (v !== null && cap !== null && v > cap) out.push(`${m.id} ${MONTHS[i]} > ${m.atMost}`);
		});
	}
	for (const v of s.members) if (v !== null && (v < 12 || v > 40)) out.push(`members = ${v}`);
	let proposed = 0;
	let completed = 0;
	MONTHS.forEach((m, i) => {
		proposed += s.measures_proposed[i] ?? 0;
		completed += s.measures_completed[i] ?? 0;
		if (completed > proposed) out.push(`measures_completed ahead of proposals by ${m}`);
	});
	return out;
}

// ---------------------------------------------------------------------------------------------
// Branches and their data

/** The branch registry rows of `data/branches.csv`. */
export function loadBranches(file = path.join(ROOT, 'data/branches.csv')): Branch[] {
	const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
	const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
	return branchesFromRecords(parsed.data);
}

/** Every planned branch's generated monthly data, checked against the invariants and the seed. */
export function buildSamples(branches: Branch[] = loadBranches()): BranchSample[] {
	return branches
		.filter((branch) => {
			if (!(branch.slug in PROFILES))
				console.warn(`no sample plan for branch ${branch.slug}; skipped`);
			return branch.slug in PROFILES;
		})
		.map((branch) => {
			const profile = PROFILES[branch.slug];
			const columns = generateColumns(branch.slug, profile);
			const problems = invariantViolations(columns);
			if (branch.slug === 'first-procuratorial') {
				problems.push(...seedFigureViolations(seedFigures(columns)));
			}
			if (problems.length) throw new Error(`${branch.slug}: ${problems.join('; ')}`);
			return { branch, profile, columns };
		});
}

// ---------------------------------------------------------------------------------------------
// Rendering: how each branch writes its export

export type FileEncoding = 'gbk' | 'utf-8' | 'utf-8-bom' | 'utf-16le-bom';

interface ExportPlan {
	fileName: (b: Branch) => string;
	encoding: FileEncoding;
	delimiter: ',' | '\t';
	/** Records (rows of cells) of the file, before quoting and encoding. */
	records: (sample: BranchSample, rng: Rng) => string[][];
}

const year = (m: Month) => m.slice(0, 4);
const monthNo = (m: Month) => String(calendarMonth(m));
const plain = (v: number | null) => (v === null ? '' : String(v));

// A branch's form gives one month's value: its unit is the month's (应缴党费人数（人）).
const unitZh = (m: Metric) => m.monthUnit?.zh ?? m.unitZh;
const unitEn = (m: Metric) => m.monthUnit?.en ?? m.unitEn;
const headerZhFull = (m: Metric) => `${m.zh}（${unitZh(m)}）`;
const headerZhHalf = (m: Metric) => `${m.zh}(${unitZh(m)})`;
const headerEn = (m: Metric) => `${m.en} (${unitEn(m)})`;

/** One row per month: [branch?, month, ...every input metric]. */
function wideRows(
	{ columns }: BranchSample,
	month: (m: Month) => string,
	value: (v: number | null, metric: Metric, i: number) => string = plain
): string[][] {
	return MONTHS.map((m, i) => [
		month(m),
		...INPUT_METRICS.map((x) => value(columns[x.id][i], x, i))
	]);
}

/** `1,020`: Excel's "#,##0" number format, kept when saving as CSV. */
const withThousands = (v: number | null) =>
	v === null ? '' : String(v).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const fullWidthDigits = (text: string) =>
	text.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

const PLANS: Record<string, ExportPlan> = {
	// Excel "CSV" on Chinese Windows: GBK, a merged title row above the header, 2019年1月.
	'first-procuratorial': {
		fileName: (b) => `${b.name}_2019-2021党建统计.csv`,
		encoding: 'gbk',
		delimiter: ',',
		records: (sample) => {
			const header = ['支部名称', '月份', ...INPUT_METRICS.map(headerZhFull)];
			const title = [
				`${sample.branch.name}2019—2021年党建工作月度统计表`,
				...header.slice(1).map(() => '')
			];
			const rows = wideRows(sample, (m) => `${year(m)}年${monthNo(m)}月`);
			return [title, header, ...rows.map((r) => [sample.branch.name, ...r])];
		}
	},
	// Excel "CSV UTF-8": BOM, the English names (units where they help), 2019-01.
	'second-procuratorial': {
		fileName: (b) => `${b.name}_党建工作统计_2019-2021.csv`,
		encoding: 'utf-8-bom',
		delimiter: ',',
		records: (sample) => {
			const header = [
				'Branch',
				'Month',
				...INPUT_METRICS.map((m) => (m.unitEn === 'times' ? m.en : headerEn(m)))
			];
			const rows = wideRows(sample, (m) => m);
			return [header, ...rows.map((r) => [sample.branch.nameEn, ...r])];
		}
	},
	// GBK, half-width unit brackets, 2019/1, the short branch name, thousands separators.
	'fourth-procuratorial': {
		fileName: (b) => `${b.name}党建数据2019-2021.csv`,
		encoding: 'gbk',
		delimiter: ',',
		records: (sample) => {
			const header = ['支部名称', '月份', ...INPUT_METRICS.map(headerZhHalf)];
			const rows = wideRows(sample, (m) => `${year(m)}/${monthNo(m)}`, withThousands);
			return [header, ...rows.map((r) => [sample.branch.short, ...r])];
		}
	},
	// UTF-8 with BOM, plain names, Excel dates 2019/1/1; 未填报 / empty months, `-` cells, 无 for 0.
	'fifth-procuratorial': {
		fileName: (b) => `${b.name}-月度党建统计（2019-2021）.csv`,
		encoding: 'utf-8-bom',
		delimiter: ',',
		records: (sample, rng) => {
			const header = ['支部名称', '月份', ...INPUT_METRICS.map((m) => m.zh)];
			const rows = wideRows(
				sample,
				(m) => `${year(m)}/${monthNo(m)}/1`,
				(v, _m, i) => {
					if (MONTHS[i] === '2020-02') return '未填报';
					if (v === null) return MONTHS[i] === '2020-03' ? '' : '-';
					return v === 0 && rng.chance(0.4) ? '无' : String(v);
				}
			);
			return [header, ...rows.map((r) => [sample.branch.name, ...r])];
		}
	},
	// Excel "Unicode text": UTF-16LE with BOM, tab-separated, 201901.
	'sixth-procuratorial': {
		fileName: (b) => `${b.name}党建统计表（Unicode文本）.csv`,
		encoding: 'utf-16le-bom',
		delimiter: '\t',
		records: (sample) => {
			const header = ['支部', '月份', ...INPUT_METRICS.map(headerZhFull)];
			const rows = wideRows(sample, (m) => m.replace('-', ''));
			return [header, ...rows.map((r) => [sample.branch.short, ...r])];
		}
	},
	// GBK, merged branch cells (first row of each year), 2019.01, a remarks column, a 合计 row and
	// rows of commas left under the table.
	'eighth-procuratorial': {
		fileName: (b) => `${b.name}2019至2021年党建工作台账.csv`,
		encoding: 'gbk',
		delimiter: ',',
		records: (sample) => {
			const header = ['支部名称', '月份', ...INPUT_METRICS.map(headerZhFull), '备注'];
			const rows = wideRows(sample, (m) => m.replace('-', '.')).map((r, i) => {
				const m = MONTHS[i];
				const branch = m.endsWith('-01') ? sample.branch.name : '';
				return [branch, ...r, REMARKS[m] ?? ''];
			});
			const total = INPUT_METRICS.map((x) =>
				x.kind === 'sum'
					? String(sample.columns[x.id].reduce<number>((a, v) => a + (v ?? 0), 0))
					: ''
			);
			const blank = header.map(() => '');
			return [header, ...rows, ['合计', '', ...total, ''], blank, blank, blank];
		}
	},
	// Long format (one row per month and metric), UTF-8 without BOM.
	'political-department': {
		fileName: (b) => `${b.name}党建指标明细2019-2021.csv`,
		encoding: 'utf-8',
		delimiter: ',',
		records: ({ branch, columns }) => [
			['支部', '月份', '指标', '数值'],
			...MONTHS.flatMap((m, i) =>
				INPUT_METRICS.map((x) => [branch.name, m, x.zh, plain(columns[x.id][i])])
			)
		]
	},
	// UTF-8 with BOM, no branch column (only the file name says whose it is), some headers spelled
	// with the catalogue's aliases, a few numbers typed with full-width digits.
	'general-office': {
		fileName: (b) => `${b.name}_月度统计_2019-2021.csv`,
		encoding: 'utf-8-bom',
		delimiter: ',',
		records: (sample, rng) => {
			const aliased: MetricId[] = ['members', 'study_sessions', 'heart_talks'];
			const header = [
				'月份',
				...INPUT_METRICS.map((m) => (aliased.includes(m.id) ? m.aliases[0] : m.zh))
			];
			const rows = wideRows(
				sample,
				(m) => m,
				(v) => {
					const text = plain(v);
					return rng.chance(0.03) ? fullWidthDigits(text) : text;
				}
			);
			return [header, ...rows];
		}
	}
};

const REMARKS: Record<Month, string> = {
	'2019-07': '“不忘初心、牢记使命”主题教育启动',
	'2020-02': '疫情防控期间线上学习',
	'2020-03': '疫情防控期间线上学习',
	'2021-04': '党史学习教育',
	'2021-07': '庆祝建党100周年'
};

/** A delimited line: quote a cell only where it has the delimiter, a quote or a line break. */
function toDelimited(records: string[][], delimiter: string): string {
	const quote = (cell: string) =>
		cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
	return records.map((r) => r.map(quote).join(delimiter) + '\r\n').join('');
}

function encode(text: string, encoding: FileEncoding): Buffer {
	switch (encoding) {
		case 'gbk': {
			const bytes = iconv.encode(text, 'gbk');
			if (iconv.decode(bytes, 'gbk') !== text) throw new Error('text not representable in GBK');
			return bytes;
		}
		case 'utf-8':
			return Buffer.from(text, 'utf8');
		case 'utf-8-bom':
			return Buffer.from('\uFEFF' + text, 'utf8');
		case 'utf-16le-bom':
			return Buffer.from('\uFEFF' + text, 'utf16le');
	}
}

export interface OutputFile {
	/** Path relative to the repository root, with `/`. */
	path: string;
	encoding: FileEncoding;
	bytes: Buffer;
	/** The branch the file belongs to; null for the templates. */
	slug: string | null;
}

/** The blank import templates: every input metric with its unit, and one example row to delete. */
function templates(example: BranchSample | undefined): OutputFile[] {
	const i = at('2021-01');
	const values = INPUT_METRICS.map((m) => plain(example?.columns[m.id][i] ?? 0));
	const zh = [
		['支部名称', '月份', ...INPUT_METRICS.map(headerZhFull)],
		['示例：第一检察部党支部（正式导入前请删除此行）', '2021-01', ...values]
	];
	const en = [
		['Branch', 'Month', ...INPUT_METRICS.map(headerEn)],
		[
			'Example: First Procuratorial Department Branch (delete this row before importing)',
			'2021-01',
			...values
		]
	];
	return [
		{ path: 'static/templates/pacesetter-template-zh.csv', records: zh },
		{ path: 'static/templates/pacesetter-template-en.csv', records: en }
	].map(({ path: p, records }) => ({
		path: p,
		encoding: 'utf-8-bom' as const,
		bytes: encode(toDelimited(records, ','), 'utf-8-bom'),
		slug: null
	}));
}

/** Every file the script writes, in memory. */
export function renderOutputs(samples: BranchSample[] = buildSamples()): OutputFile[] {
	const files = samples.map((sample): OutputFile => {
		const plan = PLANS[sample.branch.slug];
		const rng = new Rng(`pacesetter-samples/render/${sample.branch.slug}`);
		const text = toDelimited(plan.records(sample, rng), plan.delimiter);
		return {
			path: `data/samples/${plan.fileName(sample.branch)}`,
			encoding: plan.encoding,
			bytes: encode(text, plan.encoding),
			slug: sample.branch.slug
		};
	});
	const example = samples.find((s) => s.branch.slug === 'first-procuratorial');
	return [...files, ...templates(example)];
}

/** Write the files under `root` (the repository root by default). */
export function writeOutputs(files: OutputFile[], root = ROOT): void {
	for (const file of files) {
		const target = path.join(root, file.path);
		mkdirSync(path.dirname(target), { recursive: true });
		writeFileSync(target, file.bytes);
	}
}

function main(): void {
	const samples = buildSamples();
	const files = renderOutputs(samples);
	writeOutputs(files);
	for (const f of files) console.log(`${f.path}  ${f.encoding}  ${f.bytes.length} bytes`);
	for (const s of samples) console.log(`${s.branch.slug}: ${s.profile.character}`);
	const first = samples.find((s) => s.branch.slug === 'first-procuratorial');
	if (first) console.log('seed figures (first-procuratorial):', seedFigures(first.columns));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
	main();
