/**
 * A chart's export menu: its items and what each does (browser only; ExportMenu loads this module
 * when the menu first opens).
 */
import { m } from '../../paraglide/messages.js';
import type { ChartBuilder, ChartSpec, Lang } from '../frame';
import { tableToCsv } from './csv';
import type { MenuItem } from './Menu.svelte';
import {
	copyPng,
	copyUnavailableReason,
	dataUrlToBlob,
	renderPngDataUrl,
	renderSvgText,
	saveFile
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

/**
 * The menu's items for the chart `target` describes; `report` gets the status line to announce
 * (exporting, done, failed).
 */
export function chartMenuItems(
	target: () => ExportTarget,
	report: (status: string) => void
): MenuItem[] {
	// A task starts at once in the click that chose it (copying must, for Safari's gesture rule).
	const run = (task: (t: ExportTarget) => unknown, done = '') => {
		return async () => {
			report(m.slides_exporting());
			try {
				await task(target());
				report(done);
			} catch (e) {
				report(m.slides_export_failed({ error: (e as Error).message }));
			}
		};
	};
	const copyBlocked = copyUnavailableReason();
	return [
		{ label: m.slides_png_169(), run: run((t) => exportPng(t, '16:9')), testid: 'export-png' },
		{ label: m.slides_png_43(), run: run((t) => exportPng(t, '4:3')) },
		{ label: m.slides_png_screen(), run: run((t) => exportPng(t, 'screen')) },
		{ label: m.slides_svg(), run: run(exportSvg), testid: 'export-svg' },
		{
			label: m.slides_copy(),
			run: run(copyImage, m.slides_copied()),
			disabled: copyBlocked
				? copyBlocked === 'insecure'
					? m.slides_copy_insecure()
					: m.slides_copy_unsupported()
				: undefined,
			testid: 'export-copy'
		},
		{ label: m.slides_csv(), run: run(exportCsv), testid: 'export-csv', separator: true },
		{ label: m.slides_xlsx(), run: run(exportXlsx), testid: 'export-xlsx' }
	];
}
