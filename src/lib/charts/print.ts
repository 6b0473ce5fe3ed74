/**
 * Charts at print size. A canvas drawn for the screen does not reflow when the page is laid out
 * for paper, and scaling it with CSS breaks layered canvases (the heatmap), so when printing
 * starts each chart is redrawn at the width its card has on an A4 landscape page (see the print
 * stylesheet in app.css: one chart card per row), and at its screen width again afterwards.
 */

/**
 * Canvas pixels per CSS pixel on paper: a chart drawn for a 96 dpi screen prints as a blurred
 * bitmap, so it is redrawn at about 288 dpi while printing.
 */
export const PRINT_PIXEL_RATIO = 3;

/** A4 landscape (297 mm) less the 10 mm margins of `@page`, in CSS pixels (96 per inch). */
export const PRINT_CONTENT_WIDTH = Math.floor(((297 - 2 * 10) * 96) / 25.4);

/** The chart's width on paper: the page's width less what its card adds around it on screen. */
export function printWidth(node: HTMLElement): number {
	const card = node.closest('.card') as HTMLElement | null;
	const chrome = card ? card.getBoundingClientRect().width - node.getBoundingClientRect().width : 0;
	return Math.max(320, Math.floor(PRINT_CONTENT_WIDTH - Math.max(0, chrome)));
}

/**
 * The chart's size on paper: the printed width, and its screen height grown by as much as the
 * width shrank (the chart keeps its shape; charts laid out by width, like the grouped bars'
 * panels, keep room for their rows).
 */
export function printSize(node: HTMLElement, height: number): { width: number; height: number } {
	const width = printWidth(node);
	const screen = node.getBoundingClientRect().width;
	return { width, height: Math.round(height * Math.max(1, screen / width)) };
}

/**
 * Call `enter` when the page starts printing (beforeprint, or the print media query matching, as
 * emulated print does) and `leave` when it ends; returns the function that stops listening.
 */
export function onPrint(enter: () => void, leave: () => void): () => void {
	const media = window.matchMedia('print');
	const change = (e: MediaQueryListEvent) => (e.matches ? enter() : leave());
	media.addEventListener('change', change);
	window.addEventListener('beforeprint', enter);
	window.addEventListener('afterprint', leave);
	return () => {
		media.removeEventListener('change', change);
		window.removeEventListener('beforeprint', enter);
		window.removeEventListener('afterprint', leave);
	};
}
