/**
 * Submissions of the reporting cycle: a branch's file kept whole (bytes, sha256, who, when), its
 * status history and the committee's comments. Nothing is ever deleted: a withdrawn or sent-back
 * submission stays. Accepting one applies it through the one import pipeline (`applyImport`), the
 * status change and the audit row in the same transaction. Every state change is audited.
 */
import {
	chinaDay,
	cleanDeadlines,
	isDay,
	type Day,
	nextStatus,
	type DeadlineSettings,
	type SubmissionEvent,
	type SubmissionStatus
} from '../../domain/reporting';
import type { ParsedFile } from '../../import/types';
import { writeAudit, type Actor } from '../audit';
import { writeTransaction, type Db } from '../db';
import { applyImport, type ImportOutcome, type ImportPlan } from '../imports';

export interface SubmissionSummary {
	id: number;
	branch: string;
	fileName: string;
	/** The branch picked in the browser for a file that names none. */
	branchPicked: string | null;
	sha256: string;
	size: number;
	encoding: string;
	monthFrom: string;
	monthTo: string;
	months: string[];
	cells: number;
	submittedAt: string;
	submittedBy: string;
	status: SubmissionStatus;
	decidedAt: string | null;
	decidedBy: string | null;
	comment: string | null;
	importId: number | null;
}

export interface SubmissionEventRow {
	at: string;
	actor: string;
	status: string;
	comment: string | null;
}

/** A move refused: the submission is not pending any more (or does not exist). */
export class SubmissionMoveError extends Error {
	constructor(
		readonly id: number,
		readonly status: SubmissionStatus | null
	) {
		super(status ? `submission ${id} is ${status}` : `no submission ${id}`);
		this.name = 'SubmissionMoveError';
	}
}

/** The file no longer applies as previewed: here is what it would do now. Nothing was written. */
export class PlanChangedError extends Error {
	constructor(readonly plan: ImportPlan) {
		super('the plan changed since the preview');
		this.name = 'PlanChangedError';
	}
}

const SUMMARY_COLUMNS = [
	'id',
	'branch',
	'file_name',
	'branch_picked',
	'sha256',
	'size',
	'encoding',
	'month_from',
	'month_to',
	'months',
	'cells',
	'submitted_at',
	'submitted_by',
	'status',
	'decided_at',
	'decided_by',
	'comment',
	'import_id'
] as const;

type SummaryRow = {
	id: number;
	branch: string;
	file_name: string;
	branch_picked: string | null;
	sha256: string;
	size: number;
	encoding: string;
	month_from: string;
	month_to: string;
	months: string;
	cells: number;
	submitted_at: string;
	submitted_by: string;
	status: SubmissionStatus;
	decided_at: string | null;
	decided_by: string | null;
	comment: string | null;
	import_id: number | null;
};

function toSummary(r: SummaryRow): SubmissionSummary {
	return {
		id: r.id,
		branch: r.branch,
		fileName: r.file_name,
		branchPicked: r.branch_picked,
		sha256: r.sha256,
		size: r.size,
		encoding: r.encoding,
		monthFrom: r.month_from,
		monthTo: r.month_to,
		months: JSON.parse(r.months) as string[],
		cells: r.cells,
		submittedAt: r.submitted_at,
		submittedBy: r.submitted_by,
		status: r.status,
		decidedAt: r.decided_at,
		decidedBy: r.decided_by,
		comment: r.comment,
		importId: r.import_id
	};
}

/** The months a parsed file has values for, in order. */
export function monthsOf(parsed: ParsedFile): string[] {
	return [...new Set(parsed.cells.map((c) => c.month))].sort();
}

/**
 * Store a branch's file for review (待审核). The caller has checked the file: no errors, only the
 * branch's own rows. Returns the new submission's id.
 */
