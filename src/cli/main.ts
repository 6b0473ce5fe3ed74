/**
 * The command line: `npm run --silent cli -- <command> [--db PATH] [--lang zh|en] [--json]`.
 * stdout carries only the result; logs go to stderr. Exit codes: 0 success, 1 a file was rejected,
 * 2 usage error (or unknown id or slug, or a database `demo-db` may not replace), 3 the database
 * stayed busy (another import or revert was writing) past the busy timeout: try again.
 */
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { type Period } from '../lib/domain/periods';
import {
	applyImport,
	countImports,
	listImports,
	restoreImport,
	revertImport,
	type ImportOutcome
} from '../lib/server/imports';
import { loadRegistry, markDemo, openStore, type AppStore } from '../lib/server/app';
import {
	BUSY_TIMEOUT_MS,
	defaultDbLocation,
	describeLocation,
	isBusyError,
	isPostgresUrl
} from '../lib/server/db';
import pg from 'pg';
import { BackupError, backupStore, restoreBackup } from './backup';
import SQLite from 'better-sqlite3';
import { summarise } from '../lib/server/summary';
import { buildDeck } from '../lib/server/export';
import { buildBulletin } from '../lib/server/bulletin';
import { isMetricId, type MetricId } from '../lib/domain/metrics';
import { parseView, type ViewParams } from '../lib/views/view-params';
import { writeFileSync } from 'node:fs';
import { runPipeline } from '../lib/import/pipeline';
import { importMaxCount } from '../lib/server/import-limits';
import { problemMessage } from '../lib/import/messages';
import type { Lang } from '../lib/i18n';
import { formatSummaryTable, formatOutcome } from './format';
import { listSampleFiles } from './samples';
import { CliUsage, cmdAudit, cmdUser } from './users';
import { writeAudit } from '../lib/server/audit';
import { createDemoAccounts } from '../lib/server/auth/demo';
import { buildDemoCycle, DEMO_CYCLE_MONTH, DEMO_HISTORY_IMPORTED_AT } from './demo-cycle';
import { cycleToday, getDeadlines, onTimeRates, pendingMonth } from '../lib/server/submissions';
import { isMonth } from '../lib/domain/periods';

class UsageError extends Error {}

const USAGE = `usage: npm run --silent cli -- <command> [options]

commands:
  import [--dry-run] [--branch SLUG] FILE...   import monthly exports (CSV/TSV, any encoding)
  imports [--limit N] [--offset N]             list the import history, newest first
  revert IMPORT_ID                             revert an import (its cells fall back)
  restore IMPORT_ID                            restore a reverted import (newest import still wins)
  summary --from YYYY-MM --to YYYY-MM          every branch, every metric over a period
  deck --from YYYY-MM --to YYYY-MM --out FILE.pptx
       [--metrics a,b,c] [--kind pictures|native] [--scope overview|branches] [--branch SLUG]
                                               the monthly PowerPoint deck (same charts as the pages)
  bulletin --from YYYY-MM --to YYYY-MM --out FILE.docx [--metrics a,b,c] [--branch SLUG]
                                               the bulletin (通报) as a Word document, or one
                                               branch's report with --branch
  pending --month YYYY-MM                      the month's branches that have not reported (催报),
                                               with the reminder texts and when each was reminded
  demo-db [--db PATH | --database-url URL]     (re)create the demo database with the samples
                                               (default data/demo.db; only replaces a demo database;
                                               PostgreSQL: only into an empty database or schema)
  user add --username U --role admin|committee|branch|viewer [--branch SLUG] [--password-stdin]
  user list | user set-role --username U --role R [--branch SLUG]
  user disable|enable|reset-password|unlock --username U [--password-stdin]
                                               accounts (no --password-stdin: one is generated
                                               and printed; it must be changed at first sign-in)
  audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--user NAME] [--action ACTION]
                                               the audit trail, newest first
  backup --out FILE                            a consistent copy of the database, also while the
                                               server runs (SQLite: a database file; PostgreSQL:
                                               a pg_dump custom-format file)
  restore-backup FILE                          restore a backup into an empty database

options:
  --db PATH       SQLite database file (default: $PACESETTER_DB or data/pacesetter.db)
  --database-url postgres://USER:PASSWORD@HOST:PORT/DB[?schema=NAME]
                  a PostgreSQL database instead (default: $PACESETTER_DATABASE_URL)
  --lang zh|en    language of messages (default zh)
  --json          machine-readable output on stdout

exit codes: 0 ok, 1 a file was rejected, 2 usage error, 3 database busy (try again)
`;

