/**
 * The slides a deck opens with after its title: the KPI summary (the page's KPI row as a table)
 * and the talking points, from the same view and findings the page shows. Used by the browser's
 * "Export deck" and by the server's decks alike.
 */
import type { DeckSummary, TableSlide } from '$lib/charts/export/deck';
import type { ChartFrame } from '$lib/charts/frame';
import { figureKind } from '$lib/domain/aggregate';
import { figureWithUnit, formatChange, formatFigure } from '$lib/domain/format';
import { metricById } from '$lib/domain/metrics';
import type { Finding } from '$lib/domain/talking-points';
import { branchShort, inLang, metricLabel, unitLabel, type Lang } from '$lib/i18n';
import { m } from '$lib/paraglide/messages.js';
import { chartFrame } from './branch-charts';
import type { BranchView } from './branch-view';
import { kpiExtremes } from './kpi';
import { figureUnit, overviewFrame } from './overview-charts';
import type { BranchFigure, MetricView, OverviewView } from './overview-view';
import type { ViewRegistry } from './view-chart';

/** A figure with its unit as the KPI card shows it (a ratio or % of norm carries its own %). */
function withUnit(value: number | null, v: Pick<MetricView, 'id' | 'figure'>, lang: Lang): string {
	return figureWithUnit(value, v.figure, figureUnit(v, lang));
}

/** `第一检察部、第二检察部（并列） 4 次`, `3 个支部并列 100.0%`, as the KPI card names them. */
function extremeText(
	group: BranchFigure[],
	v: MetricView,
	nameOf: (slug: string) => string,
	lang: Lang
): string {
	if (!group.length) return '—';
	const o = inLang(lang);
	const names =
		group.length > 2
			? m.ov_kpi_tied_many({ count: group.length }, o)
			: group.map((b) => nameOf(b.slug)).join(lang === 'en' ? ', ' : '、') +
				(group.length > 1 ? (lang === 'en' ? ' ' : '') + m.ov_kpi_tied({}, o) : '');
	const partial = group[0].partial ? '*' : '';
	return `${names}  ${withUnit(group[0].normalised, v, lang)}${partial}`;
}

function pointsSlide(frame: ChartFrame, findings: Finding[], lang: Lang): DeckSummary['points'] {
	const o = inLang(lang);
	return {
		frame: { ...frame, title: m.tp_title({}, o) },
		items: findings.map((f) => ({ text: f.text[lang], attention: f.level === 'attention' })),
		empty: m.tp_none({}, o)
	};
}

/** The overview's deck summary: every metric of the KPI row, then the view's talking points. */
export function overviewSummary(
	view: OverviewView,
	findings: Finding[],
	registry: ViewRegistry,
	lang: Lang
): DeckSummary {
	const o = inLang(lang);
	const nameOf = (slug: string) => {
		const b = registry.branches.find((x) => x.slug === slug);
		return b ? branchShort(b, lang) : slug;
	};
	const comparing = view.metrics.some((v) => v.previousAllBranch);
	const frame = overviewFrame(
		{ view, branches: registry.branches, lang },
		m.slides_kpi_title({}, o),
		view.norm,
		'',
		false
	);
	const columns = [
		m.slides_kpi_metric({}, o),
		m.slides_kpi_all({}, o),
		m.slides_kpi_basis({}, o),
		...(comparing
			? [view.cmp === 'yoy' ? m.ov_kpi_change_yoy({}, o) : m.ov_kpi_change({}, o)]
			: []),
		m.ov_kpi_best({}, o),
		m.ov_kpi_lowest({}, o)
	];
	let partial = false;
	const rows = view.metrics.map((v) => {
		const label = metricLabel(metricById(v.id), lang);
		if (v.allBranch.value === null)
			return [label, m.ov_kpi_none({}, o), '', ...(comparing ? [''] : []), '—', '—'];
		const ext = kpiExtremes(v);
		if (ext && [...ext.best, ...ext.lowest].some((b) => b.partial)) partial = true;
		const delta =
			v.previousAllBranch && v.previousAllBranch.value !== null
				? v.allBranch.value - v.previousAllBranch.value
				: null;
		return [
			label,
			withUnit(v.allBranch.value, v, lang),
			v.allBranch.method === 'pooled'
				? m.ov_kpi_pooled({ count: v.allBranch.branches }, o)
				: m.ov_kpi_mean({ count: v.allBranch.branches }, o),
			...(comparing ? [v.previousAllBranch ? formatChange(delta, v.figure, lang) : '—'] : []),
			ext ? extremeText(ext.best, v, nameOf, lang) : '—',
			ext ? extremeText(ext.lowest, v, nameOf, lang) : '—'
		];
	});
	const kpi: TableSlide = {
		frame,
		columns,
		rows,
		note: partial ? m.slides_kpi_partial({}, o) : undefined
	};
	return { kpi, points: pointsSlide(frame, findings, lang) };
}

/** A branch page's deck summary: the header's figures and ranks, then its talking points. */
export function branchSummary(view: BranchView, findings: Finding[], lang: Lang): DeckSummary {
	const o = inLang(lang);
	const title = m.slides_kpi_title({}, o);
	const frame = chartFrame(view, title, '', title, lang);
	const ranked = view.trends.some((t) => t.rank !== null);
	const kpi: TableSlide = {
		frame,
		columns: [
			m.slides_kpi_metric({}, o),
			m.slides_kpi_figure({}, o),
			...(ranked ? [m.slides_kpi_rank({}, o)] : [])
		],
		rows: view.trends.map((t) => {
			const metric = metricById(t.metric);
			return [
				metricLabel(metric, lang),
				figureWithUnit(t.total.value, figureKind(metric), unitLabel(metric, lang)),
				...(ranked
					? [
							t.rank === null
								? m.bp_rank_none({}, o)
								: m.bp_rank_value({ rank: t.rank, of: t.ranked }, o)
						]
					: [])
			];
		}),
		note: [
			`${m.bp_members({}, o)} ${formatFigure(view.header.members)}`,
			`${m.bp_months_reported({}, o)} ${m.bp_months_reported_value(
				{ reported: view.header.monthsReported, months: view.months.length },
				o
			)}`
		].join(' · ')
	};
	return { kpi, points: pointsSlide(frame, findings, lang) };
}
