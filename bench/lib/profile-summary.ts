/**
 * Summarise a V8 `.cpuprofile` (from `node --cpu-prof`): self time per function, top N.
 * Usage: `npx tsx bench/lib/profile-summary.ts FILE.cpuprofile [N]`.
 */
import { readFileSync } from 'node:fs';

interface Node {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	hitCount: number;
	children?: number[];
}
interface Profile {
	nodes: Node[];
	samples: number[];
	timeDeltas: number[];
}

export function selfTimes(profile: Profile): { name: string; ms: number }[] {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<string, number>();
	for (let i = 0; i < profile.samples.length; i++) {
		const n = byId.get(profile.samples[i]);
		if (!n) continue;
		const f = n.callFrame;
		const file = f.url.replace(/^.*\/(node_modules\/)?/, '');
		const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
		self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
	}
	return [...self].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const profile = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Profile;
	const top = Number(process.argv[3] ?? 25);
	const all = selfTimes(profile);
	const total = all.reduce((s, x) => s + x.ms, 0);
	for (const { name, ms } of all.slice(0, top))
		console.log(
			`${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${name}`
		);
	console.log(`${total.toFixed(0).padStart(7)} ms total`);
}
