/**
 * The charts of each view for server-side exports, built with the pages' own builders from the
 * same server data functions (one source of truth with the browser).
 */
import type { ChartBuilder, Lang } from '../charts/frame';
import { rankTrendChart } from '../charts/rank-trend';
import { trendChart } from '../charts/trend';
import { rankInput, trendInput } from '../views/branch-charts';
import {
	groupedSpec,
	heatmapSpec,
	multiplesSpec,
	rankedSpec,
	type SpecContext
} from '../views/overview-charts';
import type { ViewParams } from '../views/view-params';
import { loadRegistry, type AppStore } from './app';
import { branchView } from './branch-page';
import type { ViewChart } from './export';
import { inLocale } from './locale';
import { overviewView } from './overview';

/**
 * The overview's charts, as the page builds them (its spec functions): ranked bars of the primary
 * metric, heatmap, grouped bars, small multiples. Builders run in `lang` whenever they are called.
 */
export async function overviewCharts(
	store: AppStore,
	view: ViewParams,
	lang: Lang
): Promise<ViewChart[]> {
	const registry = await loadRegistry(store.db);
	const data = await overviewView(
		store.db,
		registry.branches.map((b) => b.slug),
		view
	);
	const c: SpecContext = { view: data, branches: registry.branches, lang };
	const primary = data.metrics[0];
	const inLang =
		(build: ChartBuilder): ChartBuilder =>
		(ctx) =>
			inLocale(lang, () => build(ctx));
	return [
		{ id: 'ranked', build: inLang((ctx) => rankedSpec(c, primary, ctx)) },
		{ id: 'heatmap', build: inLang((ctx) => heatmapSpec(c, ctx)) },
		{ id: 'grouped', build: inLang((ctx) => groupedSpec(c, ctx)) },
		{ id: 'multiples', build: inLang((ctx) => multiplesSpec(c, primary, ctx)) }
	];
}

/**
 * A branch page's charts, as the page builds them (its view model and builders): one trend per
 * chosen metric, then the rank over time. Throws BranchNotFound for an unknown slug.
 */
export async function branchCharts(
	store: AppStore,
	view: ViewParams,
	lang: Lang,
	slug: string
): Promise<ViewChart[]> {
	const data = await branchView(store.db, {
		slug,
		period: { from: view.from, to: view.to },
		metrics: view.metrics,
		norm: view.norm,
		cmp: view.cmp
	});
	return inLocale(lang, () => {
		const charts: ViewChart[] = data.trends.map((trend) => {
			const input = trendInput(data, trend, false, 'quarter');
			return {
				id: `trend:${trend.metric}`,
				build: (ctx) => trendChart(input.data, input.frame, ctx)
			};
		});
		const rank = rankInput(data);
		charts.push({ id: 'rank-trend', build: (ctx) => rankTrendChart(rank.data, rank.frame, ctx) });
		return charts;
	});
}
