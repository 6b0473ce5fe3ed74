/** A branch's blank template: the import template's header, one row per month due, branch filled in. */
import { INPUT_METRICS, type Metric } from '../../domain/metrics';

const unit = (m: Metric, lang: 'zh' | 'en') =>
	lang === 'en' ? (m.monthUnit?.en ?? m.unitEn) : (m.monthUnit?.zh ?? m.unitZh);

/**
 * The same header as `static/templates/pacesetter-template-*.csv`; UTF-8 with a BOM for Excel.
 * `values` fills a month's row (the demo's files); blank otherwise.
 */
export function branchTemplateCsv(
	branchName: string,
	months: string[],
	lang: 'zh' | 'en',
	values: (month: string, metric: string) => number | undefined = () => undefined
): string {
	const header =
		lang === 'en'
			? ['Branch', 'Month', ...INPUT_METRICS.map((m) => `${m.en} (${unit(m, 'en')})`)]
			: ['支部名称', '月份', ...INPUT_METRICS.map((m) => `${m.zh}（${unit(m, 'zh')}）`)];
	const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
	const rows = months.map((mo) => [
		branchName,
		mo,
		...INPUT_METRICS.map((m) => String(values(mo, m.id) ?? ''))
	]);
	return '\uFEFF' + [header, ...rows].map((r) => r.map(quote).join(',')).join('\r\n') + '\r\n';
}
