/**
 * Server-side chart images: the same builders as the browser, rendered through ECharts SSR to SVG,
 * then to PNG by resvg in Noto Sans CJK SC (loaded once per process, see fonts.ts), off the main
 * thread so the server keeps answering.
 */
import { renderAsync } from '@resvg/resvg-js';
import type { ChartBuilder, ChartSpec, RenderContext } from '../charts/frame';
import { renderChartSvg } from '../charts/ssr';
import { EXPORT_PIXEL_RATIO } from '../charts/export/sizes';
import { pictureFonts } from './fonts';

/** The family resvg falls back to; the SVG asks for CHART_FONT's list, which starts with it. */
export const DEFAULT_FONT = 'Noto Sans CJK SC';

/** An SVG string as PNG bytes at `pixelRatio` (1920-wide SVG at ratio 2 → 3840 pixels wide). */
export async function svgToPng(
	svg: string,
	width: number,
	pixelRatio = EXPORT_PIXEL_RATIO
): Promise<Buffer> {
	const fonts = await pictureFonts(svg, DEFAULT_FONT);
	try {
		const image = await renderAsync(svg, {
			background: '#ffffff',
			fitTo: { mode: 'width', value: Math.round(width * pixelRatio) },
			font: {
				// Without the chart font's faces (or for a character they lack): the system's fonts.
				...(fonts ? { loadSystemFonts: false, fontFiles: fonts.files } : { loadSystemFonts: true }),
				defaultFontFamily: DEFAULT_FONT,
				sansSerifFamily: DEFAULT_FONT
			},
			shapeRendering: 2,
			textRendering: 1
		});
		return image.asPng();
	} finally {
		fonts?.dispose();
	}
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
