import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { CHART_FONT } from '../charts/theme';
import { pictureFonts, svgCodePoints } from './fonts';
import { DEFAULT_FONT, pngSize, svgToPng } from './render';
import { svgToPngInThread } from './render-core';

/** Text as the charts set it: the chart font, regular, 600 and bold, Chinese and figures. */
function slide(extra = ''): string {
	const text = (y: number, weight: string, s: string) =>
		`<text x="40" y="${y}" style="font-size:32px;font-family:${CHART_FONT};font-weight:${weight};">${s}</text>`;
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" width="960" height="540">` +
		text(60, 'bold', '领导干部办案占比 · 2019-01 至 2019-12') +
		text(140, 'normal', `第一检察部 29.6% &lt;未填报&gt; ×–·${extra}`) +
		text(220, '600', 'Leader case share 34.1%') +
		`</svg>`
	);
}

/** The picture as resvg draws it with every system font loaded (how it was always rendered). */
function withSystemFonts(svg: string): Buffer {
	return new Resvg(svg, {
		background: '#ffffff',
		fitTo: { mode: 'width', value: 1920 },
		font: { loadSystemFonts: true, defaultFontFamily: DEFAULT_FONT, sansSerifFamily: DEFAULT_FONT },
		shapeRendering: 2,
		textRendering: 1
	})
		.render()
		.asPng();
}

describe('svgToPng', () => {
	it('draws Chinese from a per-picture subset of the chart font: the same pixels as the system fonts', async () => {
		const svg = slide();
		const fonts = await pictureFonts(svg, DEFAULT_FONT);
		// Regular and Bold of Noto Sans CJK SC (fonts-noto-cjk), each cut to a few dozen glyphs.
		expect(fonts?.files.length).toBeGreaterThanOrEqual(2);
		fonts?.dispose();

		const png = await svgToPng(svg, 960);
		expect(pngSize(png)).toEqual({ width: 1920, height: 1080 });
		expect(png.equals(withSystemFonts(svg))).toBe(true);
	});

	it('keeps a subset for the next pictures while it holds their characters, then removes it', async () => {
		const first = (await pictureFonts(slide(), DEFAULT_FONT))!;
		first.dispose();
		expect(first.files.every(existsSync)).toBe(true);
		const same = (await pictureFonts(slide(), DEFAULT_FONT))!;
		expect(same.files).toEqual(first.files);
		// A new character: a new subset, of both pictures' characters; the old one goes once unused.
		const more = (await pictureFonts(slide(' 党建工作'), DEFAULT_FONT))!;
		expect(more.files).not.toEqual(first.files);
		expect(first.files.every(existsSync)).toBe(true);
		same.dispose();
		expect(first.files.some(existsSync)).toBe(false);
		const again = (await pictureFonts(slide(), DEFAULT_FONT))!;
		expect(again.files).toEqual(more.files);
		again.dispose();
		more.dispose();
		// Drawn with the larger subset: still the same pixels.
		const png = await svgToPngInThread(slide(), 960, 2);
		expect(png.equals(withSystemFonts(slide()))).toBe(true);
	});

	it('falls back to the system fonts for a character the chart font lacks', async () => {
		const svg = slide(' 😀');
		expect(await pictureFonts(svg, DEFAULT_FONT)).toBeNull();
		expect((await svgToPng(svg, 960)).equals(withSystemFonts(svg))).toBe(true);
	});
});

describe('svgCodePoints', () => {
	it('reads the characters of text and of numeric entities', () => {
		const points = svgCodePoints('<text>支部&#39;&#x1F600;</text>');
		for (const c of ['支', '部', "'", '😀', 'A', '~'])
			expect(points.has(c.codePointAt(0)!), c).toBe(true);
		expect(points.has(0x0a)).toBe(false);
	});
});
