/**
 * The audit trail: an append-only table written in the same transaction as what it records (pass
 * the transaction as `db`). Nothing here, nor anywhere in the app, updates or deletes its rows.
 */
import type { Db } from './db';

/** Who did something, from where: an account, `cli:<os user>` for the CLI, or `anonymous`. */
export interface Actor {
	actor: string;
	role?: string | null;
	address?: string | null;
	agent?: string | null;
}

export interface AuditEvent extends Actor {
	action: string;
	outcome?: 'ok' | 'denied' | 'failed';
	target?: string | null;
	branch?: string | null;
	/** What happened: before/after where something changed, file, counts, reasons. */
	detail?: Record<string, unknown>;
}

export async function writeAudit(db: Db, event: AuditEvent): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			at: new Date().toISOString(),
			actor: event.actor,
			role: event.role ?? null,
			address: event.address ?? null,
			agent: event.agent ? event.agent.slice(0, 300) : null,
			action: event.action,
			outcome: event.outcome ?? 'ok',
			target: event.target ?? null,
			branch: event.branch ?? null,
			detail: JSON.stringify(event.detail ?? {})
		})
		.execute();
}

export interface AuditFilter {
	/** Inclusive dates `YYYY-MM-DD` (UTC). */
	from?: string;
	to?: string;
	actor?: string;
	action?: string;
	branch?: string;
	limit?: number;
	offset?: number;
}

export interface AuditEntry {
	id: number;
	at: string;
	actor: string;
	role: string | null;
	address: string | null;
	agent: string | null;
	action: string;
	outcome: string;
	target: string | null;
	branch: string | null;
	detail: Record<string, unknown>;
}

/** Events matching `filter`, newest first, and how many match in all. */
export async function listAudit(
	db: Db,
	filter: AuditFilter = {}
): Promise<{ total: number; entries: AuditEntry[] }> {
	let q = db.selectFrom('audit_log');
	if (filter.from) q = q.where('at', '>=', `${filter.from}T00:00:00`);
	if (filter.to) q = q.where('at', '<', `${filter.to}T99`);
	if (filter.actor) q = q.where('actor', '=', filter.actor);
	if (filter.action) q = q.where('action', '=', filter.action);
	if (filter.branch) q = q.where('branch', '=', filter.branch);
	const { total } = await q
		.select((eb) => eb.fn.countAll<number>().as('total'))
		.executeTakeFirstOrThrow();
	let rows = q.selectAll().orderBy('id', 'desc');
	if (filter.limit !== undefined) rows = rows.limit(filter.limit).offset(filter.offset ?? 0);
	const entries = (await rows.execute()).map((r) => ({
		...r,
		detail: JSON.parse(r.detail) as Record<string, unknown>
	}));
	return { total: Number(total), entries };
}

/** The actions that occur in the trail (for the page's filter). */
export async function auditActions(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('audit_log').select('action').distinct().execute();
	return rows.map((r) => r.action).sort();
}

const CSV_COLUMNS = [
	'id',
	'at',
	'actor',
	'role',
	'address',
	'agent',
	'action',
	'outcome',
	'target',
	'branch',
	'detail'
] as const;

function csvField(value: unknown): string {
	const text = value === null || value === undefined ? '' : String(value);
	// A leading = + - @ would be a formula in a spreadsheet: quote it as text.
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The entries as CSV (UTF-8 with BOM, for Excel and WPS). */
export function auditCsv(entries: AuditEntry[]): string {
	const lines = [CSV_COLUMNS.join(',')];
	for (const e of entries)
		lines.push(
			CSV_COLUMNS.map((c) => csvField(c === 'detail' ? JSON.stringify(e.detail) : e[c])).join(',')
		);
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}
