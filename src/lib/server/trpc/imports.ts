/**
 * The import page's procedures. Uploads arrive as FormData (a non-batched link); the server runs the
 * one pipeline again on the raw bytes and never trusts the browser's parse.
 */
import { z } from 'zod';
import { BranchRegistry } from '../../domain/branches';
import type { ParsedFile, Problem } from '../../import/types';
import { m } from '../../paraglide/messages.js';
import { loadRegistry } from '../app';
import {
	applyImport,
	completeness,
	dataRange,
	type CompletenessCell,
	countImports,
	importDetail,
	importsById,
	listImports,
	planImport,
	restoreImport,
	revertImport
} from '../imports';
import { importLimits } from '../import-limits';
import { parseInPool } from '../workers/parse';
import { PoolBusy, WorkerCrashed } from '../workers/pool';
import { publicProcedure, router, TRPCError, type Context } from './init';

/** Problems sent back per file: enough to show, bounded so a broken 50 MB file stays small. */
const MAX_PROBLEMS_OUT = 200;
const PREVIEW_REPLACED = 200;
/** Imports per page of the history, and the most one request may ask for. */
export const HISTORY_PAGE = 50;
const MAX_HISTORY_PAGE = 200;

const Upload = z.instanceof(FormData);

interface UploadedFile {
	name: string;
	bytes: Uint8Array;
	/** The branch picked in the browser for a file that names none. */
	branch: string | undefined;
}

/**
 * The files of an upload form: `file` entries (in order) with optional `branch.<index>` choices.
 * Too many files or none at all is refused as a whole, with a message in the user's language.
 */
async function readUpload(form: FormData, ctx: Context): Promise<UploadedFile[]> {
	const limits = importLimits();
	const opts = { locale: ctx.locale };
	const entries = form.getAll('file');
	const files = entries.filter((f): f is File => f instanceof File);
	if (files.length === 0 || files.length !== entries.length)
		throw new TRPCError({ code: 'BAD_REQUEST', message: m.import_err_no_files({}, opts) });
	if (files.length > limits.maxFiles)
		throw new TRPCError({
			code: 'PAYLOAD_TOO_LARGE',
			message: m.import_err_too_many_files({ count: files.length, max: limits.maxFiles }, opts)
		});
	return Promise.all(
		files.map(async (f, i) => {
			const branch = form.get(`branch.${i}`);
			return {
				name: f.name || `file-${i + 1}.csv`,
				// An oversize file is still read (it is in the request already): the pipeline refuses it
				// with `file_too_large`, naming its size and the limit.
				bytes: new Uint8Array(await f.arrayBuffer()),
				branch: typeof branch === 'string' && branch.trim() ? branch.trim() : undefined
			};
		})
	);
}

/**
 * The pipeline on an uploaded file, in the worker pool: a full queue is a 503 (the route adds
 * Retry-After), a worker that stopped is a clear error naming the file; both in the user's language.
 */
async function parse(
	file: UploadedFile,
	registry: BranchRegistry,
	ctx: Context
): Promise<ParsedFile> {
	try {
		return await parseInPool(file.bytes, registry, {
			fileName: file.name,
			branch: file.branch,
			maxBytes: importLimits().maxFileBytes,
			previewRows: 0
		});
	} catch (e) {
		const opts = { locale: ctx.locale };
		if (e instanceof PoolBusy)
			throw new TRPCError({
				code: 'SERVICE_UNAVAILABLE',
				message: m.import_err_pool_busy({ file: file.name, seconds: e.retryAfter }, opts)
			});
		if (e instanceof WorkerCrashed)
			throw new TRPCError({
				code: 'UNPROCESSABLE_CONTENT',
				message: m.import_err_worker_stopped({ file: file.name, reason: e.reason }, opts)
			});
		throw e;
	}
}

const firstProblems = (list: Problem[]) => list.slice(0, MAX_PROBLEMS_OUT);

