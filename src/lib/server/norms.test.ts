import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normCoverage, seriesFrom } from '../domain/aggregate';
import { configureNorms, metricById, normOf } from '../domain/metrics';
import { loadNorms } from './norms';

const dir = mkdtempSync(join(tmpdir(), 'norms-'));

afterEach(() => configureNorms({}));

describe('configured norms', () => {
	it('override the catalogue defaults everywhere normOf is used', () => {
		const path = join(dir, 'norms.json');
		writeFileSync(
			path,
			JSON.stringify({ study_sessions: { min: 2, per: 'month' }, party_days: null })
		);
		loadNorms(path);
		expect(normOf(metricById('study_sessions'))).toEqual({ min: 2, per: 'month' });
		expect(normOf(metricById('party_days'))).toBeNull();
		expect(normOf(metricById('committee_meetings'))).toEqual({ min: 1, per: 'month' });
		const s = seriesFrom([{ metric: 'study_sessions', month: '2020-01', value: 3 }]);
		const p = { from: '2020-01', to: '2020-01' };
		expect(normCoverage(s, metricById('study_sessions'), p)!.met).toBe(1);
	});

	it('are the defaults when there is no file', () => {
		loadNorms(join(dir, 'absent.json'));
		expect(normOf(metricById('study_sessions'))).toEqual({ min: 4, per: 'month' });
	});

	it('refuse a malformed file, naming it and the problem', () => {
		const path = join(dir, 'bad.json');
		writeFileSync(path, JSON.stringify({ study_session: { min: 4, per: 'week' } }));
		expect(() => loadNorms(path)).toThrow(/bad\.json: .*study_session/);
	});
});
