/** The committee's configured norms: `data/norms.json` (or `PACESETTER_NORMS`), optional. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { configureNorms, isMetricId, type NormOverrides } from '../domain/metrics';

const normSchema = z
	.object({ min: z.number().int().positive(), per: z.enum(['month', 'quarter']) })
	.nullable();

const fileSchema = z.record(z.string(), normSchema).superRefine((o, ctx) => {
	for (const id of Object.keys(o)) {
		if (!isMetricId(id)) ctx.addIssue({ code: 'custom', message: `unknown metric id "${id}"` });
	}
});

export function defaultNormsPath(env: NodeJS.ProcessEnv = process.env): string {
	return resolve(env.PACESETTER_NORMS || 'data/norms.json');
}

/**
 * Read and apply the norms file if there is one, e.g. `{"study_sessions": {"min": 4, "per":
 * "month"}, "heart_talks": {"min": 2, "per": "month"}, "party_days": null}`.
 * A malformed file stops the start with a message naming the file and the problem.
 */
export function loadNorms(path: string = defaultNormsPath()): NormOverrides {
	if (!existsSync(path)) {
		configureNorms({});
		return {};
	}
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
	} catch (e) {
		throw new Error(`${path}: not valid JSON (${(e as Error).message})`, { cause: e });
	}
	const parsed = fileSchema.safeParse(raw);
	if (!parsed.success) {
		throw new Error(
			`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`
		);
	}
	const overrides = parsed.data as NormOverrides;
	configureNorms(overrides);
	return overrides;
}
