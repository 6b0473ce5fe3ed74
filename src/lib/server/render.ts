/**
 * Server-side chart images: the same builders as the browser, rendered through ECharts SSR to SVG,
 * then to PNG by resvg in Noto Sans CJK SC (see fonts.ts) in the worker pool, so the server keeps
 * answering while pictures are drawn.
 */
import type { ChartBuilder, ChartSpec, RenderContext } from '../charts/frame';
import { renderChartSvg } from '../charts/ssr';
import { EXPORT_PIXEL_RATIO } from '../charts/export/sizes';
import type { PngTask } from './workers/tasks';
import { workerPool } from './workers/pool';

export { DEFAULT_FONT } from './render-core';

/**
 * An SVG string as PNG bytes at `pixelRatio` (1920-wide SVG at ratio 2 → 3840 pixels wide), drawn
 * in the worker pool. Throws PoolBusy when the pool's queue is full, unless `admitted`.
 */
export async function svgToPng(
	svg: string,
	width: number,
	pixelRatio = EXPORT_PIXEL_RATIO,
	opts: { admitted?: boolean } = {}
): Promise<Buffer> {
	const task: PngTask = { kind: 'png', svg, width, pixelRatio };
	const bytes = await workerPool().run<Uint8Array>(task, opts);
	return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Build a chart in `ctx` and render it as PNG (opaque white, pixel ratio 2 by default). */
export async function chartPng(
	build: ChartBuilder,
	ctx: RenderContext,
	pixelRatio = EXPORT_PIXEL_RATIO
): Promise<{ png: Buffer; spec: ChartSpec }> {
	const { svg, spec } = renderChartSvg(build, ctx);
	return { png: await svgToPng(svg, ctx.width, pixelRatio), spec };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	if (view.getUint32(0) !== 0x89504e47 || view.getUint32(12) !== 0x49484452) {
		throw new Error('not a PNG');
	}
	return { width: view.getUint32(16), height: view.getUint32(20) };
}