/** Exit code when the database stayed locked by another writer past the busy timeout. */
export const EXIT_BUSY = 3;

const log = (...args: unknown[]) => console.error(...args);

function importedBy(): string {
	try {
		return `cli:${userInfo().username}`;
	} catch {
		return 'cli';
	}
}

function jsonProblem(p: ImportOutcome['errors'][number], lang: Lang) {
	const { message, hint } = problemMessage(p, lang === 'en' ? 'en' : 'zh-cn');
	return {
		code: p.code,
		row: p.row,
		column: p.column,
		value: p.value,
		message: hint ? `${message} ${hint}` : message
	};
}

function fileJson(o: ImportOutcome, lang: Lang) {
	return {
		file: o.file,
		status: o.status,
		encoding: o.encoding,
		rows: o.rows,
		new: o.new,
		replaced: o.replaced,
		unchanged: o.unchanged,
		importId: o.importId,
		identicalTo: o.identicalTo,
		errors: o.errors.map((p) => jsonProblem(p, lang)),
		warnings: o.warnings.map((p) => jsonProblem(p, lang))
	};
}

async function cmdImport(store: AppStore, files: string[], flags: Flags): Promise<number> {
	if (!files.length) throw new UsageError('import needs at least one FILE');
	const registry = await loadRegistry(store.db);
	if (flags.branch && !registry.bySlug(flags.branch)) {
		throw new UsageError(`unknown branch slug: ${flags.branch}`);
	}
	let maxCount: number;
	try {
		maxCount = importMaxCount();
	} catch (e) {
		throw new UsageError((e as Error).message);
	}
	const outcomes: ImportOutcome[] = [];
	for (const file of files) {
		let bytes: Uint8Array;
		try {
			bytes = readFileSync(file);
		} catch {
			throw new UsageError(`cannot read ${file}`);
		}
		const parsed = runPipeline(bytes, registry, {
			fileName: basename(file),
			branch: flags.branch,
			maxCount
		});
		const o = await applyImport(store.db, parsed, {
			by: importedBy(),
			dryRun: flags.dryRun,
			audit: (trx, applied) =>
				writeAudit(trx, {
					actor: importedBy(),
					action: 'import',
					target: `import:${applied.importId}`,
					branch: parsed.branches.length === 1 ? parsed.branches[0] : null,
					detail: {
						file: parsed.fileName,
						sha256: parsed.sha256,
						branches: parsed.branches,
						months: parsed.months,
						cells: parsed.cells.length
					}
				})
		});
		outcomes.push(o);
		if (!flags.json) process.stdout.write(formatOutcome(o, flags.lang) + '\n');
	}
	if (flags.json) {
		process.stdout.write(
			JSON.stringify({ files: outcomes.map((o) => fileJson(o, flags.lang)) }, null, 2) + '\n'
		);
	}
	return outcomes.some((o) => o.status === 'rejected') ? 1 : 0;
}

function count(name: string, text: string | undefined, fallback: number, min: number): number {
	if (text === undefined) return fallback;
	const n = Number(text);
	if (!/^\d+$/.test(text) || n < min)
		throw new UsageError(`${name} must be a whole number ≥ ${min}, not ${text}`);
	return n;
}

async function cmdImports(store: AppStore, flags: Flags): Promise<number> {
	const limit = count('--limit', flags.limit, Number.MAX_SAFE_INTEGER, 1);
	const offset = count('--offset', flags.offset, 0, 0);
	const total = await countImports(store.db);
	const imports = (await listImports(store.db, { limit, offset })).map((i) => ({
		id: i.id,
		file: i.file,
		sha256: i.sha256,
		importedAt: i.importedAt,
		status: i.status,
		revertedAt: i.revertedAt,
		restoredAt: i.restoredAt,
		encoding: i.encoding,
		branches: i.branches,
		from: i.from,
		to: i.to,
		new: i.new,
		replaced: i.replaced
	}));
	if (flags.json) {
		process.stdout.write(JSON.stringify({ total, offset, imports }, null, 2) + '\n');
		return 0;
	}
	for (const i of imports) {
		process.stdout.write(
			`#${i.id}\t${i.importedAt}\t${statusText(i, flags.lang)}\t${i.encoding}\t${i.from}..${i.to}\t+${i.new} ~${i.replaced}\t${i.branches.join(',')}\t${i.file}\n`
		);
	}
	return 0;
}

