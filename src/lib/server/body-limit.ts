/**
 * Request bodies read under a limit while they stream in. adapter-node's own limit is lifted by the
 * server entry (server-entry.js), so this is the one place a body's size is checked:
 * `Content-Length` first (refused before a byte is read), then the bytes as they arrive. An upload
 * is scanned part by part, so a file over the per-file limit is refused by name as soon as its
 * bytes pass the limit, not after the whole request has been buffered.
 */
import { maxFileBytes, type ImportLimits } from '../import/types';

/** Why a body was refused; the hook turns it into a 413 in the user's language. */
export type BodyRefusal =
	| { kind: 'file'; file: string; maxBytes: number }
	| { kind: 'total'; size: number | null; maxBytes: number };

export type LimitedBody = { bytes: Uint8Array } | { refused: BodyRefusal };

/** Bodies of requests that are not uploads (tRPC JSON calls): small. */
export const MAX_OTHER_BODY_BYTES = 1024 * 1024;
/** Room for the multipart framing and the `branch.<i>` fields of an upload of `maxFiles` files. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;
/** Part headers longer than this are not a browser's form. */
const MAX_PART_HEADER_BYTES = 16 * 1024;

/** The most an upload request may carry in all: every file at the limit, plus the form's framing. */
export function maxUploadBytes(limits: ImportLimits): number {
	return limits.maxFiles * maxFileBytes(limits) + FORM_OVERHEAD_BYTES;
}

/** The multipart boundary of a `multipart/form-data` content type, or null. */
export function multipartBoundary(contentType: string | null): string | null {
	if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return null;
	const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]) : null;
}

/**
 * Counts the bytes of each file part of a multipart body as chunks arrive. `push` answers the
 * refusal as soon as a file part is larger than `maxFileBytes`.
 */
export class MultipartMeter {
	private readonly delimiter: Uint8Array;
	private readonly headerEnd = Buffer.from('\r\n\r\n');
	// The first boundary has no CRLF in front of it: start as if it had one.
	private carry: Buffer = Buffer.from('\r\n');
	private state: 'content' | 'headers' | 'done' = 'content';
	private file: string | null = null;
	private size = 0;

	constructor(
		boundary: string,
		private readonly maxFileBytes: number
	) {
		this.delimiter = Buffer.from(`\r\n--${boundary}`);
	}

	push(chunk: Uint8Array): BodyRefusal | null {
		let buf = Buffer.concat([this.carry, chunk]);
		this.carry = Buffer.alloc(0);
		for (;;) {
			if (this.state === 'done') return null;
			if (this.state === 'content') {
				const at = buf.indexOf(this.delimiter);
				if (at < 0) {
					// Keep what could be the start of a delimiter split across chunks.
					const keep = Math.min(buf.length, this.delimiter.length - 1);
					this.size += buf.length - keep;
					this.carry = buf.subarray(buf.length - keep);
					return this.over();
				}
				this.size += at;
				const refused = this.over();
				if (refused) return refused;
				buf = buf.subarray(at + this.delimiter.length);
				this.state = 'headers';
				continue;
			}
			const end = buf.indexOf(this.headerEnd);
			if (end < 0) {
				if (buf.length >= 2 && buf[0] === 0x2d && buf[1] === 0x2d) this.state = 'done';
				else if (buf.length > MAX_PART_HEADER_BYTES) this.state = 'done';
				else this.carry = buf;
				return null;
			}
			const head = buf.subarray(0, end).toString('utf8');
			if (head.startsWith('--')) {
				this.state = 'done';
				return null;
			}
			this.file = partFileName(head);
			this.size = 0;
			buf = buf.subarray(end + this.headerEnd.length);
			this.state = 'content';
		}
	}

	private over(): BodyRefusal | null {
		if (this.file === null || this.size <= this.maxFileBytes) return null;
		return { kind: 'file', file: this.file, maxBytes: this.maxFileBytes };
	}
}

/** The `filename` of a part's Content-Disposition (`filename*=UTF-8''…` preferred), or null. */
export function partFileName(head: string): string | null {
	const disposition = head.split('\r\n').find((l) => /^content-disposition:/i.test(l.trim()));
	if (!disposition) return null;
	const star = /filename\*=(?:UTF-8'[^']*')?([^;]+)/i.exec(disposition);
	if (star) {
		try {
			return decodeURIComponent(star[1].trim());
		} catch {
			/* fall through to the plain parameter */
		}
	}
	const plain = /filename="((?:[^"\\]|\\.)*)"|filename=([^;]+)/i.exec(disposition);
	if (!plain) return null;
	return (plain[1] ?? plain[2]).trim().replace(/\\(.)/g, '$1');
}

/**
 * Read a request's body under `maxBytes` in all and, for a multipart upload, `maxFileBytes` per
 * file. Stops reading at the first byte over a limit (the rest is never buffered).
 */
export async function readLimited(
	request: Request,
	limits: { maxBytes: number; maxFileBytes?: number }
): Promise<LimitedBody> {
	const declared = request.headers.get('content-length');
	const length = declared === null ? null : Number(declared);
	if (length !== null && Number.isFinite(length) && length > limits.maxBytes) {
		if (request.body) discardRest(request.body.getReader());
		return { refused: { kind: 'total', size: length, maxBytes: limits.maxBytes } };
	}
	if (!request.body) return { bytes: new Uint8Array(0) };
	const boundary = multipartBoundary(request.headers.get('content-type'));
	const meter =
		boundary && limits.maxFileBytes !== undefined
			? new MultipartMeter(boundary, limits.maxFileBytes)
			: null;
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let total = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		total += value.byteLength;
		if (total > limits.maxBytes) {
			discardRest(reader);
			return { refused: { kind: 'total', size: length, maxBytes: limits.maxBytes } };
		}
		const refused = meter?.push(value);
		if (refused) {
			discardRest(reader);
			return { refused };
		}
		chunks.push(value);
	}
	return { bytes: Buffer.concat(chunks) };
}

/** How long the rest of a refused body is read and dropped before the connection is cut. */
const DISCARD_MS = 2000;

/**
 * The rest of a refused body: read and dropped (never kept) for a moment, so the client reads the
 * 413 before it sees the connection closed, then the connection is cut. Cancelling at once would
 * reset the socket while the client is still sending, and most clients then lose the answer.
 */
function discardRest(reader: ReadableStreamDefaultReader<Uint8Array>): void {
	const cut = setTimeout(() => void reader.cancel().catch(() => {}), DISCARD_MS);
	void (async () => {
		try {
			while (!(await reader.read()).done);
		} catch {
			/* the client went away: nothing to drop */
		} finally {
			clearTimeout(cut);
		}
	})();
}