export async function createSubmission(
	db: Db,
	input: {
		branch: string;
		bytes: Uint8Array;
		parsed: ParsedFile;
		by: Actor;
		/** The branch picked for a file that names none. */
		picked?: string;
		now?: Date;
	}
): Promise<number> {
	const { parsed } = input;
	const at = (input.now ?? new Date()).toISOString();
	const months = monthsOf(parsed);
	return writeTransaction(db, async (trx) => {
		const { id } = await trx
			.insertInto('submissions')
			.values({
				branch: input.branch,
				file_name: parsed.fileName,
				branch_picked: input.picked ?? null,
				sha256: parsed.sha256,
				size: input.bytes.byteLength,
				encoding: parsed.encoding ?? 'utf-8',
				bytes: input.bytes,
				month_from: months[0],
				month_to: months.at(-1)!,
				months: JSON.stringify(months),
				cells: parsed.cells.length,
				submitted_at: at,
				submitted_by: input.by.actor,
				status: 'pending',
				decided_at: null,
				decided_by: null,
				comment: null,
				import_id: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await trx
			.insertInto('submission_events')
			.values({ submission_id: id, at, actor: input.by.actor, status: 'pending', comment: null })
			.execute();
		await writeAudit(trx, {
			...input.by,
			action: 'submission.submit',
			target: `submission:${id}`,
			branch: input.branch,
			detail: { file: parsed.fileName, sha256: parsed.sha256, months, cells: parsed.cells.length }
		});
		return id;
	});
}

/** Move a pending submission (in `trx`), with its history row; throws when it is not pending. */
async function move(
	trx: Db,
	id: number,
	event: SubmissionEvent,
	by: Actor,
	at: string,
	extra: { comment?: string | null; importId?: number | null } = {}
): Promise<SubmissionSummary> {
	const row = await trx
		.selectFrom('submissions')
		.select(SUMMARY_COLUMNS)
		.where('id', '=', id)
		.executeTakeFirst();
	const to = row ? nextStatus(row.status, event) : null;
	if (!row || !to) throw new SubmissionMoveError(id, row?.status ?? null);
	await trx
		.updateTable('submissions')
		.set({
			status: to,
			decided_at: at,
			decided_by: by.actor,
			comment: extra.comment ?? null,
			import_id: extra.importId ?? null
		})
		.where('id', '=', id)
		.execute();
	await trx
		.insertInto('submission_events')
		.values({ submission_id: id, at, actor: by.actor, status: to, comment: extra.comment ?? null })
		.execute();
	await writeAudit(trx, {
		...by,
		action: `submission.${event}`,
		target: `submission:${id}`,
		branch: row.branch,
		detail: {
			file: row.file_name,
			months: JSON.parse(row.months) as string[],
			before: row.status,
			after: to,
			...(extra.comment ? { comment: extra.comment } : {}),
			...(extra.importId ? { importId: extra.importId } : {})
		}
	});
	return toSummary({
		...row,
		status: to,
		decided_at: at,
		decided_by: by.actor,
		comment: extra.comment ?? null,
		import_id: extra.importId ?? null
	});
}

/** The branch takes back a pending submission (已撤回); it stays in the history. */
export async function withdrawSubmission(db: Db, id: number, by: Actor, now = new Date()) {
	return writeTransaction(db, (trx) => move(trx, id, 'withdraw', by, now.toISOString()));
}

/** The committee sends a pending submission back with a comment (已退回). */
export async function returnSubmission(
	db: Db,
	id: number,
	comment: string,
	by: Actor,
	now = new Date()
) {
	if (!comment.trim()) throw new Error('a comment is required to send a submission back');
	return writeTransaction(db, (trx) =>
		move(trx, id, 'return', by, now.toISOString(), { comment: comment.trim() })
	);
}

const samePlan = (a: ImportPlan, b: Pick<ImportPlan, 'new' | 'replaced' | 'unchanged'>) =>
	a.new === b.new && a.replaced === b.replaced && a.unchanged === b.unchanged;

/**
 * Accept a pending submission: apply its file (parsed again from the stored bytes) exactly as an
 * import, recorded as imported by the accepting account, and mark it accepted, all in one
 * transaction. `expected` is the plan the reviewer saw: if applying now would do something else
 * (another import changed the same cells meanwhile), nothing is written and `PlanChangedError`
 * carries the new plan to show.
 */
export async function acceptSubmission(
	db: Db,
	id: number,
	parsed: ParsedFile,
	opts: {
		by: Actor;
		expected?: Pick<ImportPlan, 'new' | 'replaced' | 'unchanged'>;
		now?: Date;
	}
): Promise<{ submission: SubmissionSummary; outcome: ImportOutcome }> {
	const at = (opts.now ?? new Date()).toISOString();
	if (parsed.errors.length) throw new Error(`submission ${id}: the stored file no longer parses`);
	let submission: SubmissionSummary | null = null;
	const outcome = await applyImport(db, parsed, {
		by: opts.by.actor,
		now: opts.now,
		beforeWrite: async (trx, plan) => {
			const row = await trx
				.selectFrom('submissions')
				.select('status')
				.where('id', '=', id)
				.executeTakeFirst();
			if (!row || row.status !== 'pending') throw new SubmissionMoveError(id, row?.status ?? null);
			if (opts.expected && !samePlan(plan, opts.expected)) throw new PlanChangedError(plan);
		},
		afterWrite: async (trx, o) => {
			if (o.importId)
				await writeAudit(trx, {
					...opts.by,
					action: 'import',
					target: `import:${o.importId}`,
					branch: parsed.branches.length === 1 ? parsed.branches[0] : null,
					detail: {
						file: parsed.fileName,
						sha256: parsed.sha256,
						branches: parsed.branches,
						months: parsed.months,
						cells: parsed.cells.length,
						new: o.new,
						replaced: o.replaced,
						submission: id
					}
				});
			submission = await move(trx, id, 'accept', opts.by, at, { importId: o.importId });
		}
	});
	return { submission: submission!, outcome };
}

export async function getSubmission(db: Db, id: number): Promise<SubmissionSummary | null> {
	const row = await db
		.selectFrom('submissions')
		.select(SUMMARY_COLUMNS)
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? toSummary(row) : null;
}

/** The stored file of a submission. */
export async function submissionBytes(db: Db, id: number): Promise<Uint8Array<ArrayBuffer> | null> {
	const row = await db
		.selectFrom('submissions')
		.select('bytes')
		.where('id', '=', id)
		.executeTakeFirst();
	return row ? new Uint8Array(row.bytes) : null;
}

/** Submissions, newest first: of a branch, of some statuses, or touching a month range. */
export async function listSubmissions(
	db: Db,
	filter: {
		branch?: string;
		status?: SubmissionStatus[];
		months?: { from: string; to: string };
		limit?: number;
	} = {}
): Promise<SubmissionSummary[]> {
	let q = db.selectFrom('submissions').select(SUMMARY_COLUMNS);
	if (filter.branch) q = q.where('branch', '=', filter.branch);
	if (filter.status?.length) q = q.where('status', 'in', filter.status);
	if (filter.months)
		q = q.where('month_from', '<=', filter.months.to).where('month_to', '>=', filter.months.from);
	const rows = await q
		.orderBy('id', 'desc')
		.limit(filter.limit ?? 500)
		.execute();
	return rows.map(toSummary);
}

/** A submission's status history, oldest first. */
export async function submissionHistory(db: Db, id: number): Promise<SubmissionEventRow[]> {
	return db
		.selectFrom('submission_events')
		.select(['at', 'actor', 'status', 'comment'])
		.where('submission_id', '=', id)
		.orderBy('id')
		.execute();
}

// ——— Deadlines ———

const DEMO_TODAY_KEY = 'reporting.demo-today';

/**
 * Today in China, the day deadlines are counted in. The demo database (whose figures end in 2021)
 * tells its cycle's story on a fixed day, kept beside its demo mark; any other database uses the clock.
 */
export async function cycleToday(db: Db, now = new Date()): Promise<Day> {
	const rows = await db
		.selectFrom('meta')
		.select(['key', 'value'])
		.where('key', 'in', ['demo', DEMO_TODAY_KEY])
		.execute();
	const get = (k: string) => rows.find((r) => r.key === k)?.value;
	const fixed = get(DEMO_TODAY_KEY);
	return get('demo') === '1' && fixed && isDay(fixed) ? fixed : chinaDay(now);
}

/** Set the demo database's story day (`demo-db` only). */
export async function setDemoToday(db: Db, day: Day): Promise<void> {
	await writeTransaction(db, (trx) =>
		trx
			.insertInto('meta')
			.values({ key: DEMO_TODAY_KEY, value: day })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: day }))
			.execute()
	);
}