function statusText(
	i: { status: string; revertedAt: string | null; restoredAt: string | null },
	lang: Lang
): string {
	if (i.status === 'reverted')
		return lang === 'en' ? `reverted ${i.revertedAt}` : `已撤销 ${i.revertedAt}`;
	if (i.restoredAt) return lang === 'en' ? `restored ${i.restoredAt}` : `已恢复 ${i.restoredAt}`;
	return lang === 'en' ? 'applied' : '已导入';
}

function importId(command: string, args: string[]): number {
	const id = Number(args[0]);
	if (args.length !== 1 || !Number.isInteger(id) || id <= 0) {
		throw new UsageError(`${command} needs one IMPORT_ID (a positive whole number)`);
	}
	return id;
}

async function cmdRestore(store: AppStore, args: string[], flags: Flags): Promise<number> {
	const id = importId('restore', args);
	const result = await restoreImport(store.db, id, new Date(), (trx, r) =>
		writeAudit(trx, {
			actor: importedBy(),
			action: 'restore',
			target: `import:${id}`,
			detail: { current: r.current, superseded: r.superseded }
		})
	);
	if (!result) throw new UsageError(`no import with id ${id}`);
	if (flags.json) process.stdout.write(JSON.stringify(result) + '\n');
	else
		process.stdout.write(
			flags.lang === 'en'
				? `Import #${id} restored: ${result.current} cells current again, ${result.superseded} kept from newer imports.\n`
				: `已恢复导入 #${id}：${result.current} 个单元格重新生效，${result.superseded} 个保留较新导入的值。\n`
		);
	return 0;
}

async function cmdRevert(store: AppStore, args: string[], flags: Flags): Promise<number> {
	const id = importId('revert', args);
	const result = await revertImport(store.db, id, new Date(), (trx, r) =>
		writeAudit(trx, {
			actor: importedBy(),
			action: 'revert',
			target: `import:${id}`,
			detail: { restored: r.restored, cleared: r.cleared }
		})
	);
	if (!result) throw new UsageError(`no import with id ${id}`);
	if (flags.json) process.stdout.write(JSON.stringify(result) + '\n');
	else
		process.stdout.write(
			flags.lang === 'en'
				? `Import #${id} reverted: ${result.restored} cells restored to an earlier value, ${result.cleared} cleared.\n`
				: `已撤销导入 #${id}：${result.restored} 个单元格恢复为先前的值，${result.cleared} 个清空。\n`
		);
	return 0;
}

/** The view of `--from --to [--metrics]`, checked by the one view schema the pages and APIs use. */
function viewFrom(flags: Flags, metrics?: MetricId[]): ViewParams {
	if (!flags.from || !flags.to)
		throw new UsageError('this command needs --from YYYY-MM --to YYYY-MM');
	const q = new URLSearchParams({ from: flags.from, to: flags.to });
	if (metrics) q.set('metrics', metrics.join(','));
	const v = parseView(q, null);
	if (!v.ok) throw new UsageError(v.problems.map((p) => `--${p}`).join('; '));
	return v.view;
}

function periodFrom(flags: Flags): Period {
	const { from, to } = viewFrom(flags);
	return { from, to };
}

async function cmdSummary(store: AppStore, flags: Flags): Promise<number> {
	const period = periodFrom(flags);
	const summary = await summarise(store.db, await loadRegistry(store.db), period);
	const settings = await getDeadlines(store.db);
	const rates = await onTimeRates(
		store.db,
		summary.branches.map((b) => b.slug),
		settings,
		await cycleToday(store.db)
	);
	if (flags.json) {
		const out = {
			from: summary.from,
			to: summary.to,
			branches: summary.branches.map((b) => ({
				slug: b.slug,
				name: b.name,
				nameEn: b.nameEn,
				onTime: rates.get(b.slug) ?? null,
				metrics: Object.fromEntries(
					Object.entries(b.metrics).map(([id, a]) => [
						id,
						{ value: a.value, reported: a.reported, months: a.months }
					])
				)
			}))
		};
		process.stdout.write(JSON.stringify(out, null, 2) + '\n');
	} else {
		process.stdout.write(formatSummaryTable(summary, await loadRegistry(store.db), flags.lang));
		process.stdout.write(formatOnTime(summary.branches, rates, flags.lang));
	}
	return 0;
}

