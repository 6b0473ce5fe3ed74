import { describe, expect, it } from 'vitest';
import { MultipartMeter, multipartBoundary, partFileName, readLimited } from './body-limit';

const B = 'xyzBOUNDARYxyz';
function form(files: [string, number][]): Buffer {
	const parts = files.map(([name, size]) =>
		Buffer.concat([
			Buffer.from(
				`--${B}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n\r\n`
			),
			Buffer.alloc(size, 'a'),
			Buffer.from('\r\n')
		])
	);
	return Buffer.concat([
		...parts,
		Buffer.from(
			`--${B}\r\nContent-Disposition: form-data; name="branch.0"\r\n\r\noffice\r\n--${B}--\r\n`
		)
	]);
}

/** Feed `body` to a meter in chunks of `size` bytes; the first refusal, or null. */
function meter(body: Buffer, max: number, size: number) {
	const m = new MultipartMeter(B, max);
	for (let i = 0; i < body.length; i += size) {
		const r = m.push(body.subarray(i, i + size));
		if (r) return { refused: r, at: i + size };
	}
	return null;
}

describe('MultipartMeter', () => {
	it('lets files at the limit through, whatever the chunking', () => {
		const body = form([
			['a.csv', 1000],
			['b.csv', 1000]
		]);
		for (const size of [1, 2, 7, 13, 64, 999, 1000, 1001, body.length])
			expect(meter(body, 1000, size), `chunks of ${size}`).toBeNull();
	});

	it('refuses the first file over the limit by name, as soon as its bytes pass it', () => {
		const body = form([
			['a.csv', 10],
			['年报 2024.csv', 5000],
			['c.csv', 10]
		]);
		for (const size of [1, 3, 64, 256]) {
			const r = meter(body, 1000, size);
			expect(r?.refused).toEqual({ kind: 'file', file: '年报 2024.csv', maxBytes: 1000 });
			// Found within a delimiter's length past the limit, not at the end of the body.
			expect(r!.at).toBeLessThan(body.indexOf('年报') + 200 + 1000 + B.length + size + 8);
		}
	});

	it('does not count form fields as files', () => {
		const body = Buffer.from(
			`--${B}\r\nContent-Disposition: form-data; name="branch.0"\r\n\r\n${'x'.repeat(5000)}\r\n--${B}--\r\n`
		);
		expect(meter(body, 1000, 64)).toBeNull();
	});
});

describe('multipart headers', () => {
	it('reads the boundary, quoted or not', () => {
		expect(multipartBoundary('multipart/form-data; boundary=abc')).toBe('abc');
		expect(multipartBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
		expect(multipartBoundary('application/json')).toBeNull();
	});
	it('reads file names, plain, escaped and RFC 5987', () => {
		expect(partFileName('Content-Disposition: form-data; name="file"; filename="a.csv"')).toBe(
			'a.csv'
		);
		expect(partFileName('content-disposition: form-data; filename="say \\"hi\\".csv"')).toBe(
			'say "hi".csv'
		);
		expect(
			partFileName("Content-Disposition: form-data; filename*=UTF-8''%E5%B9%B4%E6%8A%A5.csv")
		).toBe('年报.csv');
		expect(partFileName('Content-Disposition: form-data; name="branch.0"')).toBeNull();
	});
});

describe('readLimited', () => {
	const stream = (body: Buffer, chunk = 100) =>
		new ReadableStream<Uint8Array>({
			start(c) {
				for (let i = 0; i < body.length; i += chunk) c.enqueue(body.subarray(i, i + chunk));
				c.close();
			}
		});
	const req = (body: Buffer, headers: Record<string, string> = {}) =>
		new Request('http://localhost/api', {
			method: 'POST',
			body: stream(body),
			headers: { 'content-type': `multipart/form-data; boundary=${B}`, ...headers },
			duplex: 'half'
		} as RequestInit);

	it('refuses a declared length over the limit before reading', async () => {
		const r = await readLimited(req(form([['a.csv', 10]]), { 'content-length': '999999' }), {
			maxBytes: 1000
		});
		expect(r).toEqual({ refused: { kind: 'total', size: 999999, maxBytes: 1000 } });
	});
	it('counts the bytes when the length is not declared', async () => {
		const r = await readLimited(req(Buffer.alloc(5000, 'x')), { maxBytes: 1000 });
		expect(r).toEqual({ refused: { kind: 'total', size: null, maxBytes: 1000 } });
	});
	it('hands back the whole body when it is within the limits', async () => {
		const body = form([['a.csv', 500]]);
		const r = await readLimited(req(body), { maxBytes: 10_000, maxFileBytes: 500 });
		expect('bytes' in r && Buffer.from(r.bytes).equals(body)).toBe(true);
	});
	it('names a file over the per-file limit', async () => {
		const r = await readLimited(req(form([['big.csv', 5000]])), {
			maxBytes: 100_000,
			maxFileBytes: 1000
		});
		expect(r).toEqual({ refused: { kind: 'file', file: 'big.csv', maxBytes: 1000 } });
	});
});
