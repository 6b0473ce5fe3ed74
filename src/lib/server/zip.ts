/**
 * Rewriting a deck's ZIP file with Node's zlib (native deflate and CRC-32) instead of JSZip, which
 * spent over a second of the request thread on a 65-slide deck: it read and wrote every picture's
 * megabytes in small JavaScript steps. Reads stored and deflated entries; writes pictures stored,
 * the rest deflated. Plain ZIP (no ZIP64): a deck is far below 4 GB and 65,535 entries.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { isDeckPicture, type EntryPatch } from '../charts/export/deck';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
/** General purpose flag bit 11: names are UTF-8. */
const UTF8_NAMES = 0x0800;

interface Entry {
	name: Buffer;
	data: Buffer;
	method: number;
	crc: number;
	size: number;
	time: number;
	date: number;
}

/** The entries of a ZIP file, in order, their data uncompressed. */
export function readZip(
	bytes: Uint8Array
): { name: string; data: Buffer; stored: boolean; time: number; date: number }[] {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let end = buf.length - 22;
	while (end >= 0 && buf.readUInt32LE(end) !== END) end--;
	if (end < 0) throw new Error('not a ZIP file: no end of central directory');
	const count = buf.readUInt16LE(end + 10);
	let at = buf.readUInt32LE(end + 16);
	const entries = [];
	for (let i = 0; i < count; i++) {
		if (buf.readUInt32LE(at) !== CENTRAL) throw new Error('ZIP central directory is damaged');
		const method = buf.readUInt16LE(at + 10);
		const time = buf.readUInt16LE(at + 12);
		const date = buf.readUInt16LE(at + 14);
		const compressed = buf.readUInt32LE(at + 20);
		const nameLength = buf.readUInt16LE(at + 28);
		const skip = nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
		const local = buf.readUInt32LE(at + 42);
		const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
		at += 46 + skip;
		if (buf.readUInt32LE(local) !== LOCAL) throw new Error(`ZIP entry ${name} is damaged`);
		const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
		const raw = buf.subarray(start, start + compressed);
		if (method !== STORED && method !== DEFLATED)
			throw new Error(`ZIP entry ${name}: compression method ${method} is not supported`);
		entries.push({
			name,
			data: method === STORED ? raw : inflateRawSync(raw),
			stored: method === STORED,
			time,
			date
		});
	}
	return entries;
}

/** A ZIP file of `entries`, each stored or deflated as `store` says. */
export function writeZip(
	entries: { name: string; data: Buffer; time: number; date: number }[],
	store: (name: string) => boolean
): Uint8Array {
	const packed: Entry[] = entries.map((e) => {
		const method = store(e.name) ? STORED : DEFLATED;
		return {
			name: Buffer.from(e.name, 'utf8'),
			data: method === STORED ? e.data : deflateRawSync(e.data),
			method,
			crc: crc32(e.data) >>> 0,
			size: e.data.length,
			time: e.time,
			date: e.date
		};
	});
	const parts: Buffer[] = [];
	const offsets: number[] = [];
	let offset = 0;
	for (const e of packed) {
		const header = Buffer.alloc(30);
		header.writeUInt32LE(LOCAL, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(UTF8_NAMES, 6);
		header.writeUInt16LE(e.method, 8);
		header.writeUInt16LE(e.time, 10);
		header.writeUInt16LE(e.date, 12);
		header.writeUInt32LE(e.crc, 14);
		header.writeUInt32LE(e.data.length, 18);
		header.writeUInt32LE(e.size, 22);
		header.writeUInt16LE(e.name.length, 26);
		offsets.push(offset);
		parts.push(header, e.name, e.data);
		offset += 30 + e.name.length + e.data.length;
	}
	const directory = offset;
	for (const [i, e] of packed.entries()) {
		const header = Buffer.alloc(46);
		header.writeUInt32LE(CENTRAL, 0);
		header.writeUInt16LE(20, 4);
		header.writeUInt16LE(20, 6);
		header.writeUInt16LE(UTF8_NAMES, 8);
		header.writeUInt16LE(e.method, 10);
		header.writeUInt16LE(e.time, 12);
		header.writeUInt16LE(e.date, 14);
		header.writeUInt32LE(e.crc, 16);
		header.writeUInt32LE(e.data.length, 20);
		header.writeUInt32LE(e.size, 24);
		header.writeUInt16LE(e.name.length, 28);
		header.writeUInt32LE(offsets[i], 42);
		parts.push(header, e.name);
		offset += 46 + e.name.length;
	}
	const end = Buffer.alloc(22);
	end.writeUInt32LE(END, 0);
	end.writeUInt16LE(packed.length, 8);
	end.writeUInt16LE(packed.length, 10);
	end.writeUInt32LE(offset - directory, 12);
	end.writeUInt32LE(directory, 16);
	parts.push(end);
	return Buffer.concat(parts);
}

/** The server's deck repacker (`DeckRepacker`): pictures stored, the rest deflated, `patch` applied. */
export async function repackZip(raw: Uint8Array, patch: EntryPatch): Promise<Uint8Array> {
	const entries = readZip(raw).map((e) =>
		patch.applies(e.name)
			? { ...e, data: Buffer.from(patch.apply(e.data.toString('utf8')), 'utf8') }
			: e
	);
	return writeZip(entries, isDeckPicture);
}