/** Each branch's on-time rate, after the summary table. */
function formatOnTime(
	branches: { slug: string; name: string; nameEn: string }[],
	rates: Awaited<ReturnType<typeof onTimeRates>>,
	lang: Lang
): string {
	const title =
		lang === 'en'
			? '\nOn-time reporting (months reported by the deadline / months due)\n'
			: '\n按时报送率（按期报送月数 / 到期月数）\n';
	return (
		title +
		branches
			.map((b) => {
				const r = rates.get(b.slug);
				const rate = r?.rate == null ? '–' : `${Math.round(r.rate * 100)}%`;
				return `${lang === 'en' ? b.nameEn : b.name}\t${rate}\t${r?.onTime ?? 0}/${r?.due ?? 0}`;
			})
			.join('\n') +
		'\n'
	);
}

/** 催报: the month's branches that have not reported, on stdout; `--json` for scripts. */
async function cmdPending(store: AppStore, flags: Flags): Promise<number> {
	if (!flags.month || !isMonth(flags.month)) throw new UsageError('pending needs --month YYYY-MM');
	const registry = await loadRegistry(store.db);
	const today = await cycleToday(store.db);
	const p = await pendingMonth(store.db, registry, flags.month, today);
	if (flags.json) {
		const out = {
			month: p.month,
			deadline: p.deadline,
			today,
			completeness: p.completeness,
			line: flags.lang === 'en' ? p.line.en : p.line.zh,
			branches: p.branches.map((b) => ({
				slug: b.branch,
				name: b.name,
				nameEn: b.nameEn,
				state: b.state,
				lateDays: b.lateDays,
				submissionId: b.submissionId,
				comment: b.comment,
				reminder: flags.lang === 'en' ? b.text.en : b.text.zh,
				reminded: b.reminders.map((r) => ({ at: r.at, by: r.actor }))
			}))
		};
		process.stdout.write(JSON.stringify(out, null, 2) + '\n');
		return 0;
	}
	const en = flags.lang === 'en';
	const lines = [en ? p.line.en : p.line.zh, ''];
	for (const b of p.branches) {
		lines.push(en ? b.text.en : b.text.zh);
		lines.push('');
	}
	process.stdout.write(lines.join('\n'));
	return 0;
}

async function cmdDeck(store: AppStore, flags: Flags): Promise<number> {
	const { metrics, kind, scope, out } = deckOptions(flags);
	const view = viewFrom(flags, metrics);
	if (flags.branch && !(await loadRegistry(store.db)).bySlug(flags.branch)) {
		throw new UsageError(`unknown branch slug: ${flags.branch}`);
	}
	const started = Date.now();
	const deck = await buildDeck(store, {
		view,
		kind,
		scope,
		lang: flags.lang,
		branch: scope === 'overview' ? flags.branch : undefined,
		// Progress on stderr (stdout carries only the result): a line per slide, or one line
		// rewritten in place on a terminal.
		onProgress: (done, total) => {
			const line = `deck: slide ${done}/${total}`;
			if (process.stderr.isTTY) process.stderr.write(`\r${line}${done === total ? '\n' : ''}`);
			else log(line);
		}
	});
	writeFileSync(out, deck.bytes);
	log(`deck: ${deck.slides} slides, ${deck.bytes.length} bytes, ${Date.now() - started} ms`);
	process.stdout.write(
		flags.json ? JSON.stringify({ out, slides: deck.slides }) + '\n' : `${out}\n`
	);
	return 0;
}

function deckOptions(flags: Flags) {
	const kind = flags.kind ?? 'pictures';
	if (kind !== 'pictures' && kind !== 'native') {
		throw new UsageError(`--kind must be pictures or native, not ${kind}`);
	}
	const scope = flags.scope ?? 'overview';
	if (scope !== 'overview' && scope !== 'branches') {
		throw new UsageError(`--scope must be overview or branches, not ${scope}`);
	}
	if (!flags.out) throw new UsageError('deck needs --out FILE.pptx');
	return { kind, scope, metrics: metricsOption(flags), out: resolve(flags.out) } as const;
}

