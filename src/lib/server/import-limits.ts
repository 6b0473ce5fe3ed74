/** Upload limits of the import page and the pipeline's count ceiling, from the environment (validated, with defaults). */
import { z } from 'zod';
import { DEFAULT_MAX_COUNT, MAX_COUNT_CEILING, type ImportLimits } from '../import/types';

const LimitsEnv = z.object({
	PACESETTER_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(50),
	PACESETTER_MAX_FILES: z.coerce.number().int().positive().max(200).default(20)
});

/** The limits for this process (checked once at start by the server hook, so a typo fails loudly). */
export function importLimits(env: NodeJS.ProcessEnv = process.env): ImportLimits {
	const parsed = LimitsEnv.safeParse({
		PACESETTER_MAX_FILE_MB: env.PACESETTER_MAX_FILE_MB || undefined,
		PACESETTER_MAX_FILES: env.PACESETTER_MAX_FILES || undefined
	});
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new Error(`Invalid ${String(issue.path[0])}: ${issue.message}`);
	}
	const { PACESETTER_MAX_FILE_MB: mb, PACESETTER_MAX_FILES: files } = parsed.data;
	return { maxFileMb: mb, maxFiles: files };
}

const MaxCountEnv = z.coerce
	.number()
	.int()
	.positive()
	.max(MAX_COUNT_CEILING)
	.default(DEFAULT_MAX_COUNT);

/**
 * The largest plausible count of one month's cell (`PACESETTER_MAX_COUNT`, default 1,000,000),
 * handed to the pipeline as its `maxCount` option; a malformed value throws naming the variable.
 */
export function importMaxCount(env: NodeJS.ProcessEnv = process.env): number {
	const parsed = MaxCountEnv.safeParse(env.PACESETTER_MAX_COUNT || undefined);
	if (!parsed.success)
		throw new Error(`Invalid PACESETTER_MAX_COUNT: ${parsed.error.issues[0].message}`);
	return parsed.data;
}
