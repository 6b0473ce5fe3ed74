import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addMonths } from '../domain/periods';
import { loadRegistry } from './branches';
import type { OpenedDb } from './db';
import { applyImport } from './imports';
import { findingsFor } from './talking-points';
import { memoryStore, parsedFile, type CellSpec } from './test-fixtures';

let store: OpenedDb;

beforeEach(async () => {
	store = await memoryStore(3);
});

afterEach(async () => {
	await store.close();
});

const period = { from: '2021-04', to: '2021-06' };

/** 15 months of visits and committee meetings for a, b and c; c's 2021-05 is 66 visits. */
async function importYear() {
	const cells: CellSpec[] = [];
	for (let i = 0; i < 15; i++) {
		const month = addMonths('2020-04', i);
		for (const slug of ['a', 'b', 'c']) {
			if (slug === 'b' && month === '2021-06') continue; // b has not reported June
			const visits = slug === 'c' && month === '2021-05' ? 66 : slug === 'a' ? 8 : 5;
			cells.push([slug, month, 'guidance_visits', visits]);
			cells.push([slug, month, 'committee_meetings', slug === 'a' && month === '2021-04' ? 0 : 1]);
		}
	}
	return applyImport(store.db, parsedFile('year.csv', cells), { by: 't' });
}

describe('findingsFor', () => {
	it('reads completeness, leaders, norms and a value to check linked to its source row', async () => {
		const applied = await importYear();
		const registry = await loadRegistry(store.db);
		const findings = await findingsFor(store.db, registry, {
			period,
			metrics: ['guidance_visits'],
			norm: 'raw'
		});
		expect(findings.map((f) => f.rule)).toEqual([
			'completeness',
			'leaders',
			'norms',
			'movers',
			'movers',
			'outlier'
		]);
		expect(findings[0].text.zh).toBe(
			'3 个支部中 2 个填报了全部月份；乙（缺 2021-06）数据不全，其排名不代表工作落后。'
		);
		// c: 5 + 66 + 5 = 76; a: 24; b: 10 (two months). All-branch mean 36.7.
		expect(findings[1].text.zh).toBe(
			'调研指导：丙最高（76 次），高出全部支部平均（36.7 次）39.3 次；乙最低（10 次），低于全部支部平均 26.7 次。'
		);
		// b left June unreported: kept apart, not counted as missed.
		expect(findings[2].text.zh).toBe(
			'支委会（每月不少于 1 次）未达标：甲 1 个月（另有 1 个支部部分月份未填报，未计为未达标）。'
		);
		expect(findings[3].text.zh).toBe('调研指导较上期变化最大：丙 +61（15 → 76）。');
		expect(findings[4].text.zh).toBe('调研指导较去年同期变化最大：丙 +61（15 → 76）。');
		expect(findings[5].text.zh).toBe(
			'丙 2021-05 调研指导 66 次，约为其近 12 个月中位数（5）的 13 倍，请核实。'
		);
		// The fixture puts cell i on row i + 2: 13 months of 6 cells, then a's and b's 2 each.
		expect(findings[5].link).toEqual({
			to: 'import',
			importId: applied.importId,
			row: 13 * 6 + 4 + 2,
			column: 'guidance_visits'
		});
	});

	it('says "not enough months" where the earlier period was not reported', async () => {
		await importYear();
		const registry = await loadRegistry(store.db);
		const findings = await findingsFor(store.db, registry, {
			period: { from: '2020-04', to: '2020-06' },
			metrics: ['guidance_visits'],
			norm: 'raw'
		});
		expect(findings.filter((f) => f.rule === 'movers').map((f) => f.text.zh)).toEqual([
			'调研指导较上期：月份数据不足，不作比较。',
			'调研指导较去年同期：月份数据不足，不作比较。'
		]);
		expect(findings.some((f) => f.rule === 'outlier')).toBe(false);
	});

	it('keeps one branch to its own findings, without ranking', async () => {
		await importYear();
		const registry = await loadRegistry(store.db);
		const findings = await findingsFor(store.db, registry, {
			period,
			metrics: ['guidance_visits'],
			norm: 'raw',
			focus: 'b'
		});
		expect(findings.map((f) => f.rule)).toEqual(['completeness', 'versus', 'movers', 'movers']);
		// b missed June: its quarter is not compared with full ones.
		expect(findings[2].text.zh).toBe('调研指导较上期：月份数据不足，不作比较。');
		expect(findings[0].text.zh).toBe('乙 2021-04 至 2021-06 缺 2021-06 的数据，相关数字不完整。');
		expect(findings[1].text.zh).toBe('调研指导：乙 10 次，全部支部 36.7 次（−26.7）。');
	});
});