/** `--metrics a,b,c`: known metric ids, or undefined for the default view's. */
function metricsOption(flags: Flags): MetricId[] | undefined {
	if (flags.metrics === undefined) return undefined;
	const ids = flags.metrics
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
	const unknown = ids.filter((id) => !isMetricId(id));
	if (unknown.length || !ids.length) {
		throw new UsageError(`unknown metric id: ${unknown.join(', ') || '(none given)'}`);
	}
	return ids as MetricId[];
}

/** The bulletin (通报) as .docx, or one branch's report with --branch. */
async function cmdBulletin(store: AppStore, flags: Flags): Promise<number> {
	const view = viewFrom(flags, metricsOption(flags));
	if (!flags.out) throw new UsageError('bulletin needs --out FILE.docx');
	const out = resolve(flags.out);
	if (flags.branch && !(await loadRegistry(store.db)).bySlug(flags.branch)) {
		throw new UsageError(`unknown branch slug: ${flags.branch}`);
	}
	const started = Date.now();
	const doc = await buildBulletin(store, { view, lang: flags.lang, branch: flags.branch });
	writeFileSync(out, doc.bytes);
	log(`bulletin: ${doc.bytes.length} bytes, ${Date.now() - started} ms`);
	process.stdout.write(flags.json ? JSON.stringify({ out }) + '\n' : `${out}\n`);
	return 0;
}

/**
 * Whether the database file at `path` may be replaced by `demo-db`: only a demo database (marked by
 * `markDemo`) that nothing has open. Returns the connection holding it (exclusively, until closed) so
 * no server opens it while the new one is built, or throws a UsageError saying why not.
 */
function claimDemoDb(path: string): SQLite.Database {
	const refuse = (why: string) =>
		new UsageError(
			`demo-db: ${path} ${why}; demo-db only replaces a demo database it made. Choose another --db path (default data/demo.db).`
		);
	let old: SQLite.Database;
	try {
		old = new SQLite(path, { fileMustExist: true });
	} catch {
		throw refuse('cannot be opened as a database');
	}
	try {
		old.pragma('busy_timeout = 0');
		let demo = false;
		try {
			const row = old.prepare("select value from meta where key = 'demo'").get() as
				{ value: string } | undefined;
			demo = row?.value === '1';
		} catch {
			throw refuse('is not a Pacesetter demo database (it is not one of ours at all)');
		}
		if (!demo) throw refuse('holds real data (it is not marked as the demo database)');
		try {
			// Leaving WAL mode needs every other connection closed: a running server keeps it open.
			old.pragma('journal_mode = DELETE');
			old.pragma('locking_mode = EXCLUSIVE');
			old.prepare('begin exclusive').run();
		} catch (e) {
			if (!isBusyError(e)) throw e;
			throw new UsageError(
				`demo-db: ${path} is in use (a server or another command has it open). Stop the server, then run demo-db again.`
			);
		}
		return old;
	} catch (e) {
		old.close();
		throw e;
	}
}

/** Fill a new store with the demo: its mark, accounts, the samples and a reporting cycle. */
async function fillDemo(store: AppStore, flags: Flags): Promise<{ rejected: number }> {
	let rejected = 0;
	await markDemo(store);
	await createDemoAccounts(store.db);
	const registry = await loadRegistry(store.db);
	const cycleCells = [];
	for (const file of listSampleFiles()) {
		const parsed = runPipeline(readFileSync(file), registry, { fileName: basename(file) });
		const o = await applyImport(store.db, parsed, {
			by: 'demo',
			now: DEMO_HISTORY_IMPORTED_AT
		});
		if (o.status === 'rejected') rejected++;
		log(formatOutcome(o, flags.lang));
		cycleCells.push(...parsed.cells.filter((c) => c.month === DEMO_CYCLE_MONTH));
	}
	await buildDemoCycle(store.db, registry, cycleCells);
	return { rejected };
}

/**
 * The demo on PostgreSQL (`demo-db --database-url URL`): only into an empty database or schema.
 * A PostgreSQL database is not a file demo-db could build beside and rename, and anything already
 * in it may be real data, so nothing there is ever replaced.
 */
async function cmdDemoDbPostgres(flags: Flags): Promise<number> {
	const location = dbPathOf(flags);
	if (!(await pgIsEmpty(location)))
		throw new UsageError(
			`demo-db: ${describeLocation(location)} already holds tables; demo-db fills only an empty PostgreSQL database or schema (e.g. add ?schema=demo to the URL).`
		);
	const store = await openStore({ dbPath: location });
	try {
		const { rejected } = await fillDemo(store, flags);
		log(`demo database: ${describeLocation(location)}`);
		return rejected ? 1 : 0;
	} finally {
		await store.close();
	}
}

