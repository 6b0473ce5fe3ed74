/**
 * The committee's configured norms: `data/norms.json` (or `PACESETTER_NORMS`), optional, read at
 * start; and the norms an admin sets in the app (stored in the database, audited), which win over
 * the file's for their metric. Both are applied through `configureNorms`: at start, after each
 * change in this process, and (`applyNorms`) on every request whose data version is new, so a
 * change made by another process counts from its next request.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import {
	configureNorms,
	isMetricId,
	METRICS,
	normOf,
	type MetricId,
	type Norm,
	type NormOverrides
} from '../domain/metrics';
import { writeAudit, type Actor } from './audit';
import { perDataVersion } from './data-version';
import { writeTransaction, type Db } from './db';

/** The largest norm anyone sets: more meetings than days in a month is a typing error. */
export const NORM_MAX = 31;

export const normValue = z.object({
	min: z.number().int().positive().max(NORM_MAX),
	per: z.enum(['month', 'quarter'])
});
const normSchema = normValue.nullable();

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
	fileNorms = overrides;
	configureNorms(overrides);
	return overrides;
}

/** The norms file's overrides, as last read by `loadNorms`. */
let fileNorms: NormOverrides = {};

const STORED_KEY = 'norms';

/** The norms an admin set in the app, per metric (null: no norm for that metric). */
export async function storedNorms(db: Db): Promise<NormOverrides> {
	const row = await db
		.selectFrom('meta')
		.select('value')
		.where('key', '=', STORED_KEY)
		.executeTakeFirst();
	if (!row) return {};
	const parsed = fileSchema.safeParse(JSON.parse(row.value));
	return parsed.success ? (parsed.data as NormOverrides) : {};
}

/** Install the file's and the stored norms (stored win); once per data version. */
export const applyNorms = perDataVersion(async (db) => {
	const overrides = { ...fileNorms, ...(await storedNorms(db)) };
	configureNorms(overrides);
	return overrides;
});

/**
 * Metrics an admin can give a norm in the app: the counts of study and organisational life
 * (meetings, lessons, talks, visits) summed over months. Casework and the like are not a duty with
 * a minimum; the norms file may still set one, and the page then shows it.
 */
const RATIO_PARTS = new Set(
	METRICS.flatMap((m) => (m.ratio ? [m.ratio.numerator, m.ratio.denominator] : []))
);
export const NORM_METRICS = METRICS.filter(
	(m) =>
		m.kind === 'sum' &&
		(m.theme === 'study' || m.theme === 'organisation') &&
		// Headcounts behind a rate (members due to pay dues, who paid) are not a duty with a minimum.
		!RATIO_PARTS.has(m.id)
).map((m) => m.id);

export interface NormSetting {
	metric: MetricId;
	/** The catalogue's default. */
	catalogue: Norm | null;
	/** The norms file's, where it sets one (null: the file removes the norm). */
	file: Norm | null | undefined;
	/** The admin's, where one was set in the app. */
	stored: Norm | null | undefined;
	/** What counts now. */
	inForce: Norm | null;
}

/** Every norm-capable metric's norm: catalogue, file, admin's, and the one in force. */
export async function normSettings(db: Db): Promise<NormSetting[]> {
	const stored = await storedNorms(db);
	const inForce = { ...fileNorms, ...stored };
	const shown = [...NORM_METRICS, ...(Object.keys(fileNorms) as MetricId[])];
	return METRICS.filter((m) => shown.includes(m.id)).map(({ id }) => {
		const metric = METRICS.find((m) => m.id === id)!;
		return {
			metric: id,
			catalogue: metric.norm,
			file: id in fileNorms ? (fileNorms[id] ?? null) : undefined,
			stored: id in stored ? (stored[id] ?? null) : undefined,
			inForce: normOf(metric, inForce)
		};
	});
}

/**
 * Set a metric's norm in the app (`null`: no norm; `'default'`: back to the file's or the
 * catalogue's), audited with the norm in force before and after, in the same transaction.
 */
export async function setNorm(
	db: Db,
	metric: MetricId,
	norm: Norm | null | 'default',
	by: Actor
): Promise<NormSetting> {
	if (!NORM_METRICS.includes(metric)) throw new Error(`metric "${metric}" cannot carry a norm`);
	const m = METRICS.find((x) => x.id === metric)!;
	await writeTransaction(db, async (trx) => {
		const stored = await storedNorms(trx);
		const before = normOf(m, { ...fileNorms, ...stored });
		const next: NormOverrides = { ...stored };
		if (norm === 'default') delete next[metric];
		else next[metric] = norm;
		const value = JSON.stringify(next);
		await trx
			.insertInto('meta')
			.values({ key: STORED_KEY, value })
			.onConflict((oc) => oc.column('key').doUpdateSet({ value }))
			.execute();
		await writeAudit(trx, {
			...by,
			action: 'settings.norm',
			target: metric,
			detail: { before: { norm: before }, after: { norm: normOf(m, { ...fileNorms, ...next }) } }
		});
	});
	await applyNorms(db);
	return (await normSettings(db)).find((s) => s.metric === metric)!;
}
