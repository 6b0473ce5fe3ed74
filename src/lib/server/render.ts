/**
 * Server-side chart images: the same builders as the browser, rendered through ECharts SSR to SVG,
 * then to PNG by resvg with the system's fonts (Noto Sans CJK SC for Chinese glyphs).
 */
import { Resvg } from '@resvg/resvg-js';
import type { ChartBuilder, ChartSpec, RenderContext } from '../charts/frame';
import { renderChartSvg } from '../charts/ssr';
import { EXPORT_PIXEL_RATIO } from '../charts/export/sizes';

/** The family resvg falls back to; the SVG asks for CHART_FONT's list, which starts with it. */
export const DEFAULT_FONT = 'Noto Sans CJK SC';

/** An SVG string as PNG bytes at `pixelRatio` (1920-wide SVG at ratio 2 → 3840 pixels wide). */
export function svgToPng(svg: string, width: number, pixelRatio = EXPORT_PIXEL_RATIO): Buffer {
	const resvg = new Resvg(svg, {
		background: '#ffffff',
		fitTo: { mode: 'width', value: Math.round(width * pixelRatio) },
		font: {
			loadSystemFonts: true,
			defaultFontFamily: DEFAULT_FONT,
			sansSerifFamily: DEFAULT_FONT
		},
		shapeRendering: 2,
		textRendering: 1
	});
	return resvg.render().asPng();
}

/** Build a chart in `ctx` and render it as PNG (opaque white, pixel ratio 2 by default). */
export function chartPng(
	build: ChartBuilder,
	ctx: RenderContext,
	pixelRatio = EXPORT_PIXEL_RATIO
): { png: Buffer; spec: ChartSpec } {
	const { svg, spec } = renderChartSvg(build, ctx);
	return { png: svgToPng(svg, ctx.width, pixelRatio), spec };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
	const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
	if (view.getUint32(0) !== 0x89504e47 || view.getUint32(12) !== 0x49484452) {
		throw new Error('not a PNG');
	}
	return { width: view.getUint32(16), height: view.getUint32(20) };
}
