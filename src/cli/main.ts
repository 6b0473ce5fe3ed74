/**
 * The command line: `npm run --silent cli -- <command> [--db PATH] [--lang zh|en] [--json]`.
 * stdout carries only the result; logs go to stderr. Exit codes: 0 success, 1 a file was rejected,
 * 2 usage error or unknown id or slug.
 */
import { readFileSync, rmSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { isMonth, type Period } from '../lib/domain/periods';
import { applyImport, listImports, revertImport, type ImportOutcome } from '../lib/server/imports';
import { loadRegistry, markDemo, openStore, type AppStore } from '../lib/server/app';
import { summarise } from '../lib/server/summary';
import { buildDeck } from '../lib/server/export';
import { isMetricId, type MetricId } from '../lib/domain/metrics';
import { parseViewParams } from '../lib/view-params';
import { writeFileSync } from 'node:fs';
import { runPipeline } from '../lib/import/pipeline';
import { problemMessage } from '../lib/import/messages';
import { formatSummaryTable, formatOutcome, type Lang } from './format';
import { listSampleFiles } from './samples';
import { CliUsage, cmdAudit, cmdUser } from './users';
import { writeAudit } from '../lib/server/audit';
import { createDemoAccounts } from '../lib/server/auth/demo';

class UsageError extends Error {}

const USAGE = `usage: npm run --silent cli -- <command> [options]

commands:
  import [--dry-run] [--branch SLUG] FILE...   import monthly exports (CSV/TSV, any encoding)
  imports                                      list the import history
  revert IMPORT_ID                             revert an import (its cells fall back)
  summary --from YYYY-MM --to YYYY-MM          every branch, every metric over a period
  deck --from YYYY-MM --to YYYY-MM --out FILE.pptx
       [--metrics a,b,c] [--kind pictures|native] [--scope overview|branches] [--branch SLUG]
                                               the monthly PowerPoint deck (same charts as the pages)
  demo-db [--db PATH]                          (re)create the demo database with the samples
  user add --username U --role admin|committee|branch|viewer [--branch SLUG] [--password-stdin]
  user list | user set-role --username U --role R [--branch SLUG]
  user disable|enable|reset-password|unlock --username U [--password-stdin]
                                               accounts (no --password-stdin: one is generated
                                               and printed; it must be changed at first sign-in)
  audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--user NAME] [--action ACTION]
                                               the audit trail, newest first

options:
  --db PATH       database file (default: $PACESETTER_DB or data/pacesetter.db)
  --lang zh|en    language of messages (default zh)
  --json          machine-readable output on stdout
`;

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
			branch: flags.branch
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

async function cmdImports(store: AppStore, flags: Flags): Promise<number> {
	const imports = (await listImports(store.db)).map((i) => ({
		id: i.id,
		file: i.file,
		sha256: i.sha256,
		importedAt: i.importedAt,
		status: i.status,
		encoding: i.encoding,
		branches: i.branches,
		from: i.from,
		to: i.to,
		new: i.new,
		replaced: i.replaced
	}));
	if (flags.json) {
		process.stdout.write(JSON.stringify({ imports }, null, 2) + '\n');
		return 0;
	}
	for (const i of imports) {
		process.stdout.write(
			`#${i.id}\t${i.importedAt}\t${i.status}\t${i.encoding}\t${i.from}..${i.to}\t+${i.new} ~${i.replaced}\t${i.branches.join(',')}\t${i.file}\n`
		);
	}
	return 0;
}

async function cmdRevert(store: AppStore, args: string[], flags: Flags): Promise<number> {
	const id = Number(args[0]);
	if (args.length !== 1 || !Number.isInteger(id) || id <= 0) {
		throw new UsageError('revert needs one IMPORT_ID (a positive whole number)');
	}
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

function periodFrom(flags: Flags): Period {
	if (!flags.from || !flags.to)
		throw new UsageError('this command needs --from YYYY-MM --to YYYY-MM');
	for (const m of [flags.from, flags.to]) {
		if (!isMonth(m)) throw new UsageError(`not a month (YYYY-MM): ${m}`);
	}
	if (flags.from > flags.to) throw new UsageError('--from must not be after --to');
	return { from: flags.from, to: flags.to };
}

async function cmdSummary(store: AppStore, flags: Flags): Promise<number> {
	const period = periodFrom(flags);
	const summary = await summarise(store.db, await loadRegistry(store.db), period);
	if (flags.json) {
		const out = {
			from: summary.from,
			to: summary.to,
			branches: summary.branches.map((b) => ({
				slug: b.slug,
				name: b.name,
				nameEn: b.nameEn,
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
	}
	return 0;
}

async function cmdDeck(store: AppStore, flags: Flags): Promise<number> {
	const period = periodFrom(flags);
	const { metrics, kind, scope, out } = deckOptions(flags);
	if (flags.branch && !(await loadRegistry(store.db)).bySlug(flags.branch)) {
		throw new UsageError(`unknown branch slug: ${flags.branch}`);
	}
	const q = new URLSearchParams({ ...period, ...(metrics ? { metrics: metrics.join(',') } : {}) });
	const view = parseViewParams(q, period.to);
	const started = Date.now();
	const deck = await buildDeck(store, {
		view,
		kind,
		scope,
		lang: flags.lang,
		branch: scope === 'overview' ? flags.branch : undefined
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
	let metrics: MetricId[] | undefined;
	if (flags.metrics !== undefined) {
		const ids = flags.metrics
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean);
		const unknown = ids.filter((id) => !isMetricId(id));
		if (unknown.length || !ids.length) {
			throw new UsageError(`unknown metric id: ${unknown.join(', ') || '(none given)'}`);
		}
		metrics = ids as MetricId[];
	}
	return { kind, scope, metrics, out: resolve(flags.out) } as const;
}

/** Recreate the demo database from data/samples and mark it as demo data. */
async function cmdDemoDb(flags: Flags): Promise<number> {
	const path = resolve(flags.db ?? process.env.PACESETTER_DB ?? 'data/demo.db');
	for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
	const store = await openStore({ dbPath: path });
	try {
		await markDemo(store);
		await createDemoAccounts(store.db);
		const registry = await loadRegistry(store.db);
		let rejected = 0;
		for (const file of listSampleFiles()) {
			const parsed = runPipeline(readFileSync(file), registry, { fileName: basename(file) });
			const o = await applyImport(store.db, parsed, { by: 'demo' });
			if (o.status === 'rejected') rejected++;
			log(formatOutcome(o, flags.lang));
		}
		log(`demo database: ${path}`);
		return rejected ? 1 : 0;
	} finally {
		await store.close();
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
	username?: string;
	role?: string;
	passwordStdin: boolean;
	user?: string;
	action?: string;
}

export async function main(argv: string[]): Promise<number> {
	let parsed;
	try {
		parsed = parseArgs({
			args: argv,
			allowPositionals: true,
			options: {
				db: { type: 'string' },
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
				username: { type: 'string' },
				role: { type: 'string' },
				'password-stdin': { type: 'boolean', default: false },
				user: { type: 'string' },
				action: { type: 'string' },
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
		username: values.username,
		role: values.role,
		passwordStdin: values['password-stdin'],
		user: values.user,
		action: values.action
	};
	try {
		if (command === 'demo-db') return await cmdDemoDb(flags);
		const known = ['import', 'imports', 'revert', 'summary', 'deck', 'user', 'audit'];
		if (!known.includes(command)) throw new UsageError(`unknown command: ${command}`);
		if (command === 'summary' || command === 'deck') periodFrom(flags);
		if (command === 'deck') deckOptions(flags);
		const store = await openStore({ dbPath: flags.db ? resolve(flags.db) : undefined });
		try {
			if (command === 'import') return await cmdImport(store, args, flags);
			if (command === 'imports') return await cmdImports(store, flags);
			if (command === 'revert') return await cmdRevert(store, args, flags);
			if (command === 'deck') return await cmdDeck(store, flags);
			if (command === 'user') return await cmdUser(store, args, flags, importedBy());
			if (command === 'audit') return await cmdAudit(store, flags);
			return await cmdSummary(store, flags);
		} finally {
			await store.close();
		}
	} catch (e) {
		if (e instanceof UsageError || e instanceof CliUsage) {
			log(`${e.message}\n\n${USAGE}`);
			return 2;
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