export const importsRouter = router({
	/** What importing one file would do (new / replaced old → new / unchanged), without writing. */
	preview: publicProcedure.input(Upload).mutation(async ({ ctx, input }) => {
		const files = await readUpload(input, ctx);
		const registry = await loadRegistry(ctx.store.db);
		return Promise.all(
			files.map(async (f) => {
				const parsed = await parse(f, registry, ctx);
				const plan = await planImport(ctx.store.db, parsed, PREVIEW_REPLACED);
				return {
					file: parsed.fileName,
					sha256: parsed.sha256,
					valid: parsed.errors.length === 0,
					errorCount: parsed.errors.length,
					errors: firstProblems(parsed.errors),
					...plan
				};
			})
		);
	}),

	/** Import the valid files of a batch, each in its own transaction; invalid ones are rejected. */
	commit: publicProcedure.input(Upload).mutation(async ({ ctx, input }) => {
		const files = await readUpload(input, ctx);
		const registry = await loadRegistry(ctx.store.db);
		const out = [];
		for (const f of files) {
			const o = await applyImport(ctx.store.db, await parse(f, registry, ctx), { by: 'web' });
			out.push({
				file: o.file,
				status: o.status,
				importId: o.importId,
				new: o.new,
				replaced: o.replaced,
				unchanged: o.unchanged,
				identicalTo: o.identicalTo,
				errorCount: o.errors.length,
				errors: firstProblems(o.errors)
			});
		}
		return out;
	}),

	/** A page of the import history, newest first, with the history's size. */
	list: publicProcedure
		.input(
			z
				.object({
					page: z.number().int().positive().default(1),
					limit: z.number().int().min(1).max(MAX_HISTORY_PAGE).default(HISTORY_PAGE)
				})
				.default({ page: 1, limit: HISTORY_PAGE })
		)
		.query(async ({ ctx, input }) => {
			const total = await countImports(ctx.store.db);
			const pages = Math.max(1, Math.ceil(total / input.limit));
			const page = Math.min(input.page, pages);
			const imports = await listImports(ctx.store.db, {
				limit: input.limit,
				offset: (page - 1) * input.limit
			});
			return { imports, total, page, pages, limit: input.limit };
		}),

	/** The summaries of some imports by id (the sources the completeness matrix names). */
	byIds: publicProcedure
		.input(z.object({ ids: z.array(z.number().int().positive()).max(1000) }))
		.query(({ ctx, input }) => importsById(ctx.store.db, input.ids)),

	/** One import with a page of its cells and the values they replaced. */
	detail: publicProcedure
		.input(
			z.object({
				id: z.number().int().positive(),
				page: z.number().int().positive().default(1),
				pageSize: z.number().int().min(10).max(500).default(100),
				changedOnly: z.boolean().default(false),
				branch: z.string().max(100).optional(),
				metric: z.string().max(100).optional(),
				month: z
					.string()
					.regex(/^\d{4}-\d{2}$/)
					.optional()
			})
		)
		.query(async ({ ctx, input }) => {
			const detail = await importDetail(ctx.store.db, input.id, {
				limit: input.pageSize,
				offset: (input.page - 1) * input.pageSize,
				changedOnly: input.changedOnly,
				branch: input.branch,
				metric: input.metric,
				month: input.month
			});
			if (!detail)
				throw new TRPCError({
					code: 'NOT_FOUND',
					message: m.import_err_not_found({ id: input.id }, { locale: ctx.locale })
				});
			return {
				...detail,
				page: input.page,
				pageSize: input.pageSize,
				filter: { branch: input.branch, metric: input.metric, month: input.month }
			};
		}),

	/** Revert an import: its cells fall back to the newest remaining import's values. */
	revert: publicProcedure
		.input(z.object({ id: z.number().int().positive() }))
		.mutation(async ({ ctx, input }) => {
			const result = await revertImport(ctx.store.db, input.id);
			if (!result)
				throw new TRPCError({
					code: 'NOT_FOUND',
					message: m.import_err_not_found({ id: input.id }, { locale: ctx.locale })
				});
			return result;
		}),

	/**
	 * Restore a reverted import from its stored history: each of its cells becomes current again
	 * unless a newer applied import supplies it.
	 */
	restore: publicProcedure
		.input(z.object({ id: z.number().int().positive() }))
		.mutation(async ({ ctx, input }) => {
			const result = await restoreImport(ctx.store.db, input.id);
			if (!result)
				throw new TRPCError({
					code: 'NOT_FOUND',
					message: m.import_err_not_found({ id: input.id }, { locale: ctx.locale })
				});
			return result;
		}),

	/** Branch × month completeness: all months with data, or one calendar year. */
	completeness: publicProcedure
		.input(z.object({ year: z.number().int().min(1990).max(2100).optional() }).default({}))
		.query(async ({ ctx, input }) => {
			const range = await dataRange(ctx.store.db);
			if (!range) {
				const empty: CompletenessCell[] = [];
				return {
					range,
					years: [] as number[],
					months: [] as string[],
					branches: [] as string[],
					cells: empty
				};
			}
			const first = Number(range.from.slice(0, 4));
			const last = Number(range.to.slice(0, 4));
			const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
			const shown = input.year ? { from: `${input.year}-01`, to: `${input.year}-12` } : range;
			return { range, years, ...(await completeness(ctx.store.db, shown)) };
		})
});

/** The limits the page shows and checks before uploading. */
export const importLimitsInfo = () => {
	const { maxFileMb, maxFiles } = importLimits();
	return { maxFileMb, maxFiles };
};
