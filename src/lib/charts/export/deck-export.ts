/**
 * "Export deck": its menu's items and what they do (browser only; ExportDeck loads this module when
 * the menu first opens): the page's own deck composed here from its registered charts, or the
 * server's all-branches deck read from its progress stream. Both save the .pptx and give its number
 * of slides.
 */
import { m } from '../../paraglide/messages.js';
import type { Lang } from '../frame';
import type { DeckKind } from './deck';
import type { DeckContext } from './deck-context.svelte';
import type { MenuItem } from './Menu.svelte';
import { renderPngDataUrl, saveFile } from './render-browser';

const PPTX_TYPE = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/** This page's deck, composed in the browser from the registered builders. */
export async function exportPageDeck(
	deck: DeckContext,
	kind: DeckKind,
	lang: Lang,
	demo: boolean
): Promise<number> {
	const { view, period, fileStem, summary: makeSummary } = deck.view;
	const [{ composeDeck, deckBytes }, summary] = await Promise.all([
		import('./deck'),
		makeSummary?.()
	]);
	const { pptx, slides } = await composeDeck(
		{
			view,
			period,
			date: new Date().toISOString().slice(0, 10),
			lang,
			kind,
			sections: [{ title: null, charts: deck.charts }],
			demo,
			summary
		},
		async (build, ctx) => renderPngDataUrl(build, ctx)
	);
	const suffix = kind === 'native' ? '_editable' : '';
	saveFile(await deckBytes(pptx), `${fileStem}${suffix}.pptx`, PPTX_TYPE);
	return slides;
}

/**
 * "All branches" is composed on the server (it needs every branch's data); its NDJSON answer
 * reports each slide (`progress`), then carries the deck.
 */
export async function exportServerDeck(
	query: string,
	kind: DeckKind,
	lang: Lang,
	progress: (p: { done: number; total: number }) => void
): Promise<number> {
	const extra = `kind=${kind}&scope=branches&lang=${lang}&progress=1`;
	const res = await fetch(`/api/export/deck?${query.replace(/^\?/, '')}&${extra}`);
	if (!res.ok || !res.body) throw new Error((await res.text()) || res.statusText);
	const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
	let buffered = '';
	let result: { file: string; slides: number; data: string } | null = null;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		buffered += value;
		let nl: number;
		while ((nl = buffered.indexOf('\n')) >= 0) {
			const msg = JSON.parse(buffered.slice(0, nl));
			buffered = buffered.slice(nl + 1);
			if (msg.error) throw new Error(msg.error);
			if (msg.data) result = msg;
			else progress({ done: msg.done, total: msg.total });
		}
	}
	if (!result) throw new Error(m.slides_deck_incomplete());
	const bytes = Uint8Array.from(atob(result.data), (c) => c.charCodeAt(0));
	saveFile(bytes, result.file, PPTX_TYPE);
	return result.slides;
}

/**
 * The menu's items: this page's deck (unless it has no chart yet) and, where the page offers it,
 * every branch's (unavailable while one is being built: `building`).
 */
export function deckMenuItems(
	deck: DeckContext,
	building: boolean,
	run: { page: (kind: DeckKind) => unknown; all: (kind: DeckKind) => unknown }
): MenuItem[] {
	const empty = deck.size > 0 ? undefined : m.slides_deck_empty();
	const items: MenuItem[] = [
		{
			label: m.slides_deck_pictures(),
			run: () => run.page('pictures'),
			disabled: empty,
			testid: 'deck-pictures'
		},
		{
			label: m.slides_deck_native(),
			run: () => run.page('native'),
			disabled: empty,
			testid: 'deck-native'
		}
	];
	if (deck.view.allBranchesQuery) {
		const busy = building ? m.slides_exporting() : undefined;
		items.push(
			{
				label: m.slides_deck_all_pictures(),
				run: () => run.all('pictures'),
				disabled: busy,
				separator: true,
				testid: 'deck-all-pictures'
			},
			{
				label: m.slides_deck_all_native(),
				run: () => run.all('native'),
				disabled: busy,
				testid: 'deck-all-native'
			}
		);
	}
	return items;
}
