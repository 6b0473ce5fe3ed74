/**
 * The import page's procedures. Uploads arrive as FormData (a non-batched link); the server runs the
 * one pipeline again on the raw bytes and never trusts the browser's parse.
 */
import { z } from 'zod';
import { BranchRegistry } from '../../domain/branches';
import { maxFileBytes, type ParsedFile, type Problem } from '../../import/types';
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
import { importLimits, importMaxCount } from '../import-limits';
import { parseInPool } from '../workers/parse';
import { PoolBusy, WorkerCrashed } from '../workers/pool';
import { can, type Viewer } from '../../domain/roles';
import { writeAudit } from '../audit';
import { actorOf } from '../auth/session';
import { procedureFor, refuseBranch, router, TRPCError, type Context } from './init';

/** Problems sent back per file: enough to show, bounded so a broken 50 MB file stays small. */
const MAX_PROBLEMS_OUT = 200;
const PREVIEW_REPLACED = 200;
/** Imports per page of the history, and the most one request may ask for. */
export const HISTORY_PAGE = 50;
const MAX_HISTORY_PAGE = 200;

export const Upload = z.instanceof(FormData);

export interface UploadedFile {
	name: string;
	bytes: Uint8Array;
	/** The branch picked in the browser for a file that names none. */
	branch: string | undefined;
}

/**
 * The files of an upload form: `file` entries (in order) with optional `branch.<index>` choices.
 * Too many files or none at all is refused as a whole, with a message in the user's language.
 */
