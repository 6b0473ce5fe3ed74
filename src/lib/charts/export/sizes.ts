/** Export sizes and file names: what a chart becomes when it leaves the screen. */
import { safeFileStem, type ChartFrame, type Lang, type RenderContext } from '../frame';

export type ExportSize = '16:9' | '4:3' | 'screen';

/** Slide sizes in CSS pixels; images are written at pixel ratio 2 (16:9 → 3840×2160). */
export const SLIDE_SIZES = {
	'16:9': { width: 1920, height: 1080 },
	'4:3': { width: 1440, height: 1080 }
} as const;

export const EXPORT_PIXEL_RATIO = 2;

/** The slide context a chart is rendered in for export (white, framed, no animation). */
export function slideContext(
	size: ExportSize,
	lang: Lang,
	screen?: { width: number; height: number },
	demo = false
): RenderContext {
	const dims = size === 'screen' ? (screen ?? SLIDE_SIZES['16:9']) : SLIDE_SIZES[size];
	return {
		mode: 'slide',
		width: Math.max(320, Math.round(dims.width)),
		height: Math.max(240, Math.round(dims.height)),
		lang,
		demo
	};
}

/** `领导干部办案占比_2019-01_2019-12.png`: the file name says what the chart is. */
export function exportFileName(frame: Pick<ChartFrame, 'fileStem' | 'title'>, ext: string): string {
	const stem = safeFileStem(frame.fileStem || frame.title || 'chart').replace(/^_+|_+$/g, '');
	return `${stem || 'chart'}.${ext}`;
}
