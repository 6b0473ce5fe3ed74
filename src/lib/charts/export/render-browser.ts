/**
 * Off-screen rendering in the browser: the chart is rebuilt by its own builder at the target size in
 * slide mode, on a detached element, so the chart on screen is never touched.
 */
import { echarts, useSvgRenderer, useTitles, withoutTooltip } from '../echarts';
import type { ChartBuilder, ChartSpec, RenderContext } from '../frame';
import { chartTheme } from '../theme';
import { EXPORT_PIXEL_RATIO } from './sizes';

/** Slides need titles (and SVG its renderer): loaded on the first export. */
async function withChart<T>(
	build: ChartBuilder,
	ctx: RenderContext,
	renderer: 'canvas' | 'svg',
	read: (chart: ReturnType<typeof echarts.init>, spec: ChartSpec) => T
): Promise<T> {
	await Promise.all([useTitles(), renderer === 'svg' ? useSvgRenderer() : undefined]);
	const node = document.createElement('div');
	node.style.width = `${ctx.width}px`;
	node.style.height = `${ctx.height}px`;
	const chart = echarts.init(node, chartTheme(), {
		renderer,
		width: ctx.width,
		height: ctx.height,
		devicePixelRatio: renderer === 'canvas' ? EXPORT_PIXEL_RATIO : undefined
	});
	try {
		const spec = build(ctx);
		chart.setOption({ ...withoutTooltip(spec.option), animation: false }, { notMerge: true });
		return read(chart, spec);
	} finally {
		chart.dispose();
	}
}

/** A PNG data URL at pixel ratio 2 with an opaque white background. */
export function renderPngDataUrl(build: ChartBuilder, ctx: RenderContext): Promise<string> {
	return withChart(build, ctx, 'canvas', (chart) =>
		chart.getDataURL({
			type: 'png',
			pixelRatio: EXPORT_PIXEL_RATIO,
			backgroundColor: '#ffffff'
		})
	);
}

/** The SVG markup of the same slide. */
export function renderSvgText(build: ChartBuilder, ctx: RenderContext): Promise<string> {
	return withChart(build, ctx, 'svg', (chart) => chart.renderToSVGString());
}

export async function dataUrlToBlob(url: string): Promise<Blob> {
	return (await fetch(url)).blob();
}

/** Save bytes or text under a file name (an anchor with `download`). */
export function saveFile(data: Blob | string | Uint8Array, fileName: string, type: string): void {
	const blob =
		data instanceof Blob ? data : new Blob([data as BlobPart], { type: `${type};charset=utf-8` });
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Why copying an image is not possible here, or null when it is. */
export function copyUnavailableReason(): 'insecure' | 'unsupported' | null {
	if (typeof window === 'undefined') return 'unsupported';
	if (!window.isSecureContext) return 'insecure';
	if (!('ClipboardItem' in window) || !navigator.clipboard?.write) return 'unsupported';
	return null;
}

/** Copy a PNG to the clipboard (the promise form keeps Safari's user-gesture requirement). */
export async function copyPng(render: () => Promise<string>): Promise<void> {
	const blob = (async () => dataUrlToBlob(await render()))();
	await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
}
