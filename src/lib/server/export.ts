/**
 * Server-side exports of a view: which charts a view has (the same builders and data functions as
 * the pages), one chart's PNG/SVG, and decks (this view, or every branch's page as sections).
 * Used by /api/export/* and by the CLI's `deck` command.
 */
import { repackZip } from './zip';
import { composeDeck, deckBytes, type DeckKind, type DeckSection } from '../charts/export/deck';
import { exportFileName, slideContext } from '../charts/export/sizes';
import type { Lang } from '../charts/frame';
import { renderChartSvg } from '../charts/ssr';
import { m } from '../paraglide/messages.js';
import type { ViewParams } from '../views/view-params';
import { periodText } from '../views/period-text';
import { isDemo, loadRegistry, type AppStore } from './app';
import { overviewCharts, branchCharts, deckSummary } from './export-charts';
import { svgToPng } from './render';
import { PoolBusy, workerPool } from './workers/pool';
import { BranchNotFound } from './branch-page';

export type DeckScope = 'overview' | 'branches';

import type { ViewChart } from '../views/view-chart';
export type { ViewChart };

export interface DeckRequest {
	view: ViewParams;
	kind: DeckKind;
	scope: DeckScope;
	lang: Lang;
	/** For scope `overview` on a branch page: that branch's charts only. */
	branch?: string;
	now?: Date;
	/** After each slide: slides done and the deck's total. */
	onProgress?: (done: number, total: number) => void;
}

const locale = (lang: Lang) => (lang === 'en' ? 'en' : 'zh-cn');

/** The charts of a view: the overview's, or one branch page's. */
export async function viewCharts(
	store: AppStore,
	view: ViewParams,
	lang: Lang,
	branch?: string
): Promise<ViewChart[]> {
	return branch ? branchCharts(store, view, lang, branch) : overviewCharts(store, view, lang);
}

/** Compose a deck on the server: pictures through ECharts SSR → resvg, or native charts. */
export async function buildDeck(
	store: AppStore,
	req: DeckRequest
): Promise<{ bytes: Uint8Array; slides: number; fileName: string }> {
	const pool = workerPool();
	// Admitted as a whole: refused up front when the pool is full, never half-way through.
	if (req.kind === 'pictures' && pool.full) throw new PoolBusy(pool.retryAfter);
	const registry = await loadRegistry(store.db);
	const l = locale(req.lang);
	let sections: DeckSection[];
	let viewName: string;
	// After the title: the KPI summary and talking points of the overview (every branch) or the page.
	const summary = await deckSummary(
		store,
		req.view,
		req.lang,
		req.scope === 'branches' ? undefined : req.branch
	);
	if (req.scope === 'branches') {
		viewName = m.slides_view_branches({}, { locale: l });
		sections = [];
		for (const b of registry.branches) {
			const charts = await viewCharts(store, req.view, req.lang, b.slug);
			sections.push({
				title: req.lang === 'en' ? b.nameEn : b.name,
				charts: charts.map((c) => c.build)
			});
		}
	} else {
		const b = req.branch ? registry.bySlug(req.branch) : undefined;
		if (req.branch && !b) throw new BranchNotFound(req.branch);
		viewName = b
			? req.lang === 'en'
				? b.nameEn
				: b.name
			: m.slides_view_overview({}, { locale: l });
		const charts = await viewCharts(store, req.view, req.lang, b?.slug);
		sections = [{ title: null, charts: charts.map((c) => c.build) }];
	}
	const { pptx, slides } = await composeDeck(
		{
			view: viewName,
			period: periodText(req.view.from, req.view.to, req.lang),
			date: (req.now ?? new Date()).toISOString().slice(0, 10),
			lang: req.lang,
			kind: req.kind,
			sections,
			demo: await isDemo(store),
			summary
		},
		async (build, ctx) => {
			const { svg } = renderChartSvg(build, ctx);
			const png = await svgToPng(svg, ctx.width, undefined, { admitted: true });
			return `data:image/png;base64,${png.toString('base64')}`;
		},
		// As many pictures at once as the pool has workers: the slides render in parallel.
		{ concurrency: pool.size, onProgress: req.onProgress }
	);
	const bytes = await deckBytes(pptx, repackZip);
	const stem = [m.app_name({}, { locale: l }), viewName, req.view.from, req.view.to].join('_');
	return { bytes, slides, fileName: exportFileName({ fileStem: stem, title: stem }, 'pptx') };
}

/** One chart of a view as PNG (pixel ratio 2) or SVG at a slide size. */
export async function renderViewChart(
	store: AppStore,
	opts: {
		view: ViewParams;
		chart: string;
		format: 'png' | 'svg';
		size: '16:9' | '4:3';
		lang: Lang;
		branch?: string;
	}
): Promise<{ body: Uint8Array | string; fileName: string; type: string } | null> {
	const charts = await viewCharts(store, opts.view, opts.lang, opts.branch);
	const chart = charts.find((c) => c.id === opts.chart);
	if (!chart) return null;
	const ctx = slideContext(opts.size, opts.lang, undefined, await isDemo(store));
	const { svg, spec } = renderChartSvg(chart.build, ctx);
	if (opts.format === 'svg') {
		return { body: svg, fileName: exportFileName(spec.frame, 'svg'), type: 'image/svg+xml' };
	}
	return {
		body: await svgToPng(svg, ctx.width),
		fileName: exportFileName(spec.frame, 'png'),
		type: 'image/png'
	};
}
