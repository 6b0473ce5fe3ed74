/**
 * The chart font for resvg, loaded once per process. resvg-js 2.6 takes fonts only as files, and
 * reads the whole file again for every text it lays out: with the 20 MB Noto Sans CJK collection
 * that is ~30 ms a label and 1–2 s a slide (upstream: thx/resvg-js#367, #215). So the process reads
 * the faces of the chart font once, into HarfBuzz (WebAssembly), and pictures get a subset of them
 * holding their characters (tens of KB; kept for the next pictures, see `KeptSubset`): the same
 * glyphs and metrics, so the same pixels.
 * Where the faces are not installed, or a picture has a character they lack, rendering falls back
 * to the system fonts as before.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where fontconfig looks on Linux (Debian's fonts-noto-cjk installs under /usr/share/fonts). */
const FONT_DIRS = [
	'/usr/share/fonts',
	'/usr/local/share/fonts',
	join(homedir(), '.local/share/fonts'),
	join(homedir(), '.fonts')
];
const CANDIDATE = /NotoSansCJK.*\.(ttc|otf)$/i;

// HarfBuzz's subsetter API (the raw exports of harfbuzzjs's harfbuzz-subset.wasm).
interface Subsetter {
	memory: WebAssembly.Memory;
	_initialize(): void;
	malloc(size: number): number;
	hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
	hb_blob_destroy(blob: number): void;
	hb_blob_get_length(blob: number): number;
	hb_blob_get_data(blob: number, length: number): number;
	hb_face_create(blob: number, index: number): number;
	hb_face_destroy(face: number): void;
	hb_face_reference_blob(face: number): number;
	hb_set_add(set: number, value: number): void;
	hb_subset_input_create_or_fail(): number;
	hb_subset_input_destroy(input: number): void;
	hb_subset_input_unicode_set(input: number): number;
	hb_subset_input_set(input: number, kind: number): number;
	hb_subset_or_fail(face: number, input: number): number;
}
const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_NAME_ID = 4;
/** Typographic family and subfamily: kept so that every weight still answers to the family. */
const KEEP_NAME_IDS = [16, 17];

interface LoadedFaces {
	hb: Subsetter;
	/** One HarfBuzz face per weight of the family. */
	faces: number[];
	/** Code points every face has. */
	covered: Set<number>;
}

function candidateFiles(): string[] {
	const found: string[] = [];
	for (const dir of FONT_DIRS) {
		try {
			for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' }))
				if (CANDIDATE.test(entry)) found.push(join(dir, entry));
		} catch {
			// A directory that does not exist.
		}
	}
	return found.sort();
}

const facesIn = (bytes: Buffer) =>
	bytes.toString('latin1', 0, 4) === 'ttcf' ? bytes.readUInt32BE(8) : 1;

