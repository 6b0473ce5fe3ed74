/**
 * A synthetic province: `n` registered branches and a wide UTF-8 export of every branch × month ×
 * input metric, with values that pass every rule (leaders ≤ total, paid ≤ due). Deterministic.
 */
import type { Branch } from '../../src/lib/domain/branches';
import { INPUT_METRICS } from '../../src/lib/domain/metrics';
import { addMonths, type Month } from '../../src/lib/domain/periods';

export const PROVINCE = { branches: 1000, months: 60, from: '2019-01' as Month };

/** A registry of `n` branches: `branch-0001` … named `第0001号党支部`. */
export function syntheticBranches(n: number): Branch[] {
	return Array.from({ length: n }, (_, i) => {
		const k = String(i + 1).padStart(4, '0');
		return {
			slug: `branch-${k}`,
			name: `第${k}号党支部`,
			short: `第${k}号`,
			nameEn: `Branch ${k}`,
			shortEn: `Branch ${k}`,
			aliases: [],
			colour: '#5d6d7e',
			order: i + 1
		};
	});
}

/** A small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** The header of the wide export: branch, month, then every input metric's Chinese name and unit. */
export function exportHeader(): string[] {
	return ['支部名称', '月份', ...INPUT_METRICS.map((m) => `${m.zh}（${m.unitZh}）`)];
}

/** The wide CSV of `branches` × `months` months from `from`, as UTF-8 bytes (no BOM). */
export function provinceExport(
	branches: readonly Branch[],
	months: number,
	from: Month = PROVINCE.from,
	seed = 7
): Buffer {
	const rnd = prng(seed);
	const ids = INPUT_METRICS.map((m) => m.id);
	const iTotal = ids.indexOf('cases_total');
	const iLeaders = ids.indexOf('cases_by_leaders');
	const iDue = ids.indexOf('dues_due');
	const iPaid = ids.indexOf('dues_paid');
	const iMembers = ids.indexOf('members');
	const lines: string[] = [exportHeader().join(',')];
	const values: number[] = new Array(ids.length);
	for (const b of branches) {
		const members = 10 + Math.floor(rnd() * 40);
		for (let k = 0; k < months; k++) {
			for (let j = 0; j < ids.length; j++) values[j] = Math.floor(rnd() * 12);
			values[iMembers] = members;
			values[iTotal] = 20 + Math.floor(rnd() * 40);
			values[iLeaders] = Math.floor(values[iTotal] * rnd() * 0.5);
			values[iDue] = members;
			values[iPaid] = members - Math.floor(rnd() * 3);
			lines.push(`${b.name},${addMonths(from, k)},${values.join(',')}`);
		}
	}
	return Buffer.from(lines.join('\r\n') + '\r\n', 'utf8');
}
