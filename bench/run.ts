/**
 * `npm run bench [-- import|query|store|page|server|exports|upload|deck …]`: each benchmark prints one line with its ratio
 * against a bare baseline measured in the same run. Not part of the tests.
 * Env: BENCH_RUNS (import repetitions, default 3).
 */
import { cpus, totalmem } from 'node:os';

// Loaded on demand: a benchmark alone does not load (or need) the others' modules.
const BENCHES: Record<string, () => Promise<string>> = {
	import: async () =>
		(await import('./import')).importBench({ runs: Number(process.env.BENCH_RUNS ?? 3) }),
	query: async () => (await import('./query')).queryBench(),
	store: async () => (await import('./store')).storeBench(),
	page: async () => (await import('./page')).pageBench(),
	server: async () => (await import('./server')).serverBench(),
	exports: async () => (await import('./server')).exportsBench(),
	upload: async () => (await import('./server')).uploadBench(),
	deck: async () => (await import('./server')).deckBench()
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = names.filter((n) => !(n in BENCHES));
if (unknown.length) {
	console.error(
		`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHES).join(', ')}`
	);
	process.exit(2);
}
console.log(
	`# ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC · ${cpus().length} cores · ` +
		`${(totalmem() / 2 ** 30).toFixed(0)} GB · node ${process.version}`
);
let failed = false;
for (const name of names.length ? names : Object.keys(BENCHES)) {
	try {
		console.log(await BENCHES[name]());
	} catch (e) {
		failed = true;
		console.log(`${name}: failed: ${e instanceof Error ? e.message : String(e)}`);
	}
}
process.exit(failed ? 1 : 0);