/**
 * Recreate the demo database from data/samples and mark it as demo data. Only a path that does not
 * exist or a demo database nothing has open is replaced: the new one is built beside it and renamed
 * over it, so the old one stays whole until the new one is complete. With `--database-url`, an
 * empty PostgreSQL database is filled instead.
 */
async function cmdDemoDb(flags: Flags): Promise<number> {
	if (flags.databaseUrl !== undefined) return cmdDemoDbPostgres(flags);
	const path = resolve(flags.db || process.env.PACESETTER_DB || 'data/demo.db');
	const old = existsSync(path) ? claimDemoDb(path) : null;
	const building = `${path}.building-${process.pid}`;
	try {
		const store = await openStore({ dbPath: building });
		let rejected = 0;
		try {
			({ rejected } = await fillDemo(store, flags));
			// One file, no WAL beside it, before it takes the old one's place.
			store.sqlite!.pragma('journal_mode = DELETE');
		} finally {
			await store.close();
		}
		for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
		renameSync(building, path);
		log(`demo database: ${path}`);
		return rejected ? 1 : 0;
	} finally {
		old?.close();
		for (const suffix of ['', '-wal', '-shm', '-journal'])
			rmSync(building + suffix, { force: true });
	}
}

interface Flags {
	db?: string;
	lang: Lang;
	json: boolean;
	dryRun: boolean;
	branch?: string;
	from?: string;
	to?: string;
	metrics?: string;
	kind?: string;
	scope?: string;
	out?: string;
	limit?: string;
	offset?: string;
	username?: string;
	role?: string;
	passwordStdin: boolean;
	databaseUrl?: string;
	user?: string;
	action?: string;
	month?: string;
}

/**
 * The database a command works on: `--database-url`, `--db`, else `PACESETTER_DATABASE_URL` or
 * `PACESETTER_DB`. A SQLite file's folder must exist (only `demo-db` creates one).
 */
function dbPathOf(flags: Flags): string {
	if (flags.databaseUrl !== undefined) {
		if (!isPostgresUrl(flags.databaseUrl))
			throw new UsageError(
				`--database-url must be a postgres:// URL, not "${flags.databaseUrl}" (a SQLite file goes with --db)`
			);
		if (flags.db) throw new UsageError('give --db or --database-url, not both');
		return flags.databaseUrl;
	}
	const location = flags.db ? resolve(flags.db) : defaultDbLocation();
	if (isPostgresUrl(location)) return location;
	const path = location;
	if (!existsSync(dirname(path)))
		throw new UsageError(
			`no such folder for the database: ${dirname(path)} (from ${flags.db ? '--db' : 'PACESETTER_DB'}); create it or check the path`
		);
	return path;
}

/** `backup --out FILE`: a consistent copy while the server may be writing. */
async function cmdBackup(store: AppStore, flags: Flags): Promise<number> {
	if (!flags.out) throw new UsageError('backup needs --out FILE');
	await backupStore(store.path, store.sqlite, flags.out);
	const imports = await countImports(store.db);
	log(`backup: ${resolve(flags.out)} (${imports} imports)`);
	return 0;
}

/** Whether the PostgreSQL database (its `schema`, else its current schema) holds no tables. */
async function pgIsEmpty(location: string): Promise<boolean> {
	const url = new URL(location);
	const schema = url.searchParams.get('schema');
	url.searchParams.delete('schema');
	const client = new pg.Client({ connectionString: url.toString() });
	await client.connect();
	try {
		const r = await client.query<{ n: string }>(
			`select count(*) as n from information_schema.tables
			where table_schema = coalesce($1, current_schema())`,
			[schema]
		);
		return Number(r.rows[0].n) === 0;
	} finally {
		await client.end();
	}
}

/** `restore-backup FILE`: into an empty database, then opened (migrated) as any command would. */
async function cmdRestoreBackup(args: string[], flags: Flags): Promise<number> {
	if (args.length !== 1) throw new UsageError('restore-backup needs one backup FILE');
	const location = dbPathOf(flags);
	await restoreBackup(args[0], location, () => pgIsEmpty(location));
	const store = await openStore({ dbPath: location });
	try {
		log(`restored ${resolve(args[0])}: ${await countImports(store.db)} imports`);
	} finally {
		await store.close();
	}
	return 0;
}

