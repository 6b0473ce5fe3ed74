/**
 * Tooltips on demand (browser): a chart is drawn without them, their code loads on the first pointer
 * over it, then `upgrade` re-creates the chart with them (see `useTooltips` for why it must) and the
 * tooltip shows where the pointer is. A press in progress is let finish first: replacing the canvas
 * between press and release would lose the click.
 */
import { useTooltips } from './echarts';

/** Watch `node` until the first hover has upgraded its chart; returns the cleanup. */
export function tooltipsOnDemand(node: HTMLElement, upgrade: () => void): () => void {
	let pointer: { clientX: number; clientY: number } | null = null;
	let loaded = false;
	let pressed = false;
	let done = false;

	const finish = () => {
		if (done || !loaded || pressed) return;
		done = true;
		stop();
		upgrade();
		// Show the tooltip now, as the pointer's next move would (zrender, under ECharts, listens to
		// mouse events in every browser but old Edge and IE).
		const under = pointer && document.elementFromPoint(pointer.clientX, pointer.clientY);
		if (under && node.contains(under))
			under.dispatchEvent(new MouseEvent('mousemove', { ...pointer, bubbles: true }));
	};
	const track = (e: PointerEvent) => (pointer = { clientX: e.clientX, clientY: e.clientY });
	const enter = (e: PointerEvent) => {
		track(e);
		void useTooltips().then(() => {
			loaded = true;
			finish();
		});
	};
	const leave = () => (pointer = null);
	const down = () => (pressed = true);
	// After the click that this release makes.
	const up = () => {
		pressed = false;
		setTimeout(finish);
	};
	const events = {
		pointerenter: enter,
		pointermove: track,
		pointerleave: leave,
		pointerdown: down
	};
	for (const [name, fn] of Object.entries(events)) node.addEventListener(name, fn as EventListener);
	window.addEventListener('pointerup', up);
	function stop() {
		done = true;
		for (const [name, fn] of Object.entries(events))
			node.removeEventListener(name, fn as EventListener);
		window.removeEventListener('pointerup', up);
	}
	return stop;
}
