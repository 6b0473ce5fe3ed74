import { describe, expect, it } from 'vitest';
import { formatChange, formatFigure } from './format';

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
