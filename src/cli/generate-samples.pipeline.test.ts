import { describe, expect, it } from 'vitest';
import { BranchRegistry } from '../lib/domain/branches';
import { INPUT_METRICS } from '../lib/domain/metrics';
import { runPipeline } from '../lib/import/pipeline';
import { buildSamples, loadBranches, MONTHS, renderOutputs } from './generate-samples';

const registry = new BranchRegistry(loadBranches());
const samples = buildSamples();
const outputs = renderOutputs(samples);

describe('sample exports through the import pipeline', () => {
	for (const sample of samples) {
		const { slug } = sample.branch;
		const file = outputs.find((f) => f.slug === slug)!;
		const fileName = file.path.split('/').pop()!;

		it(`${fileName} imports without errors as 36 months of ${slug}`, () => {
			const parsed = runPipeline(new Uint8Array(file.bytes), registry, {
				fileName,
				today: new Date('2022-01-15T00:00:00Z')
			});
			expect(parsed.errors).toEqual([]);
			expect(parsed.branches).toEqual([slug]);
			expect(parsed.months).toEqual({ from: MONTHS[0], to: MONTHS[MONTHS.length - 1] });
			expect(new Set(parsed.cells.map((c) => c.month)).size).toBe(
				MONTHS.filter((_, i) => sample.columns.members[i] !== null).length
			);

			// Every reported value comes through unchanged; unreported cells stay missing.
			const imported = new Map(parsed.cells.map((c) => [`${c.month} ${c.metric}`, c.value]));
			const expected = new Map<string, number>();
			MONTHS.forEach((m, i) => {
				for (const metric of INPUT_METRICS) {
					const v = sample.columns[metric.id][i];
					if (v !== null) expected.set(`${m} ${metric.id}`, v);
				}
			});
			expect(imported).toEqual(expected);
		});
	}

	for (const lang of ['zh', 'en']) {
		it(`flags the example row of the ${lang} template as a sample row`, () => {
			const file = outputs.find((f) => f.path.endsWith(`pacesetter-template-${lang}.csv`))!;
			const parsed = runPipeline(new Uint8Array(file.bytes), registry, {
				fileName: 'template.csv'
			});
			const codes = parsed.errors.map((e) => e.code);
			expect(codes).toContain('sample_row');
			expect(codes).not.toContain('unknown_branch');
			expect(parsed.columns.filter((c) => c.role === 'metric')).toHaveLength(INPUT_METRICS.length);
		});
	}
});
