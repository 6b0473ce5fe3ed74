/** What each item of a chart's export menu does (browser only; imported by ExportMenu). */
import type { ChartBuilder, ChartSpec, Lang } from '../frame';
import { tableToCsv } from './csv';
import {
	renderPngDataUrl,
	renderSvgText,
	dataUrlToBlob,
	saveFile,
	copyPng
} from './render-browser';
import { exportFileName, slideContext, type ExportSize } from './sizes';

export interface ExportTarget {
	build: ChartBuilder;
	/** The chart as shown (its frame names the files; its table is the data). */
	spec: ChartSpec;
	lang: Lang;
	/** The page shows the demo database: images carry the sample-data mark. */
	demo?: boolean;
	/** The chart's size on screen, for "on-screen size". */
	screen: { width: number; height: number };
}

const SUFFIX: Record<ExportSize, string> = { '16:9': '', '4:3': '_4x3', screen: '_screen' };

export async function exportPng(t: ExportTarget, size: ExportSize): Promise<void> {
	const url = await renderPngDataUrl(t.build, slideContext(size, t.lang, t.screen, t.demo));
	const name = exportFileName(
		{ ...t.spec.frame, fileStem: t.spec.frame.fileStem + SUFFIX[size] },
		'png'
	);
	saveFile(await dataUrlToBlob(url), name, 'image/png');
}

export async function exportSvg(t: ExportTarget): Promise<void> {
	const svg = await renderSvgText(t.build, slideContext('16:9', t.lang, undefined, t.demo));
	saveFile(svg, exportFileName(t.spec.frame, 'svg'), 'image/svg+xml');
}

export async function copyImage(t: ExportTarget): Promise<void> {
	await copyPng(() => renderPngDataUrl(t.build, slideContext('16:9', t.lang, undefined, t.demo)));
}

export function exportCsv(t: ExportTarget): void {
	saveFile(tableToCsv(t.spec.table), exportFileName(t.spec.frame, 'csv'), 'text/csv');
}

export async function exportXlsx(t: ExportTarget): Promise<void> {
	const { tableToXlsx } = await import('./xlsx');
	const bytes = await tableToXlsx(t.spec.table, t.spec.frame);
	saveFile(
		bytes,
		exportFileName(t.spec.frame, 'xlsx'),
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
	);
}
