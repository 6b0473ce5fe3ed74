/**
 * The charts of each view for server-side exports, built with the pages' own builders from the
 * same server data functions.
 */
import type { ChartFrame, Lang } from '../charts/frame';
import { rankedBarChart, type RankedBarData } from '../charts/ranked-bar';
import { allBranchFigure, rankValues } from '../domain/aggregate';
import type { FigureKind } from '../domain/format';
import { metricById, metricName, metricUnit, type MetricId } from '../domain/metrics';
import { m } from '../paraglide/messages.js';
import type { ViewParams } from '../view-params';
import { loadRegistry, type AppStore } from './app';
import type { Db } from './db';
import type { ViewChart } from './export';
import { summarise, type PeriodSummary } from './summary';
import type { BranchRegistry } from '../domain/branches';
import { rankTrendChart } from '../charts/rank-trend';
import { trendChart } from '../charts/trend';
import { rankInput, trendInput } from '../components/branch/view-model';
import { branchView } from './branch-page';
import { inLocale } from './locale';

/** The date of the latest import (`2026-11-25`), or null when nothing was imported. */
export async function latestImportDate(db: Db): Promise<string | null> {
	const row = await db
		.selectFrom('imports')
		.select((eb) => eb.fn.max('imported_at').as('at'))
		.executeTakeFirst();
	return row?.at ? String(row.at).slice(0, 10) : null;
}

function rankedSpec(
	summary: PeriodSummary,
	registry: BranchRegistry,
	metricId: MetricId,
	view: ViewParams,
	lang: Lang,
	asOf: string | null,
	highlight?: string
) {
	const locale = lang === 'en' ? 'en' : 'zh-cn';
	const metric = metricById(metricId);
	const kind: FigureKind = metric.kind === 'ratio' ? 'ratio' : 'count';
	const aggs = summary.branches.map((b) => b.metrics[metricId]);
	const ranks = rankValues(aggs.map((a) => a?.value ?? null));
	const all = allBranchFigure(metric, aggs.filter(Boolean));
	const title = metricName(metric, lang);
	const unit = kind === 'ratio' ? '%' : metricUnit(metric, lang);
	const data: RankedBarData = {
		kind,
		unit,
		items: summary.branches.map((b, i) => {
			const branch = registry.bySlug(b.slug)!;
			const agg = aggs[i];
			return {
				slug: b.slug,
				label: lang === 'en' ? branch.nameEn.replace(/ Branch$/, '') : branch.short,
				colour: highlight && highlight !== b.slug ? '#c4cad3' : branch.colour,
				value: agg?.value ?? null,
				reported: agg?.reported ?? 0,
				months: agg?.months ?? 0,
				rank: ranks[i]
			};
		}),
		average: { value: all.value, label: lang === 'en' ? 'All branches' : '全部支部' },
		norm: null,
		words: {
			reported: lang === 'en' ? 'reported' : '已填报',
			rank: lang === 'en' ? 'rank' : '名次',
			notReported: m.not_reported({}, { locale }),
			partial: lang === 'en' ? 'some months' : '部分月份'
		}
	};
	const frame: ChartFrame = {
		title,
		subtitle: lang === 'en' ? `${view.from} to ${view.to}` : `${view.from} 至 ${view.to}`,
		unit,
		source: m.footer_source({}, { locale }),
		asOf: asOf ? (lang === 'en' ? `Data as of ${asOf}` : `数据截至 ${asOf} 导入`) : '',
		legend: [],
		fileStem: `${title}_${view.from}_${view.to}`
	};
	return { data, frame };
}

/** The overview's charts (provisional: ranked bars per chosen metric until the overview lands). */
export async function overviewCharts(
	store: AppStore,
	view: ViewParams,
	lang: Lang,
	asOf: string | null
): Promise<ViewChart[]> {
	const registry = await loadRegistry(store.db);
	const summary = await summarise(store.db, registry, view);
	return view.metrics.map((id, i) => {
		const { data, frame } = rankedSpec(summary, registry, id, view, lang, asOf);
		return {
			id: i === 0 ? 'ranked' : `ranked:${id}`,
			build: (ctx) => rankedBarChart(data, frame, ctx)
		};
	});
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
		norm: view.norm
	});
	return inLocale(lang, () => {
		const charts: ViewChart[] = data.trends.map((trend) => {
			const input = trendInput(data, trend, false);
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
