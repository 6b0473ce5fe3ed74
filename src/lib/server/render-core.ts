/**
 * SVG → PNG with resvg in Noto Sans CJK SC (subset per picture, see fonts.ts). Runs in the pool's
 * worker threads; `render.ts` is what the rest of the server calls.
 */
import { Resvg } from '@resvg/resvg-js';
import { pictureFonts } from './fonts';

/** The family resvg falls back to; the SVG asks for CHART_FONT's list, which starts with it. */
export const DEFAULT_FONT = 'Noto Sans CJK SC';

/** An SVG string as PNG bytes at `pixelRatio`, drawn on the calling thread. */
export async function svgToPngInThread(
	svg: string,
	width: number,
	pixelRatio: number
): Promise<Buffer> {
	const fonts = await pictureFonts(svg, DEFAULT_FONT);
	try {
		const resvg = new Resvg(svg, {
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
		return resvg.render().asPng();
	} finally {
		fonts?.dispose();
	}
}
