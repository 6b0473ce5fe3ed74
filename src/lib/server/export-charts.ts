/**
 * The charts of each view for server-side exports: the server's data functions feed the view
 * layer's `(data, registry, lang) → charts`, the same functions the pages render with.
 */
import type { Lang } from '../i18n';
import { branchCharts as branchViewCharts } from '../views/branch-charts';
import { overviewCharts as overviewViewCharts } from '../views/overview-charts';
import type { ViewChart } from '../views/view-chart';
import type { ViewParams } from '../views/view-params';
import { loadRegistry, type AppStore } from './app';
import { branchView } from './branch-page';
import { overviewView } from './overview';
import { findingsFor } from './talking-points';
import type { DeckSummary } from '../charts/export/deck';
import { branchSummary, overviewSummary } from '../views/deck-summary';

/** The overview's charts: ranked bars of the primary metric, heatmap, grouped bars, multiples. */
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
	return overviewViewCharts(data, registry, lang);
}

/**
 * A branch page's charts: one trend per chosen metric, then the rank over time. Throws
 * BranchNotFound for an unknown slug.
 */
export async function branchCharts(
	store: AppStore,
	view: ViewParams,
	lang: Lang,
	slug: string
): Promise<ViewChart[]> {
	const registry = await loadRegistry(store.db);
	const data = await branchView(store.db, {
		slug,
		period: { from: view.from, to: view.to },
		metrics: view.metrics,
		norm: view.norm,
		cmp: view.cmp
	});
	// Slides draw quarterly-norm trends by quarter, as the page does by default.
	return branchViewCharts(data, registry, lang, { axis: 'quarter' });
}

/**
 * What a deck opens with: the KPI summary and the talking points of the overview, or of one
 * branch's page: the same view and findings functions as the pages' loads.
 */
export async function deckSummary(
	store: AppStore,
	view: ViewParams,
	lang: Lang,
	slug?: string
): Promise<DeckSummary> {
	const registry = await loadRegistry(store.db);
	const period = { from: view.from, to: view.to };
	const findings = await findingsFor(store.db, registry, {
		period,
		metrics: view.metrics,
		norm: view.norm,
		focus: slug
	});
	if (slug) {
		const data = await branchView(store.db, {
			slug,
			period,
			metrics: view.metrics,
			norm: view.norm,
			cmp: view.cmp
		});
		return branchSummary(data, findings, lang);
	}
	const data = await overviewView(
		store.db,
		registry.branches.map((b) => b.slug),
		view
	);
	return overviewSummary(data, findings, registry, lang);
}
