/**
 * The monthly reporting cycle's procedures: a branch organiser submits its file (the same pipeline
 * and checks as an import), sees where its branch stands and withdraws a pending submission; the
 * committee reviews (accept applies it as an import, send back needs a comment), sees the matrix
 * and reminds (催报); an admin sets the deadlines. Every state change is audited (`submissions`).
 */
import { z } from 'zod';
import { addMonths, isMonth } from '../../domain/periods';
import { MAX_DEADLINE_DAY, onTimeRate } from '../../domain/reporting';
import { can, canSeeBranch, type Viewer } from '../../domain/roles';
import { m } from '../../paraglide/messages.js';
import { loadRegistry } from '../app';
import { actorOf, type SignedIn } from '../auth/session';
import { planImport } from '../imports';
import {
	acceptSubmission,
	createSubmission,
	cycleMatrix,
	cycleToday,
	cycleMonths,
	getDeadlines,
	getSubmission,
	listSubmissions,
	monthCompleteness,
	onTimeRates,
	pendingMonth,
	PlanChangedError,
	recordReminder,
	returnSubmission,
	setDeadlines,
	stateLabel,
	SubmissionMoveError,
	submissionBytes,
	submissionHistory,
	withdrawSubmission,
	type SubmissionSummary
} from '../submissions';
import { checkOwnRows, firstProblems, parse, readUpload, Upload } from './imports';
import { procedureFor, refuseBranch, router, TRPCError, type Context } from './init';

const PREVIEW_REPLACED = 200;
/** Months shown in the matrix and on a branch's page. */
const MATRIX_MONTHS = 12;

const month = z.string().refine(isMonth, 'expected YYYY-MM');

type Signed = Context & { viewer: SignedIn & Viewer };

function moveRefused(ctx: Context, e: unknown): never {
	if (e instanceof SubmissionMoveError) {
		const opts = { locale: ctx.locale };
		if (!e.status)
			throw new TRPCError({
				code: 'NOT_FOUND',
				message: m.cycle_err_not_found({ id: e.id }, opts)
			});
		const status =
			e.status === 'withdrawn'
				? m.cycle_status_withdrawn({}, opts)
				: stateLabel(e.status, ctx.locale);
		throw new TRPCError({
			code: 'CONFLICT',
			message: m.cycle_err_moved({ id: e.id, status }, opts)
		});
	}
	throw e;
}

async function submissionOr404(ctx: Context, id: number): Promise<SubmissionSummary> {
	const s = await getSubmission(ctx.store.db, id);
	if (!s)
		throw new TRPCError({
			code: 'NOT_FOUND',
			message: m.cycle_err_not_found({ id }, { locale: ctx.locale })
		});
	return s;
}

/** The stored file of a submission through the one pipeline, with the branch picked back then. */
async function parseStored(ctx: Context, s: SubmissionSummary) {
	const bytes = (await submissionBytes(ctx.store.db, s.id))!;
	const registry = await loadRegistry(ctx.store.db);
	return parse({ name: s.fileName, bytes, branch: s.branchPicked ?? undefined }, registry, ctx);
}

/** The last `MATRIX_MONTHS` months of the cycle that are due today (at least the last month). */
async function recentMonths(ctx: Context) {
	const settings = await getDeadlines(ctx.store.db);
	const day = await cycleToday(ctx.store.db);
	const months = await cycleMonths(ctx.store.db, settings, day);
	const shown = months.length ? months.slice(-MATRIX_MONTHS) : [addMonths(day.slice(0, 7), -1)];
	return { settings, day, months: shown };
}

function ownBranch(ctx: Signed): string {
	const branch = ctx.viewer.branch;
	if (!branch)
		throw new TRPCError({
			code: 'FORBIDDEN',
			message: m.cycle_err_no_branch({}, { locale: ctx.locale })
		});
	return branch;
}

