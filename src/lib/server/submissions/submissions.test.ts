import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DEADLINES } from '../../domain/reporting';
import { listAudit } from '../audit';
import type { OpenedDb } from '../db';
import { applyImport, listImports } from '../imports';
import { memoryStore, parsedFile } from '../test-fixtures';
import {
	acceptSubmission,
	createSubmission,
	cycleMatrix,
	getDeadlines,
	getSubmission,
	monthCompleteness,
	onTimeRates,
	PlanChangedError,
	recordReminder,
	remindersOf,
	returnSubmission,
	setDeadlines,
	SubmissionMoveError,
	submissionBytes,
	submissionHistory,
	withdrawSubmission
} from '.';

let store: OpenedDb;
beforeEach(async () => {
	store = await memoryStore(3);
});
afterEach(async () => {
	await store.close();
});

const organiser = { actor: 'org.a', role: 'branch' };
const reviewer = { actor: 'reviewer', role: 'committee' };
const bytes = new TextEncoder().encode('党支部,月份,主题党日\r\n甲支部,2022-03,2\r\n');
const fileA = () => parsedFile('a-2022-03.csv', [['a', '2022-03', 'party_days', 2]]);

async function currentCount() {
	const r = await store.db
		.selectFrom('current_rows')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(r.n);
}

describe('submissions', () => {
	it('a submission is stored whole and waits: the dashboard does not change', async () => {
		const id = await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser,
			now: new Date('2022-04-03T01:00:00Z')
		});
		const s = await getSubmission(store.db, id);
		expect(s).toMatchObject({
			status: 'pending',
			branch: 'a',
			months: ['2022-03'],
			submittedBy: 'org.a',
			size: bytes.byteLength
		});
		expect(await submissionBytes(store.db, id)).toEqual(bytes);
		expect(await currentCount()).toBe(0);
		const audit = await listAudit(store.db, { action: 'submission.submit' });
		expect(audit.entries[0]).toMatchObject({ actor: 'org.a', branch: 'a' });
	});

	it('withdraw and send back only move a pending submission; both stay in the history', async () => {
		const one = await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser
		});
		await withdrawSubmission(store.db, one, organiser);
		await expect(withdrawSubmission(store.db, one, organiser)).rejects.toBeInstanceOf(
			SubmissionMoveError
		);
		const two = await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser
		});
		await expect(returnSubmission(store.db, two, '  ', reviewer)).rejects.toThrow(/comment/);
		const back = await returnSubmission(store.db, two, '主题党日数与会议记录不符', reviewer);
		expect(back).toMatchObject({ status: 'returned', comment: '主题党日数与会议记录不符' });
		await expect(acceptSubmission(store.db, two, fileA(), { by: reviewer })).rejects.toBeInstanceOf(
			SubmissionMoveError
		);
		expect(await currentCount()).toBe(0);
		expect((await submissionHistory(store.db, one)).map((e) => e.status)).toEqual([
			'pending',
			'withdrawn'
		]);
		expect((await getSubmission(store.db, one))?.status).toBe('withdrawn');
		const audit = await listAudit(store.db, { action: 'submission.return' });
		expect(audit.entries[0].detail).toMatchObject({
			before: 'pending',
			after: 'returned',
			comment: '主题党日数与会议记录不符'
		});
	});

	it('accepting applies the file as an import by the reviewer, in one transaction', async () => {
		const id = await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser
		});
		const { submission, outcome } = await acceptSubmission(store.db, id, fileA(), {
			by: reviewer,
			expected: { new: 1, replaced: 0, unchanged: 0 }
		});
		expect(outcome.status).toBe('applied');
		expect(submission).toMatchObject({ status: 'accepted', importId: outcome.importId });
		const [imp] = await listImports(store.db, { limit: 5 });
		expect(imp).toMatchObject({ id: outcome.importId, importedBy: 'reviewer' });
		expect(await currentCount()).toBe(1);
		const accepted = await listAudit(store.db, { action: 'submission.accept' });
		expect(accepted.entries[0]).toMatchObject({ actor: 'reviewer', branch: 'a' });
		const imported = await listAudit(store.db, { action: 'import' });
		expect(imported.entries[0].detail).toMatchObject({ submission: id });
	});

	it('a plan that changed since the preview is shown, and nothing is written', async () => {
		const id = await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser
		});
		// Meanwhile the committee imported the same cell.
		await applyImport(store.db, parsedFile('committee.csv', [['a', '2022-03', 'party_days', 1]]), {
			by: 'committee'
		});
		const error = await acceptSubmission(store.db, id, fileA(), {
			by: reviewer,
			expected: { new: 1, replaced: 0, unchanged: 0 }
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(PlanChangedError);
		expect((error as PlanChangedError).plan).toMatchObject({ new: 0, replaced: 1 });
		expect((await getSubmission(store.db, id))?.status).toBe('pending');
		expect(await listImports(store.db, { limit: 5 })).toHaveLength(1);
		expect((await listAudit(store.db, { action: 'submission.accept' })).total).toBe(0);
		// Accepted against the new plan it goes in.
		const ok = await acceptSubmission(store.db, id, fileA(), {
			by: reviewer,
			expected: { new: 0, replaced: 1, unchanged: 0 }
		});
		expect(ok.outcome.status).toBe('applied');
	});

	it('identical figures are accepted without a new import', async () => {
		await applyImport(store.db, parsedFile('committee.csv', [['a', '2022-03', 'party_days', 2]]), {
			by: 'committee'
		});
		const id = await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser
		});
		const { submission, outcome } = await acceptSubmission(store.db, id, fileA(), { by: reviewer });
		expect(outcome.status).toBe('unchanged');
		expect(submission).toMatchObject({ status: 'accepted', importId: null });
	});
});

