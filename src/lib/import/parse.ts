/**
 * Text → rows with the line numbers a user can find them at. PapaParse splits the records; the
 * line numbers are counted here from its cursor, because a quoted cell may span several lines.
 */
import Papa from 'papaparse';

export type Delimiter = ',' | '\t' | ';';

const DELIMITERS: readonly Delimiter[] = [',', '\t', ';'];

/** A record that is not blank (blank = every cell empty or whitespace). */
export interface Row {
	/** 1-based line of the file where the record starts (a multi-line cell counts from its first line). */
	line: number;
	cells: string[];
}

export function isBlankRow(cells: readonly string[]): boolean {
	for (const c of cells) if (c.trim() !== '') return false;
	return true;
}

/**
 * The delimiter that splits the first records most consistently: the most records with the same
 * number of cells (more than one); then more cells; then comma before tab before semicolon.
 */
export function detectDelimiter(text: string): Delimiter {
	const sample = text.slice(0, 64 * 1024);
	let best: { d: Delimiter; score: number; width: number } = { d: ',', score: 0, width: 0 };
	for (const d of DELIMITERS) {
		const { data } = Papa.parse<string[]>(sample, { delimiter: d, preview: 30 });
		const widths = new Map<number, number>();
		for (const row of data) {
			if (isBlankRow(row)) continue;
			// Trailing empty cells vary with how a sheet was saved; don't let them split the vote.
			let w = row.length;
			while (w > 1 && row[w - 1].trim() === '') w--;
			if (w > 1) widths.set(w, (widths.get(w) ?? 0) + 1);
		}
		for (const [width, score] of widths) {
			if (score > best.score || (score === best.score && width > best.width))
				best = { d, score, width };
		}
	}
	return best.d;
}

export interface ParseStats {
	/** Line of a quoted cell that never closes (it swallows the rest of the file), if any. */
	unclosedQuoteLine: number | null;
}

/**
 * Call `onRow` for every non-blank record in order; returning `false` stops. Line numbers are
 * physical lines: `\r\n`, `\n` and a lone `\r` each end a line.
 */
export function forEachRow(
	text: string,
	delimiter: Delimiter,
	onRow: (row: Row) => boolean | void
): ParseStats {
	let pos = 0;
	let line = 1;
	let unclosedQuoteLine: number | null = null;
	Papa.parse<string[]>(text, {
		delimiter,
		skipEmptyLines: false,
		step(result, parser) {
			const start = line;
			const end = Math.min(result.meta.cursor, text.length);
			for (let i = pos; i < end; i++) {
				const c = text.charCodeAt(i);
				if (c === 10) line++;
				else if (c === 13 && text.charCodeAt(i + 1) !== 10) line++;
			}
			pos = end;
			if (unclosedQuoteLine === null)
				for (const e of result.errors) if (e.code === 'MissingQuotes') unclosedQuoteLine = start;
			const cells = result.data;
			if (!isBlankRow(cells) && onRow({ line: start, cells }) === false) parser.abort();
		}
	});
	return { unclosedQuoteLine };
}
