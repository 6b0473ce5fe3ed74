/** Human-readable CLI output (the `--json` forms are built in main.ts). */
import type { BranchRegistry } from '../lib/domain/branches';
import { formatFigure } from '../lib/domain/format';
import { METRICS, metricName } from '../lib/domain/metrics';
import { problemMessage } from '../lib/import/messages';
import type { ImportOutcome } from '../lib/server/imports';
import type { Lang } from '../lib/i18n';
import type { PeriodSummary } from '../lib/server/summary';

/** Display width: CJK and full-width characters take two columns in a terminal. */
function width(s: string): number {
	let w = 0;
	for (const ch of s)
		w +=
			/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
				ch
			)
				? 2
				: 1;
	return w;
}

function pad(s: string, w: number, right = false): string {
	const fill = ' '.repeat(Math.max(0, w - width(s)));
	return right ? fill + s : s + fill;
}

/** A ratio whose denominator was reported as 0: nothing to divide, apart from "not reported". */
const NOT_APPLICABLE = 'n/a';

export function formatSummaryTable(s: PeriodSummary, registry: BranchRegistry, lang: Lang): string {
	const heads = s.branches.map((b) => {
		const br = registry.bySlug(b.slug);
		return lang === 'en' ? b.slug : (br?.short ?? b.name);
	});
	const rows = METRICS.map((m) => [
		metricName(m, lang),
		...s.branches.map((b) => {
			const a = b.metrics[m.id];
			// Reported, but a ratio's denominator is 0 (政治部 handles no cases): not applicable.
			if (a.value === null && a.reported > 0) return NOT_APPLICABLE;
			const v = formatFigure(a.value, m.kind === 'ratio' ? 'ratio' : 'count');
			return a.reported < a.months && a.value !== null ? `${v}*` : v;
		})
	]);
	const all = [[lang === 'en' ? 'metric' : '指标', ...heads], ...rows];
	const widths = all[0].map((_, i) => Math.max(...all.map((r) => width(r[i]))));
	const lines = all.map((r) => r.map((c, i) => pad(c, widths[i], i > 0)).join('  '));
	const title = lang === 'en' ? `Summary ${s.from}..${s.to}` : `汇总 ${s.from} 至 ${s.to}`;
	const note =
		lang === 'en'
			? `* not every month of the period was reported; — nothing reported; ${NOT_APPLICABLE} not applicable (nothing to divide by, e.g. no cases)`
			: `* 期间内有月份未填报；— 表示未填报；${NOT_APPLICABLE} 表示不适用（分母为 0，如无办案）`;
	return [title, '', ...lines, '', note, ''].join('\n');
}

export function formatOutcome(o: ImportOutcome, lang: Lang): string {
	const locale = lang === 'en' ? 'en' : 'zh-cn';
	const head =
		lang === 'en'
			? `${o.file}: ${o.status} (${o.encoding ?? '?'}, ${o.rows} ${o.rows === 1 ? 'row' : 'rows'}; ${o.new} new, ${o.replaced} replaced, ${o.unchanged} unchanged${o.importId ? `; import #${o.importId}` : ''})`
			: `${o.file}：${{ applied: '已导入', unchanged: '无变化', rejected: '已拒绝', valid: '可导入' }[o.status]}（${o.encoding ?? '?'}，${o.rows} 行；新增 ${o.new}，替换 ${o.replaced}，未变 ${o.unchanged}${o.importId ? `；导入编号 #${o.importId}` : ''}）`;
	const identical = o.identicalTo
		? lang === 'en'
			? `  identical to import #${o.identicalTo.importId} of ${o.identicalTo.importedAt}`
			: `  与 ${o.identicalTo.importedAt} 的导入 #${o.identicalTo.importId} 内容完全相同`
		: null;
	const problems = [
		...o.errors.map((p) => ({ p, tag: lang === 'en' ? 'error' : '错误' })),
		...o.warnings.map((p) => ({ p, tag: lang === 'en' ? 'warning' : '提示' }))
	].map(({ p, tag }) => {
		const { message, hint } = problemMessage(p, locale);
		return `  ${tag}: ${message}${hint ? ` ${hint}` : ''}`;
	});
	return [head, ...(identical ? [identical] : []), ...problems].join('\n');
}
