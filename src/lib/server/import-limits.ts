/** Upload limits of the import page, from the environment (validated once, with defaults). */
import { z } from 'zod';

const LimitsEnv = z.object({
	PACESETTER_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(50),
	PACESETTER_MAX_FILES: z.coerce.number().int().positive().max(200).default(20)
});

export interface ImportLimits {
	maxFileBytes: number;
	maxFileMb: number;
	maxFiles: number;
}

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
	return { maxFileBytes: Math.floor(mb * 1024 * 1024), maxFileMb: mb, maxFiles: files };
}
