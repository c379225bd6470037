import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { pickupStatusSchema } from '../../../shared/domain/pickup';
import { plainText } from '../../../shared/domain/text';
import { markPartReady, reviewList, storeOrders } from '../../hq/webshopOrders';
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
  updateConnection,
  webhookSecretSchema,
} from '../../webshop/connections';
import { recentOutboundEvents } from '../../webshop/outbound';
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
});