export async function readUpload(form: FormData, ctx: Context): Promise<UploadedFile[]> {
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
export async function parse(
	file: UploadedFile,
	registry: BranchRegistry,
	ctx: Context
): Promise<ParsedFile> {
	try {
		return await parseInPool(file.bytes, registry, {
			fileName: file.name,
			branch: file.branch,
			maxBytes: maxFileBytes(importLimits()),
			maxCount: importMaxCount(),
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

export const firstProblems = (list: Problem[]) => list.slice(0, MAX_PROBLEMS_OUT);

/** Whether the account sees every branch's imports and completeness (else its own branch's). */
const seesAll = (v: Viewer) =>
	can(v.role, 'view.all', v.shared) && can(v.role, 'import.any-branch');

/**
 * A branch account imports its own branch's rows only: a file with any other branch's rows is
 * refused as a whole (403, audited), naming those rows and branches.
 */
export async function checkOwnRows(
	ctx: Context & { viewer: Viewer },
	path: string,
	files: ParsedFile[]
) {
	const v = ctx.viewer;
	if (can(v.role, 'import.any-branch')) return;
	const registry = await loadRegistry(ctx.store.db);
	for (const parsed of files) {
		const foreign = new Map<string, Set<number>>();
		for (const c of parsed.cells)
			if (c.branch !== v.branch) {
				let rows = foreign.get(c.branch);
				if (!rows) foreign.set(c.branch, (rows = new Set()));
				rows.add(c.row);
			}
		if (foreign.size === 0) continue;
		const name = (slug: string) => {
			const b = registry.bySlug(slug);
			return b ? (ctx.locale === 'en' ? b.nameEn : b.name) : slug;
		};
		const list = [...foreign]
			.map(
				([slug, rows]) =>
					`${name(slug)}: ${[...rows].slice(0, 20).join(', ')}${rows.size > 20 ? '…' : ''}`
			)
			.join('; ');
		await writeAudit(ctx.store.db, {
			...actorOf(v, ctx.client),
			action: 'denied',
			outcome: 'denied',
			target: path,
			branch: v.branch,
			detail: { reason: 'foreign-rows', file: parsed.fileName, branches: [...foreign.keys()] }
		});
		throw new TRPCError({
			code: 'FORBIDDEN',
			message: m.auth_err_foreign_rows(
				{ file: parsed.fileName, rows: list, own: v.branch ? name(v.branch) : '' },
				{ locale: ctx.locale }
			)
		});
	}
}

export const importsRouter = router({
	/** What importing one file would do (new / replaced old → new / unchanged), without writing. */
	preview: procedureFor('import.own-branch')
		.input(Upload)
		.mutation(async ({ ctx, input, path }) => {
			const files = await readUpload(input, ctx);
			const registry = await loadRegistry(ctx.store.db);
			const parsedFiles = await Promise.all(files.map((f) => parse(f, registry, ctx)));
			await checkOwnRows(ctx, path, parsedFiles);
			return Promise.all(
				parsedFiles.map(async (parsed) => {
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
	commit: procedureFor('import.own-branch')
		.input(Upload)
		.mutation(async ({ ctx, input, path }) => {
			const files = await readUpload(input, ctx);
			const registry = await loadRegistry(ctx.store.db);
			const parsedFiles = [];
			for (const f of files) parsedFiles.push(await parse(f, registry, ctx));
			await checkOwnRows(ctx, path, parsedFiles);
			const out = [];
			for (const parsed of parsedFiles) {
				const o = await applyImport(ctx.store.db, parsed, {
					by: ctx.viewer.username,
					audit: (trx, applied) =>
						writeAudit(trx, {
							...actorOf(ctx.viewer, ctx.client),
							action: 'import',
							target: `import:${applied.importId}`,
							branch: parsed.branches.length === 1 ? parsed.branches[0] : null,
							detail: {
								file: parsed.fileName,
								sha256: parsed.sha256,
								branches: parsed.branches,
								months: parsed.months,
								cells: parsed.cells.length,
								new: applied.new,
								replaced: applied.replaced
							}
						})
				});
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
	list: procedureFor('imports.view')
		.input(
			z
				.object({
					page: z.number().int().positive().default(1),
					limit: z.number().int().min(1).max(MAX_HISTORY_PAGE).default(HISTORY_PAGE)
				})
				.default({ page: 1, limit: HISTORY_PAGE })
		)
		.query(async ({ ctx, input }) => {
			// A branch account sees its own branch's imports only.
			const branch = seesAll(ctx.viewer) ? undefined : (ctx.viewer.branch ?? '');
			const total = await countImports(ctx.store.db, branch);
			const pages = Math.max(1, Math.ceil(total / input.limit));
			const page = Math.min(input.page, pages);
			const imports = await listImports(ctx.store.db, {
				limit: input.limit,
				offset: (page - 1) * input.limit,
				branch
			});
			return { imports, total, page, pages, limit: input.limit };
		}),

	/** The summaries of some imports by id (the sources the completeness matrix names). */
	byIds: procedureFor('imports.view')
		.input(z.object({ ids: z.array(z.number().int().positive()).max(1000) }))
		.query(async ({ ctx, input }) => {
			const found = await importsById(ctx.store.db, input.ids);
			const v = ctx.viewer;
			return seesAll(v) ? found : found.filter((i) => i.branches.every((b) => b === v.branch));
		}),

	/** One import with a page of its cells and the values they replaced. */
	detail: procedureFor('imports.view')
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
		.query(async ({ ctx, input, path }) => {
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
			const v = ctx.viewer;
			const foreign = detail.import.branches.find((b) => b !== v.branch);
			if (!seesAll(v) && foreign) await refuseBranch(ctx, path, foreign);
			return {
				...detail,
				page: input.page,
				pageSize: input.pageSize,
				filter: { branch: input.branch, metric: input.metric, month: input.month }
			};
		}),

	/** Revert an import: its cells fall back to the newest remaining import's values. */
	revert: procedureFor('imports.revert')
		.input(z.object({ id: z.number().int().positive() }))
		.mutation(async ({ ctx, input }) => {
			const result = await revertImport(ctx.store.db, input.id, new Date(), (trx, r) =>
				writeAudit(trx, {
					...actorOf(ctx.viewer, ctx.client),
					action: 'revert',
					target: `import:${input.id}`,
					detail: { restored: r.restored, cleared: r.cleared }
				})
			);
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
	restore: procedureFor('imports.revert')
		.input(z.object({ id: z.number().int().positive() }))
		.mutation(async ({ ctx, input }) => {
			const result = await restoreImport(ctx.store.db, input.id, new Date(), (trx, r) =>
				writeAudit(trx, {
					...actorOf(ctx.viewer, ctx.client),
					action: 'restore',
					target: `import:${input.id}`,
					detail: { current: r.current, superseded: r.superseded }
				})
			);
			if (!result)
				throw new TRPCError({
					code: 'NOT_FOUND',
					message: m.import_err_not_found({ id: input.id }, { locale: ctx.locale })
				});
			return result;
		}),

	/** Branch × month completeness: all months with data, or one calendar year. */
	completeness: procedureFor('imports.view')
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
			const matrix = await completeness(ctx.store.db, shown);
			const v = ctx.viewer;
			if (!seesAll(v)) {
				matrix.branches = matrix.branches.filter((b) => b === v.branch);
				matrix.cells = matrix.cells.filter((c) => c.branch === v.branch);
			}
			return { range, years, ...matrix };
		})
});
