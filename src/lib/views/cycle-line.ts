/**
 * A month's completeness line, the one wording of the overview, the reporting matrix, the 催报 list
 * and the CLI: "2021-12：已采用 5/8，待审核 1，已退回 1（第八检察部），未报送 1（办公室）".
 */
import { m } from '../paraglide/messages.js';

export interface CycleLineCounts {
	month: string;
	total: number;
	accepted: number;
	pending: number;
	returned: number;
	missing: number;
	/** The branches sent back and not reported (slugs, registry order). */
	returnedBranches: string[];
	missingBranches: string[];
}

export function cycleLineText(
	c: CycleLineCounts,
	nameOf: (slug: string) => string,
	locale: 'zh-cn' | 'en'
): string {
	const opts = { locale };
	const names = (slugs: string[]) =>
		slugs.length
			? m.cycle_line_names(
					{ names: slugs.map(nameOf).join(m.cycle_line_names_sep({}, opts)) },
					opts
				)
			: '';
	return [
		m.cycle_line_head({ month: c.month, accepted: c.accepted, total: c.total }, opts),
		m.cycle_line_pending({ count: c.pending }, opts),
		m.cycle_line_returned({ count: c.returned }, opts) + names(c.returnedBranches),
		m.cycle_line_missing({ count: c.missing }, opts) + names(c.missingBranches)
	].join(m.cycle_line_sep({}, opts));
}
