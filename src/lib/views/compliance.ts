/**
 * The 三会一课 compliance table of a view: one definition of its columns, rows and cell texts, read
 * by the screen's table, its CSV/XLSX data, its PNG and its slide (see `complianceSpec`).
 */
import { formatFigure } from '$lib/domain/format';
import { metricById, type MetricId } from '$lib/domain/metrics';
import { branchShort, inLang, metricLabel, type Lang } from '$lib/i18n';
import { m } from '$lib/paraglide/messages.js';
import type { ChartTable } from '$lib/charts/frame';
import type { ComplianceLevel } from '$lib/charts/compliance';
import type { CoverageCell, OverviewView } from './overview-view';
import type { ViewRegistry } from './view-chart';

export type { ComplianceLevel };

export interface ComplianceColumn {
	id: MetricId;
	label: string;
	/** `每月至少 1 次` / `at least 1 a quarter`. */
	rule: string;
}

export interface ComplianceCell {
	metric: MetricId;
	level: ComplianceLevel;
	/** The share of units meeting the norm; null when none lies inside the period (n/a). */
	coverage: number | null;
	/** `91.7%`, or `不适用` / `n/a`. */
	figure: string;
	/** `达标 11/12`; empty when n/a. */
	met: string;
	/** `11/12` (units met of units, as the picture shows it); empty when n/a. */
	ratio: string;
	/** `未达标 1`; empty when none. */
	notMet: string;
	/** `未填报 2`; empty when none (shown apart: not reported is not "not met"). */
	notReported: string;
	/** The counts behind it (null: no cell for this metric). */
	counts: Pick<CoverageCell, 'units' | 'met' | 'notMet' | 'notReported'> | null;
}

export interface ComplianceRow {
	slug: string;
	label: string;
	colour: string;
	cells: ComplianceCell[];
}

export interface ComplianceTable {
	title: string;
	hint: string;
	/** The first column's heading: `支部` / `Branch`. */
	branchHeading: string;
	columns: ComplianceColumn[];
	rows: ComplianceRow[];
}

/** How a cell is shaded: all units met, most (≥ 75%), fewer, or not applicable. */
export function complianceLevel(coverage: number | null): ComplianceLevel {
	if (coverage === null) return 'na';
	return coverage >= 1 ? 'full' : coverage >= 0.75 ? 'most' : 'low';
}

/** The table of the overview's norm coverage, every word in `lang`, branches in registry order. */
export function complianceTable(
	coverage: OverviewView['normCoverage'],
	registry: ViewRegistry,
	lang: Lang
): ComplianceTable {
	const o = inLang(lang);
	const first = coverage.branches[0]?.cells ?? [];
	const columns = coverage.metrics.map((id) => {
		const rule = first.find((c) => c.metric === id)?.rule;
		return {
			id,
			label: metricLabel(metricById(id), lang),
			rule: !rule
				? ''
				: rule.per === 'month'
					? m.ov_cov_rule_month({ min: rule.min }, o)
					: m.ov_cov_rule_quarter({ min: rule.min }, o)
		};
	});
	const rows = coverage.branches.map((b) => {
		const branch = registry.branches.find((x) => x.slug === b.slug);
		return {
			slug: b.slug,
			label: branch ? branchShort(branch, lang) : b.slug,
			colour: branch?.colour ?? '#8a94a3',
			cells: coverage.metrics.map((id): ComplianceCell => {
				const c = b.cells.find((x) => x.metric === id);
				if (!c)
					return {
						metric: id,
						level: 'na',
						coverage: null,
						figure: '—',
						met: '',
						ratio: '',
						notMet: '',
						notReported: '',
						counts: null
					};
				const na = c.coverage === null;
				return {
					metric: id,
					level: complianceLevel(c.coverage),
					coverage: c.coverage,
					figure: na ? m.ov_cov_na({}, o) : formatFigure(c.coverage, 'ratio'),
					met: na ? '' : `${m.ov_cov_met({}, o)} ${c.met}/${c.units}`,
					ratio: na ? '' : `${c.met}/${c.units}`,
					notMet: na || !c.notMet ? '' : `${m.ov_cov_not_met({}, o)} ${c.notMet}`,
					notReported:
						na || !c.notReported ? '' : `${m.ov_cov_not_reported({}, o)} ${c.notReported}`,
					counts: { units: c.units, met: c.met, notMet: c.notMet, notReported: c.notReported }
				};
			})
		};
	});
	return {
		title: m.ov_compliance_title({}, o),
		hint: m.ov_compliance_hint({}, o),
		branchHeading: m.ov_w_branch({}, o),
		columns,
		rows
	};
}

/**
 * The table's data for CSV and XLSX: per metric its share met (a number, shown as %), then the
 * units met, not met and not reported, as numbers (empty where not applicable).
 */
export function complianceData(t: ComplianceTable, lang: Lang): ChartTable {
	const o = inLang(lang);
	const words = [m.ov_cov_met({}, o), m.ov_cov_not_met({}, o), m.ov_cov_not_reported({}, o)];
	return {
		columns: [
			t.branchHeading,
			...t.columns.flatMap((c) => [
				!c.rule ? c.label : lang === 'en' ? `${c.label} (${c.rule})` : `${c.label}（${c.rule}）`,
				...words.map((w) => `${c.label} · ${w}`)
			])
		],
		kinds: [null, ...t.columns.flatMap(() => ['ratio' as const, null, null, null])],
		rows: t.rows.map((r) => [
			r.label,
			...r.cells.flatMap((c) => [
				c.coverage,
				c.counts && c.coverage !== null ? c.counts.met : null,
				c.counts && c.coverage !== null ? c.counts.notMet : null,
				c.counts && c.coverage !== null ? c.counts.notReported : null
			])
		])
	};
}
