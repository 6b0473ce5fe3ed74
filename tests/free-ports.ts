/**
 * Free loopback TCP ports, for the servers tests and benches start: imported by the TypeScript
 * (tests/integration/server.ts), and run as a command by the shell scripts
 * (`npx tsx tests/free-ports.ts 3` prints three, space-separated).
 */
import { createServer, type AddressInfo, type Server } from 'node:net';
import { pathToFileURL } from 'node:url';

/** `n` loopback TCP ports nothing listens on now; held all at once while chosen, so distinct. */
export async function freePorts(n: number): Promise<number[]> {
	const servers: Server[] = [];
	try {
		for (let i = 0; i < n; i++) {
			const s = createServer();
			servers.push(s);
			await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
		}
		return servers.map((s) => (s.address() as AddressInfo).port);
	} finally {
		await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
	}
}

/** A loopback TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
	return (await freePorts(1))[0];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
	console.log((await freePorts(Number(process.argv[2] ?? 1))).join(' '));
