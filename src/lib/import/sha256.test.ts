import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './sha256';

describe('sha256Hex', () => {
	it('matches the FIPS 180-2 test vectors', () => {
		const enc = new TextEncoder();
		expect(sha256Hex(new Uint8Array())).toBe(
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
		);
		expect(sha256Hex(enc.encode('abc'))).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
		expect(sha256Hex(enc.encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe(
			'248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
		);
	});

	it('agrees with node:crypto at every padding boundary and for random bytes', () => {
		for (let n = 50; n <= 130; n++) {
			const bytes = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
			expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
		}
		fc.assert(
			fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
				expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
			}),
			{ numRuns: 200 }
		);
	});
});
