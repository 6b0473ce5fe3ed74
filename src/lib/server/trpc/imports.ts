/**
 * The import page's procedures. Uploads arrive as FormData (a non-batched link); the server runs the
 * one pipeline again on the raw bytes and never trusts the browser's parse.
 */
import { z } from 'zod';
import { BranchRegistry } from '../../domain/branches';
import { runPipeline } from '../../import/pipeline';
import type { ParsedFile, Problem } from '../../import/types';
import { m } from '../../paraglide/messages.js';
import { loadRegistry } from '../app';
import {
	applyImport,
	completeness,
	dataRange,
	type CompletenessCell,
	importDetail,
	listImports,
	planImport,
	revertImport
} from '../imports';
import { importLimits } from '../import-limits';
import { can, type Viewer } from '../../domain/roles';
import { writeAudit } from '../audit';
import { actorOf } from '../auth/session';
import { procedureFor, refuseBranch, router, TRPCError, type Context } from './init';

/** Problems sent back per file: enough to show, bounded so a broken 50 MB file stays small. */
const MAX_PROBLEMS_OUT = 200;
const PREVIEW_REPLACED = 200;

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

function parse(file: UploadedFile, registry: BranchRegistry): ParsedFile {
	return runPipeline(file.bytes, registry, {
		fileName: file.name,
		branch: file.branch,
		maxBytes: importLimits().maxFileBytes,
		previewRows: 0
	});
}

const firstProblems = (list: Problem[]) => list.slice(0, MAX_PROBLEMS_OUT);

/** Whether the account sees every branch's imports and completeness (else its own branch's). */
const seesAll = (v: Viewer) =>
	can(v.role, 'view.all', v.shared) && can(v.role, 'import.any-branch');

/**
 * A branch account imports its own branch's rows only: a file with any other branch's rows is
 * refused as a whole (403, audited), naming those rows and branches.
 */
async function checkOwnRows(ctx: Context & { viewer: Viewer }, path: string, files: ParsedFile[]) {
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
			const parsedFiles = files.map((f) => parse(f, registry));
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
			const parsedFiles = files.map((f) => parse(f, registry));
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

	/** The import history, newest first. */
	list: procedureFor('imports.view').query(async ({ ctx }) => {
		const all = await listImports(ctx.store.db);
		const v = ctx.viewer;
		return seesAll(v) ? all : all.filter((i) => i.branches.every((b) => b === v.branch));
	}),

	/** One import with a page of its cells and the values they replaced. */
	detail: procedureFor('imports.view')
		.input(
			z.object({
				id: z.number().int().positive(),
				page: z.number().int().positive().default(1),
				pageSize: z.number().int().min(10).max(500).default(100),
				changedOnly: z.boolean().default(false)
			})
		)
		.query(async ({ ctx, input, path }) => {
			const detail = await importDetail(ctx.store.db, input.id, {
				limit: input.pageSize,
				offset: (input.page - 1) * input.pageSize,
				changedOnly: input.changedOnly
			});
			if (!detail)
				throw new TRPCError({
					code: 'NOT_FOUND',
					message: m.import_err_not_found({ id: input.id }, { locale: ctx.locale })
				});
			const v = ctx.viewer;
			const foreign = detail.import.branches.find((b) => b !== v.branch);
			if (!seesAll(v) && foreign) await refuseBranch(ctx, path, foreign);
			return { ...detail, page: input.page, pageSize: input.pageSize };
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

/** The limits the page shows and checks before uploading. */
export const importLimitsInfo = () => {
	const { maxFileMb, maxFiles } = importLimits();
	return { maxFileMb, maxFiles };
};
