/**
 * Bytes → text. PapaParse never guesses an encoding, so this runs first (papaparse#849, #372).
 * Order: binary magic → BOM → UTF-16 without BOM → strict UTF-8 → GB18030. Where both UTF-8 and
 * GB18030 decode to different text, the caller's `score` (recognised header cells) decides.
 */
import type { Encoding, ProblemCode } from './types';

export type DecodeResult =
	| { ok: true; text: string; encoding: Encoding; guessed: boolean }
	| {
			ok: false;
			code: ProblemCode;
			params?: Record<string, string | number>;
			/**
			 * For `invalid_bytes` and `control_char`: the text as well as it decodes (an undecodable
			 * byte is U+FFFD), so the caller can name the row and column that hold the flaw.
			 */
			flawed?: string;
	  };

/** Recognised header cells at which a text is surely a CSV export, flaws and all. */
const TEXT_SCORE = 2;
/** More NUL bytes than this (outside UTF-16) is a binary file, not a stray NUL in a cell. */
const MAX_STRAY_NULS = 16;

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** Signatures of files that are surely no CSV: PNG, JPEG, GIF, PDF. */
const BINARY_MAGIC: readonly (readonly number[])[] = [
	[0x89, 0x50, 0x4e, 0x47],
	[0xff, 0xd8, 0xff],
	[0x47, 0x49, 0x46, 0x38],
	[0x25, 0x50, 0x44, 0x46, 0x2d]
];

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
	if (bytes.length < magic.length) return false;
	for (let i = 0; i < magic.length; i++) if (bytes[i] !== magic[i]) return false;
	return true;
}

/** `utf-16le` / `utf-16be` when the first bytes look like UTF-16 text without a BOM. */
export function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
	const n = Math.min(bytes.length, 4096) & ~1;
	if (n < 4) return null;
	let evenNul = 0;
	let oddNul = 0;
	for (let i = 0; i < n; i += 2) {
		if (bytes[i] === 0) evenNul++;
		if (bytes[i + 1] === 0) oddNul++;
	}
	const pairs = n / 2;
	// ASCII in UTF-16LE has a NUL in every odd byte. CJK text has few NULs, but separators, digits
	// and line breaks still put them on one side; only a few CJK characters (U+4E00 一) on the other.
	if (oddNul >= pairs * 0.15 && evenNul * 5 <= oddNul) return 'utf-16le';
	if (evenNul >= pairs * 0.15 && oddNul * 5 <= evenNul) return 'utf-16be';
	return null;
}

function decodeStrict(label: string, bytes: Uint8Array): string | null {
	try {
		return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes);
	} catch {
		return null;
	}
}

/** Bytes of the start of a file that decide between UTF-8 and GB18030. */
const SCORE_PREFIX = 64 * 1024;

/** The first `n` bytes decoded strictly (a character cut at the end is dropped), or null. */
function decodePrefix(label: string, bytes: Uint8Array, n: number): string | null {
	try {
		return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, n), {
			stream: true
		});
	} catch {
		return null;
	}
}

function decodeLoose(label: string, bytes: Uint8Array): string {
	return new TextDecoder(label, { ignoreBOM: true }).decode(bytes);
}

/**
 * Index of the first control character that does not belong in a text file (C0 except tab, line
 * feed, vertical tab, form feed, carriage return; DEL), or -1. A trailing DOS end-of-file mark
 * (`\x1a`) is allowed.
 */
export function firstControlChar(text: string): number {
	// eslint-disable-next-line no-control-regex
	const re = /[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]|\x1a(?!\s*$)/;
	const m = re.exec(text);
	return m ? m.index : -1;
}

type Score = (text: string) => number;

/**
 * A decoded text, checked: a control character (BEL, NUL …) makes it `control_char` when the text
 * is clearly a CSV export (the caller names the cell), otherwise `binary_file`.
 */
function checked(text: string, encoding: Encoding, guessed: boolean, score: Score): DecodeResult {
	const at = firstControlChar(text);
	if (at >= 0)
		return score(text) >= TEXT_SCORE
			? { ok: false, code: 'control_char', flawed: text }
			: { ok: false, code: 'binary_file', params: { offset: at } };
	// firstControlChar allowed a `\x1a` only when nothing but whitespace follows it.
	const eof = text.lastIndexOf('\x1a');
	const clean = eof >= 0 ? text.slice(0, eof) : text;
	if (clean.trim() === '') return { ok: false, code: 'empty_file' };
	return { ok: true, text: clean, encoding, guessed };
}

