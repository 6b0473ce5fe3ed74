import { requireAction } from '$lib/server/auth/guard';
import { loadRegistry } from '$lib/server/app';
import { branchTemplateCsv } from '$lib/server/submissions';
import { serverCaller } from '$lib/server/trpc/caller';
import type { RequestHandler } from './$types';

/** The branch's blank template: its name and the months it still has to report, filled in. */
export const GET: RequestHandler = async (event) => {
	await requireAction(event.locals, 'report.submit', event.url.pathname);
	const mine = await serverCaller(event).cycle.mine();
	const registry = await loadRegistry(event.locals.store.db);
	const branch = registry.bySlug(mine.branch);
	const months = mine.cells
		.filter((c) => c.state === 'missing' || c.state === 'returned' || c.state === 'not-due')
		.map((c) => c.month)
		.sort();
	const lang = event.locals.locale === 'en' ? 'en' : 'zh';
	const name = lang === 'en' ? (branch?.nameEn ?? mine.branch) : (branch?.name ?? mine.branch);
	const csv = branchTemplateCsv(name, months, lang);
	const file = `${mine.branch}-${months[0] ?? 'template'}.csv`;
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${file}"`,
			'cache-control': 'no-store'
		}
	});
};
