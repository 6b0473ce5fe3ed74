/**
 * Where a talking point leads from a page: a metric's chart on the overview (that metric made the
 * primary one), the completeness matrix, a branch page, or the import and row a value came from.
 */
import type { Finding } from '$lib/domain/talking-points';
import type { ViewParams } from './view-params';
import { viewQuery } from './view-query';

export function findingHref(f: Finding, view: ViewParams): string | null {
	const link = f.link;
	if (!link) return null;
	if (link.to === 'import') {
		const q = new URLSearchParams();
		if (f.about.slug) q.set('branch', f.about.slug);
		if (f.about.metric) q.set('metric', f.about.metric);
		if (f.about.month) q.set('month', f.about.month);
		return `/imports/${link.importId}?${q}`;
	}
	if (link.to === 'branch') {
		const metrics = link.metric
			? [link.metric, ...view.metrics.filter((m) => m !== link.metric)].slice(0, 12)
			: view.metrics;
		return `/branches/${link.slug}${viewQuery({ ...view, metrics, branch: undefined })}`;
	}
	if (link.chart === 'completeness') return '/imports#completeness';
	const metrics = link.metric
		? [link.metric, ...view.metrics.filter((m) => m !== link.metric)]
		: view.metrics;
	return `/${viewQuery({ ...view, metrics })}`;
}
