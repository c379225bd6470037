import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { pickupStatusSchema } from '../../../shared/domain/pickup';
import { plainText } from '../../../shared/domain/text';
import { markReturnedToShelf, resolveReview, retryOutboundNow } from '../../hq/webshopActions';
import { orderDetail } from '../../hq/webshopOrderDetail';
import { orderPage } from '../../hq/webshopOrderPage';
import { markPartReady, reviewList, storeOrders } from '../../hq/webshopOrders';
import { extendPartHold, HOLD_EXTENSION_DAYS_MAX, HOLD_HORIZON_DAYS } from '../../hq/extendHold';
import {
  connectionIdSchema,
  createConnection,
  dropPreviousSecret,
  listConnections,
  locationMappingSchema,
  originSchema,
  phoneCountrySchema,
  PLATFORMS,
  rotateSecret,
  setConnectionEnabled,
  updateConnection,
  webhookSecretSchema,
} from '../../webshop/connections';
import { recentOutboundEvents } from '../../webshop/outbound';
import { routingOverrideSchema } from '../../webshop/routing';
import {
  hqAdminProcedure,
  hqReadProcedure,
  hqStoreManagementProcedure,
  RefusalReason,
  router,
} from '../init';

const outboundUrl = z
  .string()
  .url()
  .max(2000)
  .regex(/^https?:\/\//, 'an http(s) URL')
  .nullable();
const settings = {
  name: z.string().trim().pipe(plainText(120)),
  allowedOrigins: z.array(originSchema).max(20),
  outboundUrl,
  holdDays: z.number().int().min(1).max(60),
  locations: z.array(locationMappingSchema).max(500),
  phoneCountry: phoneCountrySchema.optional(),
};

const notFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'No such web-shop connection' });

/**
 * Web shops at HQ (docs/webshop-ingestion.md §7): connections are chain-wide settings, for admins;
 * orders and the review list are reads, a store manager seeing their stores' only.
 */