export const cycleRouter = router({
	/** A branch organiser's home: its months (due, overdue, states), submissions and on-time rate. */
	mine: procedureFor('report.submit').query(async ({ ctx }) => {
		const branch = ownBranch(ctx);
		const { settings, day, months } = await recentMonths(ctx);
		// The month under way is shown too: it is the next one to report.
		const shown = [...months, ...(months.at(-1)! < day.slice(0, 7) ? [day.slice(0, 7)] : [])];
		const matrix = await cycleMatrix(ctx.store.db, {
			branches: [branch],
			months: [...new Set(shown)],
			settings,
			today: day
		});
		const all = await cycleMonths(ctx.store.db, settings, day);
		const whole = await cycleMatrix(ctx.store.db, {
			branches: [branch],
			months: all,
			settings,
			today: day
		});
		const submissions = await listSubmissions(ctx.store.db, { branch, limit: 100 });
		const history = await Promise.all(
			submissions.map(async (s) => ({
				id: s.id,
				events: await submissionHistory(ctx.store.db, s.id)
			}))
		);
		return {
			branch,
			today: day,
			settings,
			cells: matrix.cells.reverse(),
			submissions,
			history,
			onTime: onTimeRate(
				whole.cells.map((c) => ({ month: c.month, reportedAt: c.reportedAt })),
				settings
			)
		};
	}),

	/** Hand in files for review: the same pipeline and own-branch check as an import; nothing applied. */
	submit: procedureFor('report.submit')
		.input(Upload)
		.mutation(async ({ ctx, input, path }) => {
			const branch = ownBranch(ctx);
			const files = await readUpload(input, ctx);
			const registry = await loadRegistry(ctx.store.db);
			const parsedFiles = [];
			for (const f of files) parsedFiles.push(await parse(f, registry, ctx));
			await checkOwnRows(ctx, path, parsedFiles);
			const out = [];
			for (const [i, parsed] of parsedFiles.entries()) {
				if (parsed.errors.length || !parsed.cells.length) {
					out.push({
						file: parsed.fileName,
						status: 'rejected' as const,
						submissionId: null,
						errorCount: parsed.errors.length,
						errors: firstProblems(parsed.errors)
					});
					continue;
				}
				const id = await createSubmission(ctx.store.db, {
					branch,
					bytes: files[i].bytes,
					parsed,
					picked: files[i].branch,
					by: actorOf(ctx.viewer, ctx.client)
				});
				out.push({
					file: parsed.fileName,
					status: 'submitted' as const,
					submissionId: id,
					errorCount: 0,
					errors: []
				});
			}
			return out;
		}),

	/** Take back one's own pending submission (it stays in the history). */
	withdraw: procedureFor('report.submit')
		.input(z.object({ id: z.number().int().positive() }))
		.mutation(async ({ ctx, input, path }) => {
			const s = await submissionOr404(ctx, input.id);
			if (s.branch !== ctx.viewer.branch) await refuseBranch(ctx, path, s.branch);
			return withdrawSubmission(ctx.store.db, input.id, actorOf(ctx.viewer, ctx.client)).catch(
				(e: unknown) => moveRefused(ctx, e)
			);
		}),

	/** The review queue: each pending submission with its preview, checked again against today's data. */
	queue: procedureFor('report.review').query(async ({ ctx }) => {
		const pending = await listSubmissions(ctx.store.db, { status: ['pending'] });
		const items = [];
		// Oldest first: the one waiting longest is reviewed first.
		for (const s of pending.reverse()) {
			const parsed = await parseStored(ctx, s);
			const plan = await planImport(ctx.store.db, parsed, PREVIEW_REPLACED);
			items.push({
				submission: s,
				encoding: parsed.encoding,
				preview: {
					file: parsed.fileName,
					sha256: parsed.sha256,
					valid: parsed.errors.length === 0,
					errorCount: parsed.errors.length,
					errors: firstProblems(parsed.errors),
					...plan
				},
				warnings: firstProblems(parsed.warnings)
			});
		}
		return items;
	}),

	/**
	 * Accept a pending submission: applied as an import by the reviewer, atomically. `expected` is
	 * the plan the reviewer saw; if it no longer holds, nothing is written and the new plan comes back.
	 */
	accept: procedureFor('report.review')
		.input(
			z.object({
				id: z.number().int().positive(),
				expected: z.object({
					new: z.number().int().min(0),
					replaced: z.number().int().min(0),
					unchanged: z.number().int().min(0)
				})
			})
		)
		.mutation(async ({ ctx, input }) => {
			const s = await submissionOr404(ctx, input.id);
			const parsed = await parseStored(ctx, s);
			if (parsed.errors.length)
				throw new TRPCError({
					code: 'UNPROCESSABLE_CONTENT',
					message: m.cycle_err_stored_invalid(
						{ id: s.id, file: s.fileName, count: parsed.errors.length },
						{ locale: ctx.locale }
					)
				});
			try {
				const { submission, outcome } = await acceptSubmission(ctx.store.db, s.id, parsed, {
					by: actorOf(ctx.viewer, ctx.client),
					expected: input.expected
				});
				return {
					status: 'accepted' as const,
					submission,
					importId: outcome.importId,
					plan: null
				};
			} catch (e) {
				if (e instanceof PlanChangedError)
					return {
						status: 'plan-changed' as const,
						submission: s,
						importId: null,
						plan: { ...e.plan, replacedCells: e.plan.replacedCells.slice(0, PREVIEW_REPLACED) }
					};
				moveRefused(ctx, e);
			}
		}),

	/** Send a pending submission back with a comment saying what to fix. */
	sendBack: procedureFor('report.review')
		.input(z.object({ id: z.number().int().positive(), comment: z.string().max(2000) }))
		.mutation(async ({ ctx, input }) => {
			if (!input.comment.trim())
				throw new TRPCError({
					code: 'BAD_REQUEST',
					message: m.cycle_err_comment({}, { locale: ctx.locale })
				});
			await submissionOr404(ctx, input.id);
			return returnSubmission(
				ctx.store.db,
				input.id,
				input.comment,
				actorOf(ctx.viewer, ctx.client)
			).catch((e: unknown) => moveRefused(ctx, e));
		}),

	/** One submission with its status history (a branch account: its own branch's only). */
	submission: procedureFor('view.own-branch')
		.input(z.object({ id: z.number().int().positive() }))
		.query(async ({ ctx, input, path }) => {
			const s = await submissionOr404(ctx, input.id);
			const v = ctx.viewer;
			if (!can(v.role, 'report.view') && s.branch !== v.branch)
				await refuseBranch(ctx, path, s.branch);
			return { submission: s, events: await submissionHistory(ctx.store.db, s.id) };
		}),

	/** The branch × month matrix of the cycle's recent months (or of a period). */
	matrix: procedureFor('report.view')
		.input(z.object({ from: month.optional(), to: month.optional() }).default({}))
		.query(async ({ ctx, input }) => {
			const recent = await recentMonths(ctx);
			let months = recent.months;
			if (input.from && input.to && input.from <= input.to) {
				months = [];
				for (let mo = input.from; mo <= input.to && months.length < 120; mo = addMonths(mo, 1))
					months.push(mo);
			}
			const registry = await loadRegistry(ctx.store.db);
			const matrix = await cycleMatrix(ctx.store.db, {
				branches: registry.branches.map((b) => b.slug),
				months,
				settings: recent.settings,
				today: recent.day
			});
			const last = months.at(-1)!;
			return {
				...matrix,
				today: recent.day,
				settings: recent.settings,
				completeness: monthCompleteness(matrix, last)
			};
		}),

	/** 催报: a month's branches that have not reported, with reminder texts and past reminders. */
	pending: procedureFor('report.review')
		.input(z.object({ month: month.optional() }).default({}))
		.query(async ({ ctx, input }) => {
			const recent = await recentMonths(ctx);
			const registry = await loadRegistry(ctx.store.db);
			return pendingMonth(ctx.store.db, registry, input.month ?? recent.months.at(-1)!, recent.day);
		}),

	/** Record that a branch was reminded for a month, with the text sent. */
	remind: procedureFor('report.review')
		.input(z.object({ branch: z.string().max(80), month, text: z.string().min(1).max(4000) }))
		.mutation(async ({ ctx, input, path }) => {
			const registry = await loadRegistry(ctx.store.db);
			if (!registry.bySlug(input.branch)) await refuseBranch(ctx, path, input.branch);
			return recordReminder(ctx.store.db, { ...input, by: actorOf(ctx.viewer, ctx.client) });
		}),

	/** A branch's on-time rate over the cycle's due months (its page; a branch account: its own). */
	onTime: procedureFor('view.own-branch')
		.input(z.object({ slug: z.string().max(80) }))
		.query(async ({ ctx, input, path }) => {
			if (!canSeeBranch(ctx.viewer, input.slug)) await refuseBranch(ctx, path, input.slug);
			const settings = await getDeadlines(ctx.store.db);
			const day = await cycleToday(ctx.store.db);
			const rates = await onTimeRates(ctx.store.db, [input.slug], settings, day);
			return rates.get(input.slug)!;
		}),

	/** The deadline settings (any signed-in account may read them). */
	deadlines: procedureFor('view.own-branch').query(({ ctx }) => getDeadlines(ctx.store.db)),

	/** Change the deadline settings (admin). */
	setDeadlines: procedureFor('settings.manage')
		.input(
			z.object({
				defaultDay: z.number().int().min(1).max(MAX_DEADLINE_DAY),
				extensions: z.record(month, z.string().regex(/^\d{4}-\d{2}-\d{2}$/)),
				startMonth: month.nullable()
			})
		)
		.mutation(async ({ ctx, input }) => {
			await setDeadlines(ctx.store.db, input, actorOf(ctx.viewer, ctx.client));
			return getDeadlines(ctx.store.db);
		})
});
