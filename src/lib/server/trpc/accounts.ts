/** Accounts, sign-in locks, the sharing setting (admin) and the audit trail (admin, committee). */
import { z } from 'zod';
import { ROLES } from '../../domain/roles';
import { auditActions, listAudit, writeAudit } from '../audit';
import {
	AccountError,
	createAccount,
	listAccounts,
	resetPassword,
	setDisabled,
	setRole
} from '../auth/accounts';
import { activeLocks, liftLock } from '../auth/locks';
import { accountErrorMessage, registryErrorMessage } from '../auth/messages';
import { addBranch, RegistryError, updateBranch } from '../branches';
import { actorOf, comparisonsShared, setComparisonsShared } from '../auth/session';
import { procedureFor, router, TRPCError, type Context } from './init';
import { NORM_METRICS, normSettings, normValue, setNorm } from '../norms';
import type { MetricId } from '../../domain/metrics';

/**
 * An account or registry change refused (bad password, unknown branch, a name another branch
 * has…): 400 with the reason in words.
 */
async function refusedAsBadRequest<T>(ctx: Context, run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (e) {
		if (e instanceof AccountError)
			throw new TRPCError({
				code: e.code === 'not_found' ? 'NOT_FOUND' : 'BAD_REQUEST',
				message: accountErrorMessage(e, ctx.locale)
			});
		if (e instanceof RegistryError)
			throw new TRPCError({
				code: e.code === 'unknown' ? 'NOT_FOUND' : 'BAD_REQUEST',
				message: registryErrorMessage(e, ctx.locale)
			});
		throw e;
	}
}

const username = z.string().min(1).max(60);
const branchEdit = z.object({
	name: z.string().max(60),
	short: z.string().max(30),
	nameEn: z.string().max(120),
	shortEn: z.string().max(60).optional(),
	aliases: z.array(z.string().max(60)).max(30),
	colour: z.string().max(7)
});
const role = z.enum(ROLES);
const branch = z.string().max(80).nullish();
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const accountsRouter = router({
	list: procedureFor('accounts.manage').query(async ({ ctx }) => ({
		accounts: await listAccounts(ctx.store.db),
		locks: await activeLocks(ctx.store.db),
		shared: await comparisonsShared(ctx.store.db)
	})),
	create: procedureFor('accounts.manage')
		.input(z.object({ username, role, branch, password: z.string().max(256) }))
		.mutation(({ ctx, input }) =>
			refusedAsBadRequest(ctx, () =>
				createAccount(
					ctx.store.db,
					{ ...input, mustChangePassword: true },
					actorOf(ctx.viewer, ctx.client)
				)
			)
		),
	setRole: procedureFor('accounts.manage')
		.input(z.object({ username, role, branch }))
		.mutation(({ ctx, input }) =>
			refusedAsBadRequest(ctx, () =>
				setRole(
					ctx.store.db,
					input.username,
					input.role,
					input.branch,
					actorOf(ctx.viewer, ctx.client)
				)
			)
		),
	setDisabled: procedureFor('accounts.manage')
		.input(z.object({ username, disabled: z.boolean() }))
		.mutation(({ ctx, input }) =>
			refusedAsBadRequest(ctx, () =>
				setDisabled(ctx.store.db, input.username, input.disabled, actorOf(ctx.viewer, ctx.client))
			)
		),
	resetPassword: procedureFor('accounts.manage')
		.input(z.object({ username, password: z.string().max(256) }))
		.mutation(({ ctx, input }) =>
			refusedAsBadRequest(ctx, () =>
				resetPassword(ctx.store.db, input.username, input.password, actorOf(ctx.viewer, ctx.client))
			)
		),
	liftLock: procedureFor('accounts.manage')
		.input(z.object({ key: z.string().max(200) }))
		.mutation(async ({ ctx, input }) => {
			const lifted = await ctx.store.db.transaction().execute(async (trx) => {
				const done = await liftLock(trx, input.key);
				await writeAudit(trx, {
					...actorOf(ctx.viewer, ctx.client),
					action: 'account.unlock',
					target: input.key
				});
				return done;
			});
			return { lifted };
		})
});

export const settingsRouter = router({
	/** Share comparisons (other branches' figures and rankings) with branch accounts. */
	setShare: procedureFor('settings.manage')
		.input(z.object({ shared: z.boolean() }))
		.mutation(async ({ ctx, input }) => {
			await setComparisonsShared(ctx.store.db, input.shared, actorOf(ctx.viewer, ctx.client));
			return { shared: input.shared };
		}),
	/** Each norm-capable metric's norm: the catalogue's, the file's, the admin's, the one in force. */
	norms: procedureFor('settings.manage').query(({ ctx }) => normSettings(ctx.store.db)),
	/** Set a metric's norm (null: none; 'default': back to the file's or the catalogue's). */
	setNorm: procedureFor('settings.manage')
		.input(
			z.object({
				metric: z.enum(NORM_METRICS as [MetricId, ...MetricId[]]),
				norm: z.union([normValue, z.null(), z.literal('default')])
			})
		)
		.mutation(({ ctx, input }) =>
			setNorm(ctx.store.db, input.metric, input.norm, actorOf(ctx.viewer, ctx.client))
		),
	/** Change a branch's names, aliases or colour. */
	updateBranch: procedureFor('settings.manage')
		.input(z.object({ slug: z.string().max(80) }).extend(branchEdit.shape))
		.mutation(({ ctx, input: { slug, ...edit } }) =>
			refusedAsBadRequest(ctx, () =>
				updateBranch(ctx.store.db, slug, edit, actorOf(ctx.viewer, ctx.client))
			)
		),
	/** Register a new branch. */
	addBranch: procedureFor('settings.manage')
		.input(
			z
				.object({ slug: z.string().max(80) })
				.extend(branchEdit.partial({ colour: true, short: true, nameEn: true }).shape)
		)
		.mutation(({ ctx, input: { slug, ...edit } }) =>
			refusedAsBadRequest(ctx, () =>
				addBranch(
					ctx.store.db,
					slug,
					{ short: '', nameEn: '', ...edit },
					actorOf(ctx.viewer, ctx.client)
				)
			)
		)
});

export const auditFilter = z.object({
	from: day.optional(),
	to: day.optional(),
	actor: z.string().max(80).optional(),
	action: z.string().max(80).optional(),
	branch: z.string().max(80).optional(),
	page: z.number().int().positive().default(1)
});

export const AUDIT_PAGE = 100;

/** The filter of an audit URL (`?actor&action&branch&from&to&page`); a bad one is no filter. */
export function auditFilterOf(url: URL): z.infer<typeof auditFilter> {
	const raw = Object.fromEntries(
		[...url.searchParams]
			.filter(([, v]) => v !== '')
			.map(([k, v]) => [k, k === 'page' ? Number(v) : v])
	);
	const parsed = auditFilter.safeParse(raw);
	return parsed.success ? parsed.data : auditFilter.parse({});
}

export const auditRouter = router({
	list: procedureFor('audit.view')
		.input(auditFilter)
		.query(async ({ ctx, input }) => ({
			...(await listAudit(ctx.store.db, {
				...input,
				limit: AUDIT_PAGE,
				offset: (input.page - 1) * AUDIT_PAGE
			})),
			actions: await auditActions(ctx.store.db),
			page: input.page,
			pageSize: AUDIT_PAGE
		}))
});
