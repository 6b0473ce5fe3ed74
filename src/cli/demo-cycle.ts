/**
 * The demo database's reporting cycle for its last month (2021-12), told as of 2022-01-08: five
 * branches' files accepted (one two days late), one waiting for review (with a correction), one
 * sent back with a comment, one not reported. The history before it was entered by the committee.
 */
import type { BranchRegistry } from '../lib/domain/branches';
import type { Cell } from '../lib/import/types';
import { runPipeline } from '../lib/import/pipeline';
import type { Db } from '../lib/server/db';
import {
	acceptSubmission,
	branchTemplateCsv,
	createSubmission,
	returnSubmission,
	setDeadlines,
	setDemoToday
} from '../lib/server/submissions';

export const DEMO_CYCLE_MONTH = '2021-12';
/** The history went in before the cycle month ended, so it is not that month's report. */
export const DEMO_HISTORY_IMPORTED_AT = new Date('2021-12-01T02:00:00Z');
const DEMO_TODAY = '2022-01-08';

type Plan =
	| { slug: string; at: string; by: string; then: 'accept'; decidedAt: string }
	| { slug: string; at: string; by: string; then: 'pending'; correct: [string, number] }
	| { slug: string; at: string; by: string; then: 'return'; decidedAt: string; comment: string };

const PLANS: Plan[] = [
	{
		slug: 'first-procuratorial',
		at: '2022-01-04T01:20:00Z',
		by: 'demo.branch',
		then: 'accept',
		decidedAt: '2022-01-05T02:00:00Z'
	},
	{
		slug: 'second-procuratorial',
		at: '2022-01-05T03:10:00Z',
		by: 'organiser.second',
		then: 'accept',
		decidedAt: '2022-01-06T01:30:00Z'
	},
	{
		slug: 'fourth-procuratorial',
		at: '2022-01-03T07:45:00Z',
		by: 'organiser.fourth',
		then: 'accept',
		decidedAt: '2022-01-04T02:15:00Z'
	},
	{
		slug: 'fifth-procuratorial',
		at: '2022-01-07T08:30:00Z',
		by: 'organiser.fifth',
		then: 'accept',
		decidedAt: '2022-01-07T09:00:00Z'
	},
	{
		slug: 'political-department',
		at: '2022-01-05T06:00:00Z',
		by: 'organiser.political',
		then: 'accept',
		decidedAt: '2022-01-06T01:40:00Z'
	},
	{
		slug: 'sixth-procuratorial',
		at: '2022-01-07T02:05:00Z',
		by: 'organiser.sixth',
		then: 'pending',
		correct: ['heart_talks', 1]
	},
	{
		slug: 'eighth-procuratorial',
		at: '2022-01-05T08:50:00Z',
		by: 'organiser.eighth',
		then: 'return',
		decidedAt: '2022-01-06T03:20:00Z',
		comment: '谈心谈话人次与支部台账不一致，请核对后重新报送。'
	}
	// general-office: not reported.
];

/** Build the demo's cycle from the month's imported cells (the samples' figures). */
export async function buildDemoCycle(
	db: Db,
	registry: BranchRegistry,
	cells: Cell[]
): Promise<void> {
	await setDeadlines(
		db,
		{ defaultDay: 5, extensions: { '2022-01': '2022-02-15' }, startMonth: '2021-11' },
		{ actor: 'demo-db' }
	);
	await setDemoToday(db, DEMO_TODAY);
	const committee = { actor: 'demo.committee', role: 'committee' };
	for (const plan of PLANS) {
		const branch = registry.bySlug(plan.slug);
		if (!branch) continue;
		const values = new Map(
			cells
				.filter((c) => c.branch === plan.slug && c.month === DEMO_CYCLE_MONTH)
				.map((c) => [c.metric as string, c.value])
		);
		if (plan.then === 'pending') {
			const [metric, delta] = plan.correct;
			values.set(metric, (values.get(metric) ?? 0) + delta);
		}
		const csv = branchTemplateCsv(branch.name, [DEMO_CYCLE_MONTH], 'zh', (_, metric) =>
			values.get(metric)
		);
		const bytes = new TextEncoder().encode(csv);
		const fileName = `${branch.short}-${DEMO_CYCLE_MONTH}.csv`;
		const parsed = runPipeline(bytes, registry, { fileName });
		const id = await createSubmission(db, {
			branch: plan.slug,
			bytes,
			parsed,
			by: { actor: plan.by, role: 'branch' },
			now: new Date(plan.at)
		});
		if (plan.then === 'accept')
			await acceptSubmission(db, id, parsed, { by: committee, now: new Date(plan.decidedAt) });
		if (plan.then === 'return')
			await returnSubmission(db, id, plan.comment, committee, new Date(plan.decidedAt));
	}
}
