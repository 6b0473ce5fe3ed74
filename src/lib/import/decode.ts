/**
 * Bytes → text. PapaParse never guesses an encoding, so this runs first (papaparse#849, #372).
 * Order: binary magic → BOM → UTF-16 without BOM → strict UTF-8 → GB18030. Where both UTF-8 and
 * GB18030 decode to different text, the caller's `score` (recognised header cells) decides.
 */
import type { Encoding, ProblemCode } from './types';

export type DecodeResult =
	| { ok: true; text: string; encoding: Encoding; guessed: boolean }
	| { ok: false; code: ProblemCode; params?: Record<string, string | number> };

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

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

function checked(text: string, encoding: Encoding, guessed: boolean): DecodeResult {
	const at = firstControlChar(text);
	if (at >= 0) return { ok: false, code: 'binary_file', params: { offset: at } };
	// firstControlChar allowed a `\x1a` only when nothing but whitespace follows it.
	const eof = text.lastIndexOf('\x1a');
	const clean = eof >= 0 ? text.slice(0, eof) : text;
	if (clean.trim() === '') return { ok: false, code: 'empty_file' };
	return { ok: true, text: clean, encoding, guessed };
}

/**
 * Decode a file's bytes. `score` rates a candidate text (higher is better, e.g. how many header
 * cells it recognises); it is only consulted when UTF-8 and GB18030 both decode but differ.
 */
export function decodeBytes(bytes: Uint8Array, score?: (text: string) => number): DecodeResult {
	if (bytes.length === 0) return { ok: false, code: 'empty_file' };
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]))
		return { ok: false, code: 'binary_xlsx', params: { format: 'xlsx' } };
	if (startsWith(bytes, OLE_MAGIC))
		return { ok: false, code: 'binary_xlsx', params: { format: 'xls' } };

	if (startsWith(bytes, [0xef, 0xbb, 0xbf]))
		return checked(decodeLoose('utf-8', bytes.subarray(3)), 'utf-8-bom', false);
	if (startsWith(bytes, [0xff, 0xfe]))
		return checked(decodeLoose('utf-16le', bytes.subarray(2)), 'utf-16le', false);
	if (startsWith(bytes, [0xfe, 0xff]))
		return checked(decodeLoose('utf-16be', bytes.subarray(2)), 'utf-16be', false);

	const utf16 = sniffUtf16(bytes);
	if (utf16) return checked(decodeLoose(utf16, bytes), utf16, true);

	// NUL bytes outside UTF-16 text: a binary file (an image, a database, a PDF …).
	if (bytes.indexOf(0) >= 0) return { ok: false, code: 'binary_file' };

	const utf8 = decodeStrict('utf-8', bytes);
	if (utf8 === null) {
		const gb = decodeStrict('gb18030', bytes);
		return gb === null ? { ok: false, code: 'binary_file' } : checked(gb, 'gb18030', false);
	}
	// Some GBK byte pairs are also valid UTF-8. Where the start of the file also reads as GB18030,
	// let the recognised header decide (UTF-8 on a tie); the header is near the start.
	const head = decodePrefix('gb18030', bytes, SCORE_PREFIX);
	if (head !== null && score && head !== utf8.slice(0, head.length)) {
		if (score(head) > score(utf8.slice(0, SCORE_PREFIX))) {
			const gb = decodeStrict('gb18030', bytes);
			if (gb !== null) return checked(gb, 'gb18030', true);
		}
	}
	return checked(utf8, 'utf-8', false);
}
