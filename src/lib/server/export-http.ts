/** Shared by the export endpoints: their query, the view of the URL, errors and download names. */
import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { Lang } from '../charts/frame';
import { branchSlug, parseView, type ViewParams } from '../views/view-params';
import type { AppStore } from './app';
import { BranchNotFound } from './branch-page';
import { dataRange } from './imports';
import { m } from '../paraglide/messages.js';
import { can, canSeeBranch } from '../domain/roles';
import { writeAudit } from './audit';
import { roleLabel } from './auth/messages';
import { actorOf } from './auth/session';
import { PoolBusy, WorkerCrashed } from './workers/pool';

/**
 * The view of an export URL by the one view schema, defaulting like the pages do; an invalid view
 * (a month out of range, a period over the limit, an unknown metric…) is a 400 naming each problem.
 */
export async function viewFromUrl(store: AppStore, url: URL): Promise<ViewParams> {
	const range = await dataRange(store.db);
	const view = parseView(url.searchParams, range?.to ?? null);
	if (!view.ok) error(400, view.problems.join('; '));
	return view.view;
}

export const langParam = z.enum(['zh', 'en']).optional();

export function langOf(param: Lang | undefined, locale: 'zh-cn' | 'en'): Lang {
	return param ?? (locale === 'en' ? 'en' : 'zh');
}

/** What every export takes besides the view's own parameters; an endpoint `.extend`s it. */
export const ExportQuery = z.object({
	branch: branchSlug.optional(),
	lang: langParam
});

/** An export's request as `make` gets it: its query, the URL's view and the language. */
export type ExportRequest<Q> = Omit<Q, 'lang'> & { view: ViewParams; lang: Lang };

/**
 * An export endpoint: parse its query (400 naming each bad parameter), read the view, default the
 * language to the UI's, answer with `make`; a branch that does not exist is a 404.
 */
export async function exportResponse<Q extends z.infer<typeof ExportQuery>>(
	{ url, locals }: Pick<RequestEvent, 'url' | 'locals'>,
	query: z.ZodType<Q>,
	make: (store: AppStore, request: ExportRequest<Q>) => Promise<Response>,
	/** The audit action of a successful export (decks and bulletins are recorded; images are not). */
	audited?: string
): Promise<Response> {
	const v = locals.viewer;
	const opts = { locale: locals.locale };
	if (!v) error(401, m.auth_err_signed_out({}, opts));
	const q = query.safeParse(Object.fromEntries(url.searchParams));
	if (!q.success)
		error(400, q.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	// Every branch (the overview, `scope=branches`) needs `view.all`; one branch, that it is visible.
	const branch = q.data.branch;
	const everyBranch = !branch || (q.data as { scope?: string }).scope === 'branches';
	const refusal = v.mustChangePassword
		? m.auth_err_change_password({}, opts)
		: !can(v.role, 'export', v.shared) || (everyBranch && !can(v.role, 'view.all', v.shared))
			? m.auth_err_forbidden({ role: roleLabel(v.role, locals.locale) }, opts)
			: branch && !canSeeBranch(v, branch)
				? m.auth_err_branch({ branch }, opts)
				: null;
	if (refusal) {
		await writeAudit(locals.store.db, {
			...actorOf(v, locals.client),
			action: 'denied',
			outcome: 'denied',
			target: url.pathname,
			branch: branch ?? null,
			detail: { need: 'export', query: url.search }
		});
		error(403, refusal);
	}
	// The view's own parameters are checked by the view schema (the query only passes them on).
	const view = await viewFromUrl(locals.store, url);
	const lang = langOf(q.data.lang, locals.locale);
	try {
		const response = await make(locals.store, { ...q.data, view, lang });
		if (audited)
			await writeAudit(locals.store.db, {
				...actorOf(v, locals.client),
				action: audited,
				target: url.pathname,
				branch: branch ?? null,
				detail: { query: url.search }
			});
		return response;
	} catch (e) {
		if (e instanceof BranchNotFound) error(404, `no branch "${q.data.branch}"`);
		const busy = poolErrorResponse(e, lang);
		if (busy) return busy;
		throw e;
	}
}

/**
 * The answer to a worker-pool failure of an export: 503 with Retry-After when the queue is full,
 * 503 naming the stopped worker when one died (the pool has replaced it); null for other errors.
 */
export function poolErrorResponse(e: unknown, lang: Lang): Response | null {
	const locale = lang === 'en' ? 'en' : 'zh-cn';
	if (e instanceof PoolBusy)
		return new Response(m.slides_err_busy({ seconds: e.retryAfter }, { locale }), {
			status: 503,
			headers: {
				'retry-after': String(e.retryAfter),
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'no-store'
			}
		});
	if (e instanceof WorkerCrashed)
		return new Response(m.slides_err_worker_stopped({ reason: e.reason }, { locale }), {
			status: 503,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
		});
	return null;
}

/** `attachment` with an ASCII fallback and the real (Chinese) name per RFC 6266/5987. */
export function attachment(fileName: string): string {
	const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