export async function main(argv: string[]): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				db: { type: 'string' },
				'database-url': { type: 'string' },
				lang: { type: 'string', default: 'zh' },
				json: { type: 'boolean', default: false },
				'dry-run': { type: 'boolean', default: false },
				branch: { type: 'string' },
				from: { type: 'string' },
				to: { type: 'string' },
				metrics: { type: 'string' },
				kind: { type: 'string' },
				scope: { type: 'string' },
				out: { type: 'string' },
				limit: { type: 'string' },
				offset: { type: 'string' },
				username: { type: 'string' },
				role: { type: 'string' },
				'password-stdin': { type: 'boolean', default: false },
				user: { type: 'string' },
				action: { type: 'string' },
				month: { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false }
			}
		});
	} catch (e) {
		log((e as Error).message + '\n\n' + USAGE);
		return 2;
	}
	const { values, positionals } = parsed;
	const [command, ...args] = positionals;
	if (values.help || !command) {
		(values.help ? process.stdout : process.stderr).write(USAGE);
		return values.help ? 0 : 2;
	}
	if (values.lang !== 'zh' && values.lang !== 'en') {
		log(`--lang must be zh or en\n\n${USAGE}`);
		return 2;
	}
	const flags: Flags = {
		db: values.db,
		databaseUrl: values['database-url'],
		lang: values.lang,
		json: values.json,
		dryRun: values['dry-run'],
		branch: values.branch,
		from: values.from,
		to: values.to,
		metrics: values.metrics,
		kind: values.kind,
		scope: values.scope,
		out: values.out,
		limit: values.limit,
		offset: values.offset,
		username: values.username,
		role: values.role,
		passwordStdin: values['password-stdin'],
		user: values.user,
		action: values.action,
		month: values.month
	};
	try {
		if (command === 'demo-db') return await cmdDemoDb(flags);
		if (command === 'restore-backup') return await cmdRestoreBackup(args, flags);
		const known = [
			'import',
			'imports',
			'revert',
			'restore',
			'summary',
			'deck',
			'bulletin',
			'user',
			'audit',
			'pending',
			'backup'
		];
		if (!known.includes(command)) throw new UsageError(`unknown command: ${command}`);
		if (command === 'summary' || command === 'deck' || command === 'bulletin') periodFrom(flags);
		if (command === 'deck') deckOptions(flags);
		const store = await openStore({ dbPath: dbPathOf(flags) });
		try {
			if (command === 'import') return await cmdImport(store, args, flags);
			if (command === 'imports') return await cmdImports(store, flags);
			if (command === 'revert') return await cmdRevert(store, args, flags);
			if (command === 'restore') return await cmdRestore(store, args, flags);
			if (command === 'deck') return await cmdDeck(store, flags);
			if (command === 'bulletin') return await cmdBulletin(store, flags);
			if (command === 'user') return await cmdUser(store, args, flags, importedBy());
			if (command === 'audit') return await cmdAudit(store, flags);
			if (command === 'pending') return await cmdPending(store, flags);
			if (command === 'backup') return await cmdBackup(store, flags);
			return await cmdSummary(store, flags);
		} finally {
			await store.close();
		}
	} catch (e) {
		if (e instanceof UsageError || e instanceof CliUsage) {
			log(`${e.message}\n\n${USAGE}`);
			return 2;
		}
		if (e instanceof BackupError) {
			log(`error: ${e.message}`);
			return 2;
		}
		if (isBusyError(e)) {
			log(
				flags.lang === 'en'
					? `database busy: another import or revert kept it locked for over ${BUSY_TIMEOUT_MS / 1000} s; stopped here: what is printed above was done, nothing else. Try again in a moment.`
					: `数据库忙：另一个导入或撤销占用写入超过 ${BUSY_TIMEOUT_MS / 1000} 秒，已在此停止：上面列出的已完成，其余未写入。请稍后重试。`
			);
			return EXIT_BUSY;
		}
		log(`error: ${(e as Error).message}`);
		return 2;
	}
}

// Run when executed directly (not when imported by a test).
if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
	main(process.argv.slice(2)).then(
		(code) => (process.exitCode = code),
		(e: unknown) => {
			log(e);
			process.exitCode = 2;
		}
	);
}
