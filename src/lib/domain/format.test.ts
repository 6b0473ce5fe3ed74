import { describe, expect, it } from 'vitest';
import { figureWithUnit, formatChange, formatFigure } from './format';

describe('formatFigure', () => {
	it('shows ratios as percentages to one decimal and counts whole', () => {
		expect(formatFigure(0.29555, 'ratio')).toBe('29.6%');
		expect(formatFigure(1020)).toBe('1,020');
		expect(formatFigure(2.25)).toBe('2.3');
		expect(formatFigure(14.04, 'per10')).toBe('14.0');
	});
	it('shows missing as a dash, never as zero', () => {
		expect(formatFigure(null)).toBe('—');
		expect(formatFigure(0)).toBe('0');
	});
	it('signs changes, in percentage points for ratios', () => {
		expect(formatChange(3)).toBe('+3');
		expect(formatChange(-0.025, 'ratio')).toBe('−2.5 pp');
		// In Chinese, percentage points are 个百分点.
		expect(formatChange(-0.012, 'ratio', 'zh')).toBe('−1.2 个百分点');
		expect(formatChange(0.012, 'norm', 'en')).toBe('+1.2 pp');
		expect(formatChange(null)).toBe('—');
	});
});

describe('figureWithUnit', () => {
	it('puts an English unit in the singular after a figure that reads 1', () => {
		expect(figureWithUnit(1, 'count', 'times')).toBe('1 time');
		expect(figureWithUnit(2, 'count', 'times')).toBe('2 times');
		expect(figureWithUnit(1.5, 'count', 'times')).toBe('1.5 times');
		expect(figureWithUnit(0, 'count', 'times')).toBe('0 times');
		expect(figureWithUnit(1, 'count', 'people')).toBe('1 person');
		expect(figureWithUnit(1, 'count', 'person-times')).toBe('1 person-time');
		expect(figureWithUnit(1, 'count', 'person-months')).toBe('1 person-month');
		expect(figureWithUnit(1, 'count', 'reports')).toBe('1 report');
		expect(figureWithUnit(1, 'count', 'cases')).toBe('1 case');
		expect(figureWithUnit(1, 'count', 'items')).toBe('1 item');
	});
	it('leaves Chinese, derived units, ratios and missing figures as they are', () => {
		expect(figureWithUnit(1, 'count', '次')).toBe('1 次');
		expect(figureWithUnit(1, 'per10', 'times per 10 members')).toBe('1.0 times per 10 members');
		expect(figureWithUnit(0.25, 'ratio', '%')).toBe('25.0%');
		expect(figureWithUnit(1, 'norm', 'times')).toBe('100.0%');
		expect(figureWithUnit(null, 'count', 'times')).toBe('—');
	});
});