describe('where the cycle stands', () => {
	const settings = DEFAULT_DEADLINES;
	const months = ['2022-03'];
	const branches = ['a', 'b', 'c'];

	it('accepted, pending, sent back and missing, with lateness and the committee’s imports', async () => {
		// a: submitted on the 6th (Beijing), accepted on the 8th: one day late (hand-in counts).
		const a = await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser,
			now: new Date('2022-04-06T02:00:00Z')
		});
		await acceptSubmission(store.db, a, fileA(), {
			by: reviewer,
			now: new Date('2022-04-08T02:00:00Z')
		});
		// b: the committee imported it on the 2nd: on time, entered by the committee.
		await applyImport(store.db, parsedFile('b.csv', [['b', '2022-03', 'party_days', 1]]), {
			by: 'committee',
			now: new Date('2022-04-02T02:00:00Z')
		});
		// c: figures imported before the month ended are not its report; a submission was sent back.
		await applyImport(store.db, parsedFile('c-early.csv', [['c', '2022-03', 'party_days', 1]]), {
			by: 'committee',
			now: new Date('2022-03-20T02:00:00Z')
		});
		const c = await createSubmission(store.db, {
			branch: 'c',
			bytes,
			parsed: parsedFile('c.csv', [['c', '2022-03', 'party_days', 3]]),
			by: { actor: 'org.c' }
		});
		await returnSubmission(store.db, c, '缺少党员人数', reviewer);

		const today = '2022-04-10';
		const matrix = await cycleMatrix(store.db, { branches, months, settings, today });
		const cell = (b: string) => matrix.cells.find((x) => x.branch === b)!;
		expect(cell('a')).toMatchObject({ state: 'accepted', lateDays: 1, byCommittee: false });
		expect(cell('b')).toMatchObject({ state: 'accepted', lateDays: 0, byCommittee: true });
		expect(cell('c')).toMatchObject({
			state: 'returned',
			lateDays: 5,
			comment: '缺少党员人数',
			submissionId: c
		});
		expect(monthCompleteness(matrix, '2022-03')).toEqual({
			month: '2022-03',
			total: 3,
			accepted: 2,
			pending: 0,
			returned: 1,
			missing: 0,
			outstanding: ['c'],
			returnedBranches: ['c'],
			missingBranches: []
		});

		const rates = await onTimeRates(
			store.db,
			branches,
			{ ...settings, startMonth: '2022-03' },
			today
		);
		expect(rates.get('a')).toEqual({ onTime: 0, due: 1, rate: 0 });
		expect(rates.get('b')).toEqual({ onTime: 1, due: 1, rate: 1 });
		expect(rates.get('c')).toEqual({ onTime: 0, due: 1, rate: 0 });
	});

	it('a file waiting for review is late by its hand-in day, not by today', async () => {
		await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser,
			now: new Date('2022-04-07T02:00:00Z')
		});
		const matrix = await cycleMatrix(store.db, {
			branches: ['a'],
			months,
			settings,
			today: '2022-04-20'
		});
		expect(matrix.cells[0]).toMatchObject({ state: 'pending', lateDays: 2 });
	});

	it('a withdrawn submission leaves the month missing; an extension moves the deadline', async () => {
		const id = await createSubmission(store.db, {
			branch: 'a',
			bytes,
			parsed: fileA(),
			by: organiser
		});
		await withdrawSubmission(store.db, id, organiser);
		const extended = { ...settings, extensions: { '2022-03': '2022-04-12' } };
		const matrix = await cycleMatrix(store.db, {
			branches: ['a'],
			months,
			settings: extended,
			today: '2022-04-10'
		});
		expect(matrix.cells[0]).toMatchObject({
			state: 'missing',
			lateDays: 0,
			deadline: '2022-04-12'
		});
	});

	it('deadline settings and reminders are stored and audited', async () => {
		await setDeadlines(
			store.db,
			{ defaultDay: 8, extensions: { '2022-01': '2022-02-15' }, startMonth: '2022-01' },
			{ actor: 'admin', role: 'admin' }
		);
		expect(await getDeadlines(store.db)).toEqual({
			defaultDay: 8,
			extensions: { '2022-01': '2022-02-15' },
			startMonth: '2022-01'
		});
		const audit = await listAudit(store.db, { action: 'deadlines.set' });
		expect(audit.entries[0].detail).toMatchObject({
			before: { defaultDay: 5 },
			after: { defaultDay: 8 }
		});
		await recordReminder(store.db, { branch: 'c', month: '2022-03', text: '请报送', by: reviewer });
		expect(await remindersOf(store.db, '2022-03')).toMatchObject([
			{ branch: 'c', actor: 'reviewer', text: '请报送' }
		]);
		expect((await listAudit(store.db, { action: 'reminder' })).entries[0]).toMatchObject({
			branch: 'c'
		});
	});
});