/** UTF-8 text with bytes that are no UTF-8: the cells that hold them, or a binary file. */
function undecodable(loose: string, score: Score): DecodeResult {
	return score(loose) >= TEXT_SCORE
		? { ok: false, code: 'invalid_bytes', flawed: loose }
		: { ok: false, code: 'binary_file' };
}

/**
 * After a BOM whose text reads as nothing: the encoding the rest of the bytes really are in, when
 * it reads as a CSV export there (a UTF-8 BOM before GBK text, a UTF-16 BOM before UTF-8).
 */
function contradictedBom(rest: Uint8Array, marker: Encoding, score: Score): DecodeResult | null {
	for (const [label, encoding] of [
		['utf-8', 'utf-8'],
		['gb18030', 'gb18030']
	] as const) {
		if (label === 'utf-8' && marker === 'utf-8-bom') continue;
		const text = decodeStrict(label, rest);
		if (text !== null && score(text) >= TEXT_SCORE)
			return { ok: false, code: 'bom_mismatch', params: { marker, encoding } };
	}
	return null;
}

/**
 * Decode a file's bytes. `score` rates a candidate text (higher is better, e.g. how many header
 * cells it recognises); it decides between UTF-8 and GB18030 where both decode but differ, and
 * whether text with a flaw (an undecodable byte, a control character, a BOM that contradicts the
 * text) is a CSV export to report cell by cell or a binary file.
 */
export function decodeBytes(bytes: Uint8Array, score: Score = () => 0): DecodeResult {
	if (bytes.length === 0) return { ok: false, code: 'empty_file' };
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
		return { ok: false, code: 'binary_xlsx', params: { format: 'xlsx' } };
	if (startsWith(bytes, OLE_MAGIC))
		return { ok: false, code: 'binary_xlsx', params: { format: 'xls' } };
	if (BINARY_MAGIC.some((magic) => startsWith(bytes, magic)))
		return { ok: false, code: 'binary_file' };

	if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
		const rest = bytes.subarray(3);
		const utf8 = decodeStrict('utf-8', rest);
		if (utf8 !== null) return checked(utf8, 'utf-8-bom', false, score);
		const loose = decodeLoose('utf-8', rest);
		if (score(loose) < TEXT_SCORE) {
			const bom = contradictedBom(rest, 'utf-8-bom', score);
			if (bom) return bom;
		}
		return undecodable(loose, score);
	}
	for (const [bom, encoding] of [
		[[0xff, 0xfe], 'utf-16le'],
		[[0xfe, 0xff], 'utf-16be']
	] as const) {
		if (!startsWith(bytes, bom)) continue;
		const text = decodeLoose(encoding, bytes.subarray(2));
		if (score(text) < TEXT_SCORE) {
			const contradicted = contradictedBom(bytes.subarray(2), encoding, score);
			if (contradicted) return contradicted;
		}
		return checked(text, encoding, false, score);
	}

	const utf16 = sniffUtf16(bytes);
	if (utf16) return checked(decodeLoose(utf16, bytes), utf16, true, score);

	// NUL bytes outside UTF-16 text: a binary file (an image, a database, a PDF …), unless there
	// are only a few in a text that reads as a CSV export (then `checked` names their cells).
	let nuls = 0;
	for (let i = bytes.indexOf(0); i >= 0 && nuls <= MAX_STRAY_NULS; i = bytes.indexOf(0, i + 1))
		nuls++;
	if (nuls > MAX_STRAY_NULS) return { ok: false, code: 'binary_file' };

	const utf8 = decodeStrict('utf-8', bytes);
	if (utf8 === null) {
		// GBK, or UTF-8 with a few bytes that are not (a truncated character, a GBK row pasted in):
		// the decoding whose header is recognised decides; GB18030 on a tie.
		const gb = decodeStrict('gb18030', bytes);
		const loose = decodeLoose('utf-8', bytes);
		const looseScore = score(loose);
		if (gb !== null && (looseScore < TEXT_SCORE || score(gb) >= looseScore))
			return checked(gb, 'gb18030', false, score);
		return undecodable(loose, score);
	}
	// Some GBK byte pairs are also valid UTF-8. Where the start of the file also reads as GB18030,
	// let the recognised header decide (UTF-8 on a tie); the header is near the start.
	const head = decodePrefix('gb18030', bytes, SCORE_PREFIX);
	if (head !== null && head !== utf8.slice(0, head.length)) {
		if (score(head) > score(utf8.slice(0, SCORE_PREFIX))) {
			const gb = decodeStrict('gb18030', bytes);
			if (gb !== null) return checked(gb, 'gb18030', true, score);
		}
	}
	return checked(utf8, 'utf-8', false, score);
}
