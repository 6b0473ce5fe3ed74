/**
 * Two app instances on one PostgreSQL database, as a load balancer would spread a committee's
 * page loads over them: autocannon with 25 connections on each at once (50 in all) on the
 * overview's `__data.json`, signed in on one instance only (sessions live in the database).
 * Against one instance on SQLite taking all 50 connections, same run. Target: p99 < 100 ms on
 * both instances, 0 errors. Run by `store-run.ts` under `tests/pg.sh` (its database URL).
 */
import { machineLoad, ms } from './lib/child';
import { makeDemoDb, session, signInCookie, startApp, startDemoApp } from './lib/server';
import { load, type Load } from './server';

const PATH = '/__data.json?x-sveltekit-invalidated=11';
const CONNECTIONS = 50;
const DURATION_S = 10;
const WARM_UP_S = 2;

export async function instancesLine(databaseUrl: string): Promise<string> {
	const before = machineLoad();
	const single = await startDemoApp();
	let one: Load;
	try {
		await load(single.url + PATH, WARM_UP_S);
		one = await load(single.url + PATH, DURATION_S, CONNECTIONS);
	} finally {
		await single.stop();
	}
	const url = `${databaseUrl}${databaseUrl.includes('?') ? '&' : '?'}schema=bench_instances`;
	makeDemoDb(['--database-url', url]);
	const env = { PACESETTER_DATABASE_URL: url };
	const apps = [await startApp(env)];
	try {
		apps.push(await startApp(env));
		session.cookie = await signInCookie(apps[0].url);
		await Promise.all(apps.map((a) => load(a.url + PATH, WARM_UP_S, CONNECTIONS / 2)));
		const both = await Promise.all(
			apps.map((a) => load(a.url + PATH, DURATION_S, CONNECTIONS / 2))
		);
		const p99 = Math.max(...both.map((r) => r.p99));
		const errors = both.reduce((n, r) => n + r.errors, 0);
		const rps = both.reduce((n, r) => n + r.rps, 0);
		return (
			`store: two instances on PostgreSQL, overview __data.json, ${CONNECTIONS / 2} connections ` +
			`each: p99 ${ms(p99)} (target < 100 ms; ${both.map((r) => ms(r.p99)).join(' and ')}), ` +
			`${errors} errors, ${rps.toFixed(0)} req/s · one instance on SQLite, ${CONNECTIONS} ` +
			`connections: p99 ${ms(one.p99)}, ${one.errors} errors, ${one.rps.toFixed(0)} req/s ` +
			`(${(rps / Math.max(one.rps, 1)).toFixed(2)}×) · ${DURATION_S} s · ${before}`
		);
	} finally {
		await Promise.all(apps.map((a) => a.stop()));
	}
}
