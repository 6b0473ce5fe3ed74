import { describe, expect, it } from 'vitest';
import { importMaxCount } from './import-limits';

describe('importMaxCount', () => {
	it('defaults to 1,000,000 and reads PACESETTER_MAX_COUNT', () => {
		expect(importMaxCount({})).toBe(1_000_000);
		expect(importMaxCount({ PACESETTER_MAX_COUNT: '5000' })).toBe(5000);
	});

	it('refuses a malformed or overflowing ceiling, naming the variable', () => {
		expect(() => importMaxCount({ PACESETTER_MAX_COUNT: 'lots' })).toThrow(/PACESETTER_MAX_COUNT/);
		expect(() => importMaxCount({ PACESETTER_MAX_COUNT: '1e16' })).toThrow(/PACESETTER_MAX_COUNT/);
		expect(() => importMaxCount({ PACESETTER_MAX_COUNT: '-3' })).toThrow(/PACESETTER_MAX_COUNT/);
	});
});
