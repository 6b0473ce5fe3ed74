/** Sparkline geometry: a tiny line per metric, broken where a month was not reported. */

/**
 * SVG polyline point lists for values drawn in a `width` × `height` box (with `pad` inside): one
 * list per run of reported months; a lone reported month becomes a one-point run (drawn as a dot).
 * The scale starts at 0 (or at the smallest value when negative) so a flat line reads as flat.
 */
export function sparklineRuns(
	values: (number | null)[],
	width: number,
	height: number,
	pad = 2
): { x: number; y: number }[][] {
	const present = values.filter((v): v is number => v !== null);
	if (!present.length) return [];
	const lo = Math.min(0, ...present);
	const hi = Math.max(...present);
	const span = hi - lo || 1;
	const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
	const runs: { x: number; y: number }[][] = [];
	let run: { x: number; y: number }[] = [];
	values.forEach((v, i) => {
		if (v === null) {
			if (run.length) runs.push(run);
			run = [];
			return;
		}
		const x = values.length > 1 ? pad + i * step : width / 2;
		const y = height - pad - ((v - lo) / span) * (height - 2 * pad);
		run.push({ x: Math.round(x * 10) / 10, y: Math.round(y * 10) / 10 });
	});
	if (run.length) runs.push(run);
	return runs;
}
