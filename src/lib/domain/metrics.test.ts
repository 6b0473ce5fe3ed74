import { describe, expect, it } from 'vitest';
import { METRICS, metricById, unitAfter } from './metrics';

describe('metric units', () => {
	it('a headcount summed over months reads 人次 / person-months, never 人 / people', () => {
		// Only a figure taken as the latest month (党员人数) is a headcount of people.
		for (const m of METRICS.filter((m) => m.kind === 'sum')) {
			expect(m.unitZh, m.id).not.toBe('人');
			expect(m.unitEn, m.id).not.toBe('people');
		}
		expect(metricById('dues_due')).toMatchObject({ unitZh: '人次', unitEn: 'person-months' });
		expect(metricById('members')).toMatchObject({ kind: 'latest', unitZh: '人' });
	});

	it('every counted unit has an English singular of its own', () => {
		for (const m of METRICS.filter((m) => m.kind !== 'ratio')) {
			expect(m.unitEnOne, m.id).not.toBe(m.unitEn);
			expect(unitAfter('1', m.unitEn), m.id).toBe(m.unitEnOne);
			expect(unitAfter('2', m.unitEn), m.id).toBe(m.unitEn);
			expect(unitAfter('1', m.unitZh), m.id).toBe(m.unitZh);
		}
		expect(metricById('members').unitEnOne).toBe('person');
	});
});
