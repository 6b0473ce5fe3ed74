import { error } from '@sveltejs/kit';
import { TRPCError } from '@trpc/server';
import { INPUT_METRICS } from '$lib/domain/metrics';
import { monthsIn } from '$lib/domain/periods';
import { serverCaller } from '$lib/server/trpc/caller';
import type { PageServerLoad } from './$types';

/** A part of the link that did not fit the import, dropped and named on the page. */
type IgnoredParam =
	| { kind: 'branch' | 'metric' | 'month'; value: string }
	| { kind: 'page'; page: number; pages: number };

export const load: PageServerLoad = async (event) => {
	const id = Number(event.params.id);
	const pageParam = Number(event.url.searchParams.get('page') ?? 1);
	const changedOnly = event.url.searchParams.get('changed') === '1';
	const param = (name: string) => event.url.searchParams.get(name)?.slice(0, 100) || undefined;
	if (!Number.isInteger(id) || id < 1) error(404, 'Not found');
	const caller = serverCaller(event);
	const query = (filter: { branch?: string; metric?: string; month?: string }, page: number) =>
		caller.imports.detail({ id, page, changedOnly, ...filter });
	try {
		let page = Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1;
		const asked = { branch: param('branch'), metric: param('metric'), month: param('month') };
		const monthWellFormed = !asked.month || /^\d{4}-\d{2}$/.test(asked.month);
		let detail = await query({ ...asked, month: monthWellFormed ? asked.month : undefined }, page);
		// Filters the import cannot match are dropped and said so, rather than an empty table.
		const imp = detail.import;
		const fits = {
			branch: !asked.branch || imp.branches.includes(asked.branch),
			metric: !asked.metric || INPUT_METRICS.some((mt) => mt.id === asked.metric),
			month: !asked.month || monthsIn({ from: imp.from, to: imp.to }).includes(asked.month)
		};
		const ignored: IgnoredParam[] = [];
		for (const kind of ['branch', 'metric', 'month'] as const)
			if (!fits[kind]) ignored.push({ kind, value: asked[kind]! });
		const filter = Object.fromEntries(
			Object.entries(asked).filter(([k]) => fits[k as keyof typeof fits])
		);
		if (ignored.length) detail = await query(filter, page);
		// A page past the end shows the last one (a link kept from a longer filter, a typo).
		const pages = Math.max(1, Math.ceil(detail.total / detail.pageSize));
		if (page > pages) {
			ignored.push({ kind: 'page', page, pages });
			page = pages;
			detail = await query(filter, page);
		}
		return { detail, changedOnly, ignored };
	} catch (e) {
		if (e instanceof TRPCError && e.code === 'NOT_FOUND') error(404, e.message);
		throw e;
	}
};
