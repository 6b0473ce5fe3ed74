/** Where the sample exports of the 8 branches live. */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const SAMPLES_DIR = resolve(import.meta.dirname, '../../data/samples');

/** The sample exports (CSV/TSV files), in name order. */
export function listSampleFiles(dir: string = SAMPLES_DIR): string[] {
	return readdirSync(dir)
		.filter((f) => /\.(csv|tsv|txt)$/i.test(f))
		.sort()
		.map((f) => join(dir, f));
}