export const hqWebshopRouter = router({
  /** Settings and delivery figures per connection; secrets are shown only when made. */
  connections: hqAdminProcedure.query(({ ctx }) => listConnections(ctx.db)),

  createConnection: hqAdminProcedure
    .input(
      z.object({
        id: connectionIdSchema,
        platform: z.enum(PLATFORMS),
        secret: webhookSecretSchema.optional(),
        ...settings,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await createConnection(ctx.db, input);
      if (!result.ok) {
        throw new TRPCError({
          code: 'CONFLICT',
          message: `Connection ${input.id} exists`,
          cause: new RefusalReason('id_taken'),
        });
      }
      return { id: input.id, secret: result.secret, outboundSecret: result.outboundSecret };
    }),

  updateConnection: hqAdminProcedure
    .input(
      z.object({
        id: connectionIdSchema,
        name: settings.name.optional(),
        allowedOrigins: settings.allowedOrigins.optional(),
        outboundUrl: outboundUrl.optional(),
        holdDays: settings.holdDays.optional(),
        locations: settings.locations.optional(),
        phoneCountry: settings.phoneCountry,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, ...update } = input;
      if (!(await updateConnection(ctx.db, id, update))) throw notFound();
      return { ok: true };
    }),

  /**
   * A new secret: `inbound` keeps the previous one accepted until `endRotation`; `outbound`
   * replaces our signing secret at once. The new secret is returned once.
   */
  rotateSecret: hqAdminProcedure
    .input(z.object({ id: connectionIdSchema, which: z.enum(['inbound', 'outbound']) }))
    .mutation(async ({ ctx, input }) => {
      const result = await rotateSecret(ctx.db, input.id, input.which);
      if (!result) throw notFound();
      return result;
    }),

  endRotation: hqAdminProcedure
    .input(z.object({ id: connectionIdSchema }))
    .mutation(async ({ ctx, input }) => {
      if (!(await dropPreviousSecret(ctx.db, input.id))) throw notFound();
      return { ok: true };
    }),

  /** Disabled: the shop's webhooks and web calls are refused, its orders stay. */
  setConnectionEnabled: hqAdminProcedure
    .input(z.object({ id: connectionIdSchema, enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      if (!(await setConnectionEnabled(ctx.db, input.id, input.enabled))) throw notFound();
      return { ok: true };
    }),

  /** Online orders a page at a time, by store, state and order number (docs/operations.md §16). */
  orderPage: hqReadProcedure
    .input(
      z.object({
        storeId: z.string().uuid().optional(),
        status: pickupStatusSchema.optional(),
        search: z.string().max(64).pipe(plainText(64)).optional(),
        cursor: z.string().max(500).optional(),
        limit: z.number().int().min(1).max(200).default(50),
      }),
    )
    .query(async ({ ctx, input }) => {
      const page = await orderPage(ctx.db, ctx.scope, input);
      if (page === 'bad_cursor') throw new TRPCError({ code: 'BAD_REQUEST', message: 'Unknown page cursor' });
      return page;
    }),

  /** One order: parts, lines, state history, hand-outs and the shop's status webhooks. */
  order: hqReadProcedure.input(z.object({ orderId: z.string().uuid() })).query(async ({ ctx, input }) => {
    const detail = await orderDetail(ctx.db, ctx.scope, input.orderId);
    if (!detail) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order' });
    return detail;
  }),

  /** A flagged order routed by a person: the whole order to one store, or delivery only. */
  resolveReview: hqAdminProcedure
    .input(z.object({ orderId: z.string().uuid(), resolution: routingOverrideSchema }))
    .mutation(async ({ ctx, input }) => {
      const result = await resolveReview(ctx.db, input.orderId, input.resolution);
      if (result.ok) return { ok: true };
      switch (result.reason) {
        case 'not_found':
          throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order' });
        case 'no_store':
          throw new TRPCError({ code: 'BAD_REQUEST', message: 'No such store' });
        case 'not_flagged':
          throw new TRPCError({
            code: 'CONFLICT',
            message: 'The order is not waiting for review',
            cause: new RefusalReason('not_flagged'),
          });
        default:
          return result.reason satisfies never;
      }
    }),

  /** The goods of an expired order are back on the shelf. */
  returnedToShelf: hqStoreManagementProcedure
    .input(z.object({ orderId: z.string().uuid(), storeId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const result = await markReturnedToShelf(
        ctx.db,
        ctx.scope,
        ctx.hqUser.id,
        input.orderId,
        input.storeId,
      );
      if (!result.ok && result.reason === 'not_found')
        throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order at this store' });
      if (!result.ok) {
        throw new TRPCError({
          code: 'CONFLICT',
          message: 'The order is not expired, or is already back on the shelf',
          cause: new RefusalReason('not_expired'),
        });
      }
      return { ok: true };
    }),

  /** An undelivered status webhook is tried again at once instead of at its backoff time. */
  retryOutbound: hqAdminProcedure
    .input(z.object({ eventId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      if (!(await retryOutboundNow(ctx.db, input.eventId)))
        throw new TRPCError({ code: 'NOT_FOUND', message: 'No undelivered webhook with this id' });
      return { ok: true };
    }),

  /** A store's web-shop orders with their pickup state, newest first. */
  orders: hqReadProcedure
    .input(
      z.object({
        storeId: z.string().uuid(),
        status: pickupStatusSchema.optional(),
        limit: z.number().int().min(1).max(500).default(100),
      }),
    )
    .query(async ({ ctx, input }) => {
      const list = await storeOrders(ctx.db, ctx.scope, input);
      if (!list) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such store' });
      return list;
    }),

  /** What needs a person: unrouted orders, refused hand-outs, expired orders, unreadable deliveries. */
  review: hqReadProcedure
    .input(z.object({ limit: z.number().int().min(1).max(500).default(100) }).default({ limit: 100 }))
    .query(({ ctx, input }) => reviewList(ctx.db, ctx.scope, input.limit)),

  /** The shop's status webhooks, undelivered first. */
  outbound: hqAdminProcedure
    .input(
      z
        .object({
          connectionId: connectionIdSchema.optional(),
          limit: z.number().int().min(1).max(500).default(100),
        })
        .default({ limit: 100 }),
    )
    .query(({ ctx, input }) => recentOutboundEvents(ctx.db, input.connectionId ?? null, input.limit)),

  /** The store picked the order: it is ready at the desk, and the shop gets the pickup code. */
  markReady: hqStoreManagementProcedure
    .input(z.object({ orderId: z.string().min(1).max(64), storeId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      const result = await markPartReady(ctx.db, ctx.scope, input.orderId, input.storeId);
      if (!result.ok && result.reason === 'not_found')
        throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order at this store' });
      if (!result.ok) {
        throw new TRPCError({
          code: 'CONFLICT',
          message: 'The order is not awaiting picking',
          cause: new RefusalReason('not_awaiting'),
        });
      }
      return { holdUntil: result.holdUntil };
    }),

  /**
   * The customer asked for more time: a ready part's hold moves on by `days`, the desks learn the
   * new end, and the part's note says who extended it and why (docs/operations.md §16).
   */
  extendHold: hqStoreManagementProcedure
    .input(
      z.object({
        orderId: z.string().min(1).max(64),
        storeId: z.string().uuid(),
        days: z.number().int().min(1).max(HOLD_EXTENSION_DAYS_MAX),
        reason: z.string().trim().pipe(plainText(200, 3)),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const result = await extendPartHold(ctx.db, ctx.scope, { ...input, byName: ctx.hqUser.name });
      if (result.ok) return { holdUntil: result.holdUntil };
      if (result.reason === 'not_found')
        throw new TRPCError({ code: 'NOT_FOUND', message: 'No such order at this store' });
      throw new TRPCError({
        code: 'CONFLICT',
        message:
          result.reason === 'not_ready'
            ? 'Only an order ready at the desk has a hold to extend'
            : `A hold reaches at most ${HOLD_HORIZON_DAYS} days from now`,
        cause: new RefusalReason(result.reason),
      });
    }),
});
