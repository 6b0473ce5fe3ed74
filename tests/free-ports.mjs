// Prints N free loopback TCP ports, space-separated.
import { createServer } from 'node:net';

const n = Number(process.argv[2] ?? 1);
const servers = [];
const ports = [];
for (let i = 0; i < n; i++) {
	const s = createServer();
	await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
	servers.push(s);
	ports.push(s.address().port);
}
await Promise.all(servers.map((s) => new Promise((ok) => s.close(ok))));
console.log(ports.join(' '));
