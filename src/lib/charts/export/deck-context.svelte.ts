/**
 * The charts of the page, for "Export deck". A page calls `provideDeck(() => ({ view, period, … }))`
 * once in its script and puts `<ExportDeck />` where the button goes; every ChartCard below it
 * registers its builder (in page order) and unregisters when it goes away.
 */
import { getContext, setContext, untrack } from 'svelte';
import type { ChartBuilder } from '../frame';
import type { DeckSummary } from './deck';

export interface DeckView {
	/** What the deck is of, shown on its title slide: `总览` or the branch's name. */
	view: string;
	/** `2019-01 至 2019-12`. */
	period: string;
	/** File name stem: `总览_2019-01_2019-12`. */
	fileStem: string;
	/** Query for the server's "all branches" deck (`?from=…&to=…&metrics=…`); omit to hide it. */
	allBranchesQuery?: string;
	/**
	 * The KPI summary and talking points, after the title slide (views/deck-summary.ts): made on
	 * export, so a page loads their code (and the other page's charts it shares) only then.
	 */
	summary?: () => Promise<DeckSummary>;
}

interface Entry {
	id: number;
	/** The chart's current builder (a getter: the card's data may change after it registered). */
	get: () => ChartBuilder;
}

export class DeckContext {
	#entries = $state<Entry[]>([]);
	#next = 0;
	readonly #describe: () => DeckView;

	constructor(describe: () => DeckView) {
		this.#describe = describe;
	}

	get view(): DeckView {
		return this.#describe();
	}

	/** The registered builders, in registration (page) order. */
	get charts(): ChartBuilder[] {
		return this.#entries.map((e) => e.get());
	}

	/** Register a chart; returns the function that unregisters it (safe inside an effect). */
	register(get: () => ChartBuilder): () => void {
		const id = this.#next++;
		untrack(() => this.#entries.push({ id, get }));
		return () => {
			untrack(() => (this.#entries = this.#entries.filter((e) => e.id !== id)));
		};
	}

	get size(): number {
		return this.#entries.length;
	}
}

const KEY = Symbol('deck');

/** Make this page's charts exportable as a deck (call once, in the page's script). */
export function provideDeck(describe: () => DeckView): DeckContext {
	return setContext(KEY, new DeckContext(describe));
}

/** The page's deck, if it has one (ChartCard registers into it; ExportDeck reads it). */
export function getDeck(): DeckContext | undefined {
	return getContext<DeckContext | undefined>(KEY);
}
