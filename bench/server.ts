/**
 * Server benchmark: autocannon, 50 connections for 10 s on loopback, against the built app's
 * `overview.view` tRPC query over the demo data (the overview's default view); the bare floor is a
 * tiny Node server answering the same JSON bytes. Target: p99 < 100 ms, 0 errors.
 */
import autocannon from 'autocannon';
import { DEFAULT_METRICS } from '../src/lib/views/view-params';
import { ms } from './lib/child';
import { startBareServer, startDemoApp } from './lib/server';

const CONNECTIONS = 50;
const DURATION_S = 10;

/** The overview's default view of the demo data: the last 12 months, the default metrics. */
export const DEMO_VIEW = {
	from: '2021-01',
	to: '2021-12',
	metrics: DEFAULT_METRICS,
	norm: 'raw',
	compare: false
};

export const overviewPath = (input: unknown = DEMO_VIEW) =>
	`/api/trpc/overview.view?input=${encodeURIComponent(JSON.stringify(input))}`;

async function load(url: string) {
	const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
	return {
		p50: r.latency.p50,
		p99: r.latency.p99,
		rps: r.requests.average,
		errors: r.errors + r.timeouts + r.non2xx
	};
}

export async function serverBench(): Promise<string> {
	const app = await startDemoApp();
	let body: string;
	let result: Awaited<ReturnType<typeof load>>;
	try {
		const res = await fetch(app.url + overviewPath());
		body = await res.text();
		if (!res.ok) throw new Error(`overview.view answered ${res.status}: ${body.slice(0, 300)}`);
		result = await load(app.url + overviewPath());
	} finally {
		await app.stop();
	}
	const bare = await startBareServer(body, 'application/json');
	let floor: Awaited<ReturnType<typeof load>>;
	try {
		floor = await load(bare.url);
	} finally {
		await bare.stop();
	}
	return (
		`server: p99 ${ms(result.p99)} (target < 100 ms), ${result.errors} errors · ` +
		`${(result.p99 / Math.max(floor.p99, 1)).toFixed(1)}× bare Node http p99 (${ms(floor.p99)}) · ` +
		`p50 ${ms(result.p50)} · ${result.rps.toFixed(0)} req/s vs ${floor.rps.toFixed(0)} · ` +
		`overview.view ${(body.length / 1024).toFixed(0)} KB JSON, ${CONNECTIONS} connections, ${DURATION_S} s`
	);
}