async function loadFaces(family: string): Promise<LoadedFaces | null> {
	const hbjs = await import('harfbuzzjs');
	const wasm = readFileSync(
		createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')
	);
	const hb = (await WebAssembly.instantiate(wasm)).instance.exports as unknown as Subsetter;
	hb._initialize();
	const faces: number[] = [];
	const coverages: Set<number>[] = [];
	for (const file of candidateFiles()) {
		const bytes = readFileSync(file);
		const names = new hbjs.Blob(bytes); // to read each face's family and characters
		let data = 0;
		for (let index = 0; index < facesIn(bytes); index++) {
			const face = new hbjs.Face(names, index);
			if ((face.getName(16, 'en') || face.getName(1, 'en')) !== family) continue;
			coverages.push(new Set(face.collectUnicodes()));
			if (!data) {
				data = hb.malloc(bytes.byteLength);
				new Uint8Array(hb.memory.buffer).set(bytes, data);
			}
			const blob = hb.hb_blob_create(data, bytes.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
			faces.push(hb.hb_face_create(blob, index));
			hb.hb_blob_destroy(blob);
		}
	}
	if (!faces.length) return null;
	const covered = new Set([...coverages[0]].filter((u) => coverages.every((c) => c.has(u))));
	return { hb, faces, covered };
}

/** `face` cut down to `codePoints`, as font file bytes. */
function subset(hb: Subsetter, face: number, codePoints: Iterable<number>): Uint8Array {
	const input = hb.hb_subset_input_create_or_fail();
	const unicodes = hb.hb_subset_input_unicode_set(input);
	for (const u of codePoints) hb.hb_set_add(unicodes, u);
	const names = hb.hb_subset_input_set(input, HB_SUBSET_SETS_NAME_ID);
	for (const id of KEEP_NAME_IDS) hb.hb_set_add(names, id);
	const result = hb.hb_subset_or_fail(face, input);
	hb.hb_subset_input_destroy(input);
	if (!result) throw new Error('font subsetting failed');
	const blob = hb.hb_face_reference_blob(result);
	const at = hb.hb_blob_get_data(blob, 0);
	const bytes = new Uint8Array(hb.memory.buffer, at, hb.hb_blob_get_length(blob)).slice();
	hb.hb_blob_destroy(blob);
	hb.hb_face_destroy(result);
	return bytes;
}

/** The characters an SVG may draw: its text (and markup), entities decoded, printable ASCII. */
export function svgCodePoints(svg: string): Set<number> {
	const points = new Set<number>();
	for (let u = 0x20; u < 0x7f; u++) points.add(u);
	for (const c of svg) {
		const u = c.codePointAt(0)!;
		if (u >= 0x20) points.add(u);
	}
	for (const [, dec, hex] of svg.matchAll(/&#(?:(\d+)|x([0-9a-f]+));/gi))
		points.add(dec ? Number(dec) : parseInt(hex, 16));
	return points;
}

const loaded = new Map<string, Promise<LoadedFaces | null>>();

export interface PictureFonts {
	/** Font files holding every weight of the family, cut to (at least) the picture's characters. */
	files: string[];
	/** Done with the files (once the picture is rendered). */
	dispose(): void;
}

/**
 * The subset this thread made last, kept for the pictures after it: the slides of a deck share
 * most of their characters, and cutting the faces took about a seventh of a slide's time. A
 * picture whose characters it all holds draws with it; one with a new character gets a new subset
 * of both pictures' characters (the same glyphs, so the same pixels), up to `MAX_KEPT_POINTS`.
 */
interface KeptSubset {
	family: string;
	points: Set<number>;
	files: string[];
	/** Pictures drawing with it now. */
	users: number;
	/** Replaced: its files go once its last picture is drawn. */
	replaced: boolean;
}
let kept: KeptSubset | undefined;
const MAX_KEPT_POINTS = 3000;

const removeFiles = (files: string[]) => files.forEach((f) => rmSync(f, { force: true }));
process.on('exit', () => {
	if (kept) removeFiles(kept.files);
});

function lend(subset: KeptSubset): PictureFonts {
	subset.users++;
	let done = false;
	return {
		files: subset.files,
		dispose() {
			if (done) return;
			done = true;
			subset.users--;
			if (subset.replaced && subset.users === 0) removeFiles(subset.files);
		}
	};
}

/**
 * Font files for resvg to draw `svg` in `family` without the system fonts, or null when the
 * family is not installed or lacks one of its characters (then render with the system fonts).
 */
export async function pictureFonts(svg: string, family: string): Promise<PictureFonts | null> {
	let faces = loaded.get(family);
	if (!faces) {
		// A font that will not load leaves pictures to the system fonts: slower, still right.
		faces = loadFaces(family).catch((e: unknown) => {
			console.warn(`pacesetter: ${family} not loaded for pictures: ${(e as Error).message}`);
			return null;
		});
		loaded.set(family, faces);
	}
	const set = await faces;
	if (!set) return null;
	const points = svgCodePoints(svg);
	for (const u of points) if (u >= 0x80 && !set.covered.has(u)) return null;
	const previous = kept?.family === family ? kept : undefined;
	if (previous && [...points].every((u) => previous.points.has(u))) return lend(previous);
	const wanted =
		previous && previous.points.size + points.size <= MAX_KEPT_POINTS
			? new Set([...previous.points, ...points])
			: points;
	const stem = join(tmpdir(), `pacesetter-font-${randomUUID()}`);
	const files = set.faces.map((face, i) => {
		const file = `${stem}-${i}.otf`;
		writeFileSync(file, subset(set.hb, face, wanted));
		return file;
	});
	if (kept) {
		kept.replaced = true;
		if (kept.users === 0) removeFiles(kept.files);
	}
	kept = { family, points: wanted, files, users: 0, replaced: false };
	return lend(kept);
}
