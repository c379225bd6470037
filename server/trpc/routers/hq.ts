import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { currencyCode } from '../../../shared/domain/money';
import { inScope } from '../../auth/roles';
import { hashSecret } from '../../auth/secrets';
import { login } from '../../auth/login';
import { logout } from '../../auth/sessions';
import { changeOwnPassword } from '../../auth/users';
import { issueEnrolmentCode } from '../../devices/enrolment';
import { adjustPoints } from '../../hq/adjustPoints';
import { cardConflicts } from '../../hq/cardConflicts';
import { customerLedger, loyaltyReview } from '../../hq/customerLedger';
import { shiftPage, SHIFT_PAGE_MAX } from '../../hq/shiftPage';
import { storeReturns, RETURNS_PAGE_MAX } from '../../hq/storeReturns';
import { customerPurchases, PURCHASES_PAGE_MAX } from '../../hq/customerPurchases';
import { customerCluster } from '../../hq/customerCluster';
import { customerTimeline, TIMELINE_PAGE_MAX } from '../../hq/customerTimeline';
import { omnichannelFigures } from '../../hq/figures/omnichannelFigures';
import { LongReadsBusy } from '../../db/readOffMainThread';
import { FIGURES_MONTHS_MAX, monthSchema, monthsBetween } from '../../../shared/domain/figureMonths';
import { createCashier, listCashiers, updateCashier } from '../../hq/cashiers';
import { revokeDevice } from '../../hq/revokeDevice';
import { storeShifts } from '../../shifts/shiftReports';
import { pinSchema } from '../../../shared/domain/pinHash';
import { currentScanConfig, saveScanConfig } from '../../hq/scanConfig';
import { createStore, listStoresWithDevices } from '../../hq/stores';
import {
  hqAdminProcedure,
  hqChainReadProcedure,
  hqReadProcedure,
  hqSignedInProcedure,
  hqStoreManagementProcedure,
  publicProcedure,
  RefusalReason,
  router,
} from '../init';
import { tooManyAttempts } from '../../security/tooManyAttempts';
import { hqIdentityRouter } from './hqIdentity';
import { hqCardsRouter } from './hqCards';
import { hqUsersRouter } from './hqUsers';
import { signInAttemptsRouter } from './signInAttempts';
import { hqWebshopRouter } from './hqWebshop';
import { plainText } from '../../../shared/domain/text';
import { parseScanConfig } from '../../../shared/barcode';

const badCursor = () =>
  new TRPCError({ code: 'BAD_REQUEST', message: 'cursor: not a cursor this server gave out' });

/** A password a person chooses: long rather than clever (NIST SP 800-63B §3.1.1.2). */
export const chosenPassword = z.string().min(10, 'at least 10 characters').max(200);

/**
 * Every HQ procedure names who may call it through its builder (docs/operations.md §10.1); the
 * test `test/server/routers/hqRoles.test.ts` lists each one with the roles allowed.
 */
