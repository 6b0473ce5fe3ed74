import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../audit';
import type { OpenedDb } from '../db';
import { memoryStore, signedInContext } from '../test-fixtures';
import type { Context } from './init';
import { appRouter } from './router';

let store: OpenedDb;
let orgA: Context;
let orgB: Context;
let committee: Context;

/** A month every test run has due: two months ago. */
const d = new Date();
const month = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 2, 1))
	.toISOString()
	.slice(0, 7);

function upload(name: string, text: string) {
	const fd = new FormData();
	fd.append('file', new File([text], name));
	return fd;
}
const fileOf = (branch: string, days: string) =>
	upload(`${branch}.csv`, `党支部,月份,主题党日\r\n${branch},${month},${days}\r\n`);

beforeAll(async () => {
	store = await memoryStore(3);
	orgA = await signedInContext(store, 'branch', { branch: 'a', username: 'org.a' });
	orgB = await signedInContext(store, 'branch', { branch: 'b', username: 'org.b' });
	committee = await signedInContext(store, 'committee');
}, 60_000);
afterAll(async () => {
	await store.close();
});

const code = (e: unknown) => (e instanceof TRPCError ? e.code : String(e));

describe('the cycle through the procedures', () => {
	it('submit, send back with a comment, resubmit, accept; states on the way', async () => {
		const a = appRouter.createCaller(orgA).cycle;
		const c = appRouter.createCaller(committee).cycle;
		// A file with an error is not submitted, and names its problem.
		const [bad] = await a.submit(fileOf('甲支部', 'abc'));
		expect(bad).toMatchObject({ status: 'rejected', submissionId: null });
		expect(bad.errorCount).toBeGreaterThan(0);
		const [first] = await a.submit(fileOf('甲支部', '2'));
		expect(first.status).toBe('submitted');
		expect((await c.pending({ month })).line.zh).toBe(
			`${month}：已采用 0/3，待审核 1，已退回 0，未报送 2（乙、丙）`
		);
		await expect(c.sendBack({ id: first.submissionId!, comment: ' ' })).rejects.toThrow(
			/必须填写意见/
		);
		await c.sendBack({ id: first.submissionId!, comment: '请核对主题党日次数' });
		const mine = await a.mine();
		const cell = mine.cells.find((x) => x.month === month)!;
		expect(cell).toMatchObject({ state: 'returned', comment: '请核对主题党日次数' });
		const pending = await c.pending({ month });
		expect(pending.branches.map((b) => b.branch)).toEqual(['a', 'b', 'c']);
		expect(pending.branches[0].text.zh).toContain('请核对主题党日次数');
		expect(pending.branches[1].text.zh).toMatch(new RegExp(`乙支部.*截止|乙支部：.*应于`));

		const [second] = await a.submit(fileOf('甲支部', '3'));
		const [queued] = await c.queue();
		expect(queued.submission.id).toBe(second.submissionId);
		expect(queued.preview).toMatchObject({ valid: true, new: 1, replaced: 0 });
		const accepted = await c.accept({
			id: second.submissionId!,
			expected: { new: 1, replaced: 0, unchanged: 0 }
		});
		expect(accepted.status).toBe('accepted');
		const matrix = await c.matrix({ from: month, to: month });
		expect(matrix.cells.map((x) => x.state)).toEqual(['accepted', 'missing', 'missing']);
		expect((await listAudit(store.db, { action: 'submission.accept' })).entries[0]).toMatchObject({
			actor: committee.viewer!.username
		});
		// Accepting twice is refused, naming the state.
		const again = await c
			.accept({ id: second.submissionId!, expected: { new: 1, replaced: 0, unchanged: 0 } })
			.catch((e: unknown) => e);
		expect(code(again)).toBe('CONFLICT');
	});

	it('a branch organiser cannot accept, see the queue, or touch another branch’s submission', async () => {
		const a = appRouter.createCaller(orgA).cycle;
		const b = appRouter.createCaller(orgB).cycle;
		const [theirs] = await b.submit(fileOf('乙支部', '4'));
		for (const attempt of [
			() => a.accept({ id: theirs.submissionId!, expected: { new: 1, replaced: 0, unchanged: 0 } }),
			() => a.queue(),
			() => a.matrix(),
			() => a.withdraw({ id: theirs.submissionId! }),
			() => a.submission({ id: theirs.submissionId! })
		])
			expect(code(await attempt().catch((e: unknown) => e))).toBe('FORBIDDEN');
		// Another branch's rows are refused as a whole, naming them.
		await expect(a.submit(fileOf('乙支部', '5'))).rejects.toThrow(/乙支部/);
		expect((await a.mine()).submissions.every((s) => s.branch === 'a')).toBe(true);
		// Its owner may withdraw it; it stays in the history as withdrawn.
		await b.withdraw({ id: theirs.submissionId! });
		const own = await b.mine();
		expect(own.submissions.find((s) => s.id === theirs.submissionId)?.status).toBe('withdrawn');
	});
});
