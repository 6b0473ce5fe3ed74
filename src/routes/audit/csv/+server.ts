/** GET /audit/csv?… — the audit trail under the page's filter, as CSV (admin and committee). */
import { auditCsv, listAudit } from '$lib/server/audit';
import { requireAction } from '$lib/server/auth/guard';
import { attachment } from '$lib/server/export-http';
import { auditFilterOf } from '$lib/server/trpc/accounts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
	await requireAction(locals, 'audit.view', url.pathname);
	const { from, to, actor, action, branch } = auditFilterOf(url);
	const { entries } = await listAudit(locals.store.db, { from, to, actor, action, branch });
	return new Response(auditCsv(entries), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': attachment(`audit-${new Date().toISOString().slice(0, 10)}.csv`),
			'cache-control': 'no-store'
		}
	});
};