export const hqRouter = router({
  login: publicProcedure
    .input(
      z.object({ email: z.string().trim().pipe(plainText(200, 3)), password: z.string().min(1).max(200) }),
    )
    .mutation(async ({ ctx, input }) => {
      const session = await login(ctx.db, {
        ...input,
        address: ctx.clientAddress,
        previousToken: ctx.sessionToken,
      });
      if (!session.ok && session.reason === 'too_many_attempts')
        throw tooManyAttempts(session.retryAfterSeconds);
      if (!session.ok) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
      ctx.setSessionCookie(session.token, session.expiresAt);
      return { ...session.user, mustChangePassword: !!session.user.mustChangePassword };
    }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await logout(ctx.db, ctx.sessionToken);
    ctx.setSessionCookie(null);
    return { ok: true };
  }),

  me: hqSignedInProcedure.query(({ ctx }) => ({
    ...ctx.hqUser,
    mustChangePassword: !!ctx.hqUser.mustChangePassword,
  })),

  /** Replaces the caller's password, e.g. the one-time password an admin handed out. */
  changePassword: hqSignedInProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(200), newPassword: chosenPassword }))
    .mutation(async ({ ctx, input }) => {
      const result = await changeOwnPassword(
        ctx.db,
        { id: ctx.hqUser.id, sessionTokenHash: ctx.sessionToken ? hashSecret(ctx.sessionToken) : null },
        input.currentPassword,
        input.newPassword,
      );
      if (!result.ok) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message:
            result.reason === 'wrong_password'
              ? 'The current password is wrong'
              : 'The new password must differ from the current one',
          cause: new RefusalReason(result.reason),
        });
      }
      return { ok: true };
    }),

  customerPurchases: hqReadProcedure
    .input(
      z.object({
        query: z.string().trim().pipe(plainText(200, 3)),
        cursor: z.string().max(400).nullish(),
        limit: z.number().int().min(1).max(PURCHASES_PAGE_MAX).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const result = await customerPurchases(ctx.db, input.query, {
        scope: ctx.scope,
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      if (result === 'invalid_cursor') throw badCursor();
      return result;
    }),

  /**
   * One customer's events across channels, newest first, a page at a time: store purchases and
   * returns, online orders and pickups, receipt links, identifies, page views and carts, each with
   * its channel, store, amount and the identifier it arrived with. Resolved through the identity
   * graph: a merged profile shows every event of the profiles merged into it.
   */
  customerTimeline: hqReadProcedure
    .input(
      z.object({
        customerId: z.string().min(1).max(64),
        cursor: z.string().max(400).nullish(),
        limit: z.number().int().min(1).max(TIMELINE_PAGE_MAX).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const cluster = await customerCluster(ctx.db, input.customerId);
      if (!cluster) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such customer' });
      const page = await customerTimeline(ctx.db, cluster, {
        scope: ctx.scope,
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      if (page === 'invalid_cursor') {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'cursor: not a cursor this server gave out' });
      }
      return { customerId: cluster.survivorId, ...page };
    }),

  /** A customer's points ledger and balance; points are chain-wide, so every reader sees them. */
  customerLedger: hqReadProcedure
    .input(
      z.object({
        customerId: z.string().min(1).max(64),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      const ledger = await customerLedger(ctx.db, input.customerId, input.limit);
      if (!ledger) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such customer' });
      return ledger;
    }),

  /** Overdrawn burns and tills whose loyalty figures differed from the server's. */
  loyaltyReview: hqReadProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }))
    .query(({ ctx, input }) => loyaltyReview(ctx.db, ctx.scope, input.limit)),

  /**
   * Writes an `adjustment` entry with a reason (docs/operations.md §15): the ledger stays
   * append-only and the balance the sum of its entries. Points are chain-wide, so admins only.
   */
  adjustPoints: hqAdminProcedure
    .input(
      z.object({
        customerId: z.string().min(1).max(64),
        points: z
          .number()
          .int()
          .min(-1_000_000_000)
          .max(1_000_000_000)
          .refine((n) => n !== 0, 'not zero'),
        reason: z.string().trim().pipe(plainText(200, 3)),
        reviewedEntryId: z.string().min(1).max(64).nullish(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await adjustPoints(
        ctx.db,
        { ...input, reviewedEntryId: input.reviewedEntryId ?? null },
        ctx.hqUser.id,
      );
      if (result.ok) return { entryId: result.entryId, balance: result.balance };
      if (result.reason === 'already_adjusted') {
        throw new TRPCError({
          code: 'CONFLICT',
          message: 'This entry was adjusted already',
          cause: new RefusalReason(result.reason),
        });
      }
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: result.reason === 'unknown_customer' ? 'No such customer' : 'No such flagged entry',
      });
    }),

  /** Card issues refused `card_taken`, both customers masked, with the sales that went astray. */
  cardConflicts: hqReadProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }))
    .query(({ ctx, input }) => cardConflicts(ctx.db, ctx.scope, input.limit)),

  stores: hqReadProcedure.query(({ ctx }) => listStoresWithDevices(ctx.db, ctx.scope)),

  createStore: hqAdminProcedure
    .input(
      z.object({
        code: z
          .string()
          .trim()
          .regex(/^[A-Z0-9-]{2,16}$/, '2–16 capital letters, digits or dashes'),
        name: z.string().trim().pipe(plainText(120)),
        currency: currencyCode,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await createStore(ctx.db, input);
      if (!result.ok) throw new TRPCError({ code: 'CONFLICT', message: `Store code ${input.code} is taken` });
      return { id: result.id };
    }),

  createEnrolmentCode: hqStoreManagementProcedure
    .input(
      z.object({
        storeId: z.string().uuid(),
        ttlMinutes: z
          .number()
          .int()
          .min(5)
          .max(7 * 24 * 60)
          .default(1440),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // A store outside a manager's stores reads as missing: no hint that it exists.
      const result = inScope(ctx.scope, input.storeId)
        ? await issueEnrolmentCode(ctx.db, input.storeId, input.ttlMinutes)
        : ({ ok: false, reason: 'unknown_store' } as const);
      if (!result.ok) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such store' });
      return { code: result.code, expiresAt: result.expiresAt };
    }),

  /** Disconnects a till: its token stops working and the till is told so (docs/operations.md §10.3). */
  revokeDevice: hqStoreManagementProcedure
    .input(z.object({ deviceId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const result = await revokeDevice(ctx.db, ctx.scope, input.deviceId, ctx.hqUser.id);
      if (!result.ok) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such till' });
      return { revokedAt: result.revokedAt };
    }),

  /** A store's cashiers: names and roles; PINs are never read back (docs/operations.md, shifts). */
  cashiers: hqReadProcedure.input(z.object({ storeId: z.string().uuid() })).query(async ({ ctx, input }) => {
    const list = await listCashiers(ctx.db, ctx.scope, input.storeId);
    if (!list) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such store' });
    return list;
  }),

  createCashier: hqStoreManagementProcedure
    .input(
      z.object({
        storeId: z.string().uuid(),
        name: z.string().trim().pipe(plainText(120)),
        role: z.enum(['cashier', 'manager']),
        pin: pinSchema,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await createCashier(ctx.db, ctx.scope, input, ctx.hqUser.id);
      if (!result.ok) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such store' });
      return { id: result.id };
    }),

  /** A new PIN, or the cashier switched off or on at the store's tills. */
  updateCashier: hqStoreManagementProcedure
    .input(z.object({ id: z.string().uuid(), pin: pinSchema.optional(), active: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const result = await updateCashier(ctx.db, ctx.scope, input);
      if (!result.ok) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such cashier' });
      return { ok: true };
    }),

  /** A store's shifts with their X/Z figures, newest first. */
  storeShifts: hqReadProcedure
    .input(z.object({ storeId: z.string().uuid(), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const list = await storeShifts(ctx.db, ctx.scope, input.storeId, input.limit);
      if (!list) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such store' });
      return list;
    }),

  /** A page of a store's shifts: both clocks, cash moves, synced sales per tender, the Z report. */
  shiftPage: hqReadProcedure
    .input(
      z.object({
        storeId: z.string().uuid(),
        cursor: z.string().max(400).nullish(),
        limit: z.number().int().min(1).max(SHIFT_PAGE_MAX).default(20),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await shiftPage(ctx.db, ctx.scope, input.storeId, {
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      if (page === 'invalid_cursor') throw badCursor();
      if (!page) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such store' });
      return page;
    }),

  /** A page of a store's returns: the sale, lines, points back, cashier and approving manager. */
  storeReturns: hqReadProcedure
    .input(
      z.object({
        storeId: z.string().uuid(),
        cursor: z.string().max(400).nullish(),
        limit: z.number().int().min(1).max(RETURNS_PAGE_MAX).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await storeReturns(ctx.db, ctx.scope, input.storeId, {
        cursor: input.cursor ?? null,
        limit: input.limit,
      });
      if (page === 'invalid_cursor') throw badCursor();
      if (!page) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such store' });
      return page;
    }),

  /**
   * The chain's omnichannel figures for a range of months (docs/operations.md §17): chain-wide,
   * so admins and analysts only, as online orders belong to no one store.
   */
  figures: hqChainReadProcedure
    .input(
      z
        .object({
          from: monthSchema,
          to: monthSchema,
          currency: currencyCode.optional(),
        })
        .refine((r) => r.from <= r.to, { message: 'The first month comes after the last', path: ['to'] })
        .refine((r) => monthsBetween(r.from, r.to).length <= FIGURES_MONTHS_MAX, {
          message: `At most ${FIGURES_MONTHS_MAX} months at a time`,
          path: ['from'],
        }),
    )
    .query(({ ctx, input }) =>
      omnichannelFigures(ctx.db, input).catch((error: unknown) => {
        if (!(error instanceof LongReadsBusy)) throw error;
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: 'HQ is counting other figures; try again in a moment',
        });
      }),
    ),

  /** The card schemes and scale-label rules in force, with their version (docs/scanners.md). */
  scanConfig: hqReadProcedure.query(({ ctx }) => currentScanConfig(ctx.db.kysely)),

  /**
   * Puts a new scan configuration in force and sends it to every till. `baseVersion` is the version
   * the editor showed: saving on top of a newer one is refused, never silently overwritten.
   */
  saveScanConfig: hqAdminProcedure
    .input(z.object({ baseVersion: z.number().int().min(0).max(1_000_000_000), config: z.unknown() }))
    .mutation(async ({ ctx, input }) => {
      const parsed = parseScanConfig(input.config);
      if (!parsed.ok) {
        throw new TRPCError({
          code: 'BAD_REQUEST',
          message: parsed.error,
          cause: new RefusalReason('invalid_scan_config'),
        });
      }
      const now = new Date().toISOString();
      const result = await saveScanConfig(ctx.db.kysely, parsed.value, input.baseVersion, ctx.hqUser.id, now);
      if (!result.ok) {
        throw new TRPCError({
          code: 'CONFLICT',
          message: `Version ${result.currentVersion} was saved meanwhile; reload to see it`,
          cause: new RefusalReason(result.reason),
        });
      }
      return { version: result.version };
    }),

  identity: hqIdentityRouter,
  cards: hqCardsRouter,
  users: hqUsersRouter,

  signInAttempts: signInAttemptsRouter,

  webshop: hqWebshopRouter,
});
