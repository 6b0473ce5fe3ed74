/** The registry file's sync into a real SQLite store. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Branch } from '../domain/branches';
import { openStore, type AppStore } from './app';
import { listAudit } from './audit';
import { loadRegistry, readBranchesCsv, syncBranches, updateBranch } from './branches';
import { dataVersion } from './data-version';
import { openDb, type OpenedDb } from './db';
import { signedInContext, testDbLocation } from './test-fixtures';
import { appRouter } from './trpc/router';

let store: OpenedDb;
beforeEach(async () => {
	store = await openDb(testDbLocation());
});
afterEach(async () => {
	await store.close();
});

const branch = (slug: string, name: string, order: number): Branch => ({
	slug,
	name,
	short: name.slice(0, 2),
	nameEn: slug.toUpperCase(),
	shortEn: slug,
	aliases: [],
	colour: '#123456',
	order
});

describe('syncBranches', () => {
	it("keeps data/branches.csv's English short names in the database's registry", async () => {
		await syncBranches(store.db, readBranchesCsv('data/branches.csv'));
		const registry = await loadRegistry(store.db);
		expect(registry.bySlug('first-procuratorial')?.shortEn).toBe('1st Procuratorial');
		expect(registry.bySlug('political-department')?.shortEn).toBe('Political Dept.');
	});

	it('writes nothing when the registry already matches the file (the data version stays)', async () => {
		const file = [branch('a', '甲支部', 1), branch('b', '乙支部', 2)];
		await syncBranches(store.db, file);
		const token = await dataVersion(store.db);
		await syncBranches(store.db, file);
		await syncBranches(store.db, file);
		expect(await dataVersion(store.db)).toBe(token);
	});

	it('applies a renamed branch, and keeps one no longer listed after the listed ones, once', async () => {
		await syncBranches(store.db, [branch('a', '甲支部', 1), branch('b', '乙支部', 2)]);
		const renamed = [branch('b', '乙检察部支部', 1)];
		await syncBranches(store.db, renamed);
		const token = await dataVersion(store.db);
		await syncBranches(store.db, renamed);
		expect(await dataVersion(store.db)).toBe(token);
		const registry = await loadRegistry(store.db);
		expect(registry.branches.map((b) => [b.slug, b.name])).toEqual([
			['b', '乙检察部支部'],
			['a', '甲支部']
		]);
		const sorts = await store.db.selectFrom('branches').select(['slug', 'sort']).execute();
		expect(Object.fromEntries(sorts.map((r) => [r.slug, r.sort]))).toEqual({ a: 100001, b: 1 });
	});
});

describe('registry edits in the app', () => {
	let app: AppStore;
	let dir: string;
	beforeEach(async () => {
		dir = mkdtempSync(join(tmpdir(), 'registry-'));
		app = await openStore({ dbPath: testDbLocation(join(dir, 'r.db')) });
	});
	afterEach(async () => {
		await app.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('an admin renames a branch and adds one; imports read the new names; both are audited', async () => {
		const admin = appRouter.createCaller(await signedInContext(app, 'admin'));
		await admin.settings.updateBranch({
			slug: 'general-office',
			name: '院办党支部',
			short: '院办',
			nameEn: 'General Office Branch',
			aliases: ['综合办', ' 院机关 ', ''],
			colour: '#336699'
		});
		const added = await admin.settings.addBranch({
			slug: 'ninth-procuratorial',
			name: '第九检察部党支部',
			aliases: ['九部']
		});
		expect(added).toMatchObject({ short: '第九检察部党支部', nameEn: 'ninth-procuratorial' });
		const registry = await loadRegistry(app.db);
		expect(registry.find('院机关')?.slug).toBe('general-office');
		expect(registry.bySlug('general-office')).toMatchObject({
			aliases: ['综合办', '院机关'],
			colour: '#336699'
		});
		expect(registry.branches.at(-1)?.slug).toBe('ninth-procuratorial');
		const [done] = await admin.imports.commit(
			(() => {
				const fd = new FormData();
				fd.append(
					'file',
					new File(['支部,月份,主题党日\n九部,2020-01,2\n院办,2020-01,3\n'], 'n.csv')
				);
				return fd;
			})()
		);
		expect(done).toMatchObject({ status: 'applied', new: 2 });
		const renamed = await listAudit(app.db, { action: 'registry.branch' });
		expect(renamed.entries.map((e) => [e.actor, e.target, e.detail])).toEqual([
			[
				'admin.all',
				'general-office',
				expect.objectContaining({
					before: expect.objectContaining({ name: '办公室党支部' }),
					after: expect.objectContaining({ name: '院办党支部', aliases: ['综合办', '院机关'] })
				})
			]
		]);
		const add = await listAudit(app.db, { action: 'registry.add' });
		expect(add.entries.map((e) => e.target)).toEqual(['ninth-procuratorial']);
	});

	it('refuses a name another branch has, a bad colour or slug, and other roles; nothing changes', async () => {
		const admin = appRouter.createCaller(await signedInContext(app, 'admin'));
		const before = (await loadRegistry(app.db)).branches;
		const edit = {
			slug: 'general-office',
			name: '办公室党支部',
			short: '办公室',
			nameEn: 'General Office',
			aliases: [],
			colour: '#5d6d7e'
		};
		await expect(admin.settings.updateBranch({ ...edit, aliases: ['一部'] })).rejects.toThrow(
			/「一部」已是「第一检察部党支部」的名称或别名/
		);
		await expect(admin.settings.updateBranch({ ...edit, colour: 'red' })).rejects.toMatchObject({
			code: 'BAD_REQUEST'
		});
		await expect(
			admin.settings.addBranch({ slug: 'Bad Slug', name: '新支部', aliases: [] })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		await expect(
			admin.settings.addBranch({ slug: 'general-office', name: '新支部', aliases: [] })
		).rejects.toMatchObject({ code: 'BAD_REQUEST' });
		const committee = appRouter.createCaller(await signedInContext(app, 'committee'));
		await expect(committee.settings.updateBranch(edit)).rejects.toMatchObject({
			code: 'FORBIDDEN'
		});
		expect((await loadRegistry(app.db)).branches).toEqual(before);
		expect((await listAudit(app.db, { action: 'registry.branch' })).total).toBe(0);
		expect((await listAudit(app.db, { action: 'registry.add' })).total).toBe(0);
	});

	it('keeps the edits when the store is opened again, until the file itself changes', async () => {
		await updateBranch(
			app.db,
			'general-office',
			{ name: '院办党支部', short: '院办', nameEn: 'Office', aliases: [], colour: '#336699' },
			{ actor: 'cli:test' }
		);
		const path = app.path;
		await app.close();
		app = await openStore({ dbPath: path });
		expect((await loadRegistry(app.db)).bySlug('general-office')?.name).toBe('院办党支部');
		const file = join(dir, 'branches.csv');
		writeFileSync(
			file,
			'slug,name,short,name_en,aliases,colour,order\ngeneral-office,办公室党支部,办公室,General Office,,#5d6d7e,1\n'
		);
		await app.close();
		app = await openStore({ dbPath: path, branchesPath: file });
		expect((await loadRegistry(app.db)).bySlug('general-office')?.name).toBe('办公室党支部');
	});
});
