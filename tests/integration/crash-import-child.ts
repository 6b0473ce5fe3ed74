/**
 * The process tests/integration/crash-safety.test.ts kills: imports CSV into DB and prints
 * `parsed N` (pipeline done, N cells), `writing` (inside the import's transaction, the first batch
 * of packed rows about to be written) and `done STATUS` on stdout.
 * Usage: node --import tsx tests/integration/crash-import-child.ts DB CSV
 */
import { readFileSync } from 'node:fs';
import { loadRegistry } from '../../src/lib/server/branches';
import { runPipeline } from '../../src/lib/import/pipeline';
import { openDb } from '../../src/lib/server/db';
import { applyImport } from '../../src/lib/server/imports';

const [dbPath, csvPath] = process.argv.slice(2);
const store = await openDb(dbPath);
const registry = await loadRegistry(store.db);
const parsed = runPipeline(readFileSync(csvPath), registry, { fileName: 'crash.csv' });
process.stdout.write(`parsed ${parsed.cells.length}\n`);

// Hear when the import starts writing: every statement goes through the connection's prepare.
const sqlite = store.sqlite!;
const prepare = sqlite.prepare.bind(sqlite);
let signalled = false;
sqlite.prepare = ((source: string) => {
	if (!signalled && /^insert into "?import_rows"?/i.test(source.trim())) {
		signalled = true;
		process.stdout.write('writing\n');
	}
	return prepare(source);
}) as typeof sqlite.prepare;

const outcome = await applyImport(store.db, parsed, { by: 'crash-test' });
await store.close();
process.stdout.write(`done ${outcome.status}\n`);
