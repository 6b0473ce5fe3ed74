import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import {
	composeDeck,
	deckBytes,
	deckFontPatch,
	DECK_FONT,
	type EntryPatch
} from '../charts/export/deck';
import { renderChartSvg } from '../charts/ssr';
import type { ChartBuilder } from '../charts/frame';
import { readZip, repackZip, writeZip } from './zip';
import { svgToPngInThread } from './render-core';

const bars: ChartBuilder = () => ({
	frame: {
		title: '书记讲党课',
		subtitle: '2020 年',
		source: 'test',
		fileStem: 'bars',
		unit: '次',
		asOf: '2020-12',
		legend: []
	},
	option: {
		xAxis: { type: 'category', data: ['甲', '乙'] },
		yAxis: { type: 'value' },
		series: [{ type: 'bar', data: [1, 2] }]
	},
	table: {
		columns: ['支部', '次'],
		rows: [
			['甲', 1],
			['乙', 2]
		]
	}
});

/** A small deck: a picture slide and an editable chart, as pptxgenjs writes it. */
async function deck(kind: 'pictures' | 'native') {
	return composeDeck(
		{
			view: '总览',
			period: '2020 年',
			date: '2021-01-01',
			lang: 'zh',
			kind,
			sections: [{ title: null, charts: [bars] }],
			demo: false
		},
		async (build, ctx) => {
			const { svg } = renderChartSvg(build, ctx);
			const png = await svgToPngInThread(svg, ctx.width, 1);
			return `data:image/png;base64,${png.toString('base64')}`;
		}
	);
}

/** A ZIP file's entries as JSZip (an independent reader) reads them, `patch` applied: name → hash. */
async function entries(bytes: Uint8Array, patch?: EntryPatch) {
	const zip = await JSZip.loadAsync(bytes);
	const out: Record<string, string> = {};
	for (const [name, file] of Object.entries(zip.files)) {
		if (file.dir) continue;
		let data = Buffer.from(await file.async('uint8array'));
		if (patch?.applies(name)) data = Buffer.from(patch.apply(data.toString('utf8')), 'utf8');
		out[name] = createHash('sha256').update(data).digest('hex');
	}
	return out;
}

describe("the server's deck repacking", () => {
	for (const kind of ['pictures', 'native'] as const)
		it(`rewrites a ${kind} deck entry for entry, fonts named, pictures stored`, async () => {
			const { pptx } = await deck(kind);
			const raw = (await pptx.write({ outputType: 'uint8array' })) as Uint8Array;
			const ours = await repackZip(raw, deckFontPatch);
			// Every entry of pptxgenjs's file, byte for byte, the patched ones patched.
			expect(await entries(ours)).toEqual(await entries(raw, deckFontPatch));
			const read = readZip(ours);
			const theme = read.find((e) => e.name === 'ppt/theme/theme1.xml')!;
			expect(theme.data.toString('utf8')).toContain(`<a:ea typeface="${DECK_FONT}"/>`);
			expect(theme.stored).toBe(false);
			const pictures = read.filter((e) => e.name.startsWith('ppt/media/'));
			if (kind === 'pictures') expect(pictures.length).toBeGreaterThan(0);
			for (const p of pictures) expect(p.stored).toBe(true);
			if (kind === 'native') {
				const chart = read.find((e) => /^ppt\/charts\/chart\d+\.xml$/.test(e.name));
				expect(chart?.data.toString('utf8')).toContain(`<a:ea typeface="${DECK_FONT}"/>`);
			}
		});

	it('names the fonts the same way in the browser (JSZip)', async () => {
		const { pptx } = await deck('native');
		const theme = await (
			await JSZip.loadAsync(await deckBytes(pptx))
		)
			.file('ppt/theme/theme1.xml')!
			.async('string');
		expect(theme).toContain(`<a:ea typeface="${DECK_FONT}"/>`);
	});

	it('reads back what it wrote, names in UTF-8 included', async () => {
		const files = [
			{ name: 'a.txt', data: Buffer.from('一二三'.repeat(100)), time: 0, date: 33 },
			{ name: '图/b.png', data: Buffer.from([1, 2, 3]), time: 0, date: 33 }
		];
		const back = readZip(writeZip(files, (n) => n.endsWith('.png')));
		expect(back.map((e) => [e.name, e.data.toString('hex'), e.stored])).toEqual(
			files.map((f) => [f.name, f.data.toString('hex'), f.name.endsWith('.png')])
		);
	});

	it('refuses what is not a ZIP file', () => {
		expect(() => readZip(Buffer.from('not a zip file at all, just some text here'))).toThrow(
			/not a ZIP file/
		);
	});
});