const DEADLINES_KEY = 'reporting.deadlines';

export async function getDeadlines(db: Db): Promise<DeadlineSettings> {
	const row = await db
		.selectFrom('meta')
		.select('value')
		.where('key', '=', DEADLINES_KEY)
		.executeTakeFirst();
	if (!row) return cleanDeadlines(null);
	try {
		return cleanDeadlines(JSON.parse(row.value));
	} catch {
		return cleanDeadlines(null);
	}
}

/** Save the deadline settings (admin), audited with before and after. */
export async function setDeadlines(db: Db, settings: DeadlineSettings, by: Actor): Promise<void> {
	const value = cleanDeadlines(settings);
	await writeTransaction(db, async (trx) => {
		const before = await getDeadlines(trx);
		await trx
			.insertInto('meta')
			.values({ key: DEADLINES_KEY, value: JSON.stringify(value) })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
			.execute();
		await writeAudit(trx, { ...by, action: 'deadlines.set', detail: { before, after: value } });
	});
}

// ——— Reminders ———

export interface ReminderRow {
	branch: string;
	month: string;
	at: string;
	actor: string;
	text: string;
}

/** Record that a branch was reminded (催报) for a month, with the text sent; audited. */
export async function recordReminder(
	db: Db,
	input: { branch: string; month: string; text: string; by: Actor; now?: Date }
): Promise<ReminderRow> {
	const row = {
		branch: input.branch,
		month: input.month,
		at: (input.now ?? new Date()).toISOString(),
		actor: input.by.actor,
		text: input.text
	};
	await writeTransaction(db, async (trx) => {
		await trx.insertInto('reminders').values(row).execute();
		await writeAudit(trx, {
			...input.by,
			action: 'reminder',
			target: `month:${input.month}`,
			branch: input.branch,
			detail: { month: input.month }
		});
	});
	return row;
}

/** The reminders of a month, oldest first. */
export async function remindersOf(db: Db, month: string): Promise<ReminderRow[]> {
	return db
		.selectFrom('reminders')
		.select(['branch', 'month', 'at', 'actor', 'text'])
		.where('month', '=', month)
		.orderBy('id')
		.execute();
}
