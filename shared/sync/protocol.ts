import { z } from 'zod';
import { canonicalJson } from '../domain/canonicalJson';
import { sha256Hex } from '../domain/sha256';
import { pinHashSchema } from '../domain/pinHash';
import { UUID_V7 } from '../domain/uuidv7';
import { loyaltyConfigSchema } from '../loyalty/config';
import { operationKindSchema } from './operations';

/** Bounds of one push: small enough for one request, large enough to drain fast. */
export const MAX_PUSH_OPS = 500;
export const MAX_PULL_PAGE = 2000;

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a UUID');

/** One queued operation as it travels from the till's outbox to the server. */
export const outboxOpSchema = z.object({
  seq: z.number().int().positive(),
  opId: z.string().regex(UUID_V7, 'a UUIDv7'),
  kind: operationKindSchema,
  schemaVersion: z.number().int().positive(),
  /** Checked per operation against the kind's schema, so one bad operation cannot sink a batch. */
  payload: z.unknown(),
  payloadHash: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 hex digest'),
  wallTime: z.iso.datetime({ offset: true }),
});
export type OutboxOp = z.infer<typeof outboxOpSchema>;

export const pushInputSchema = z.object({
  deviceId: uuid,
  installId: uuid,
  ops: z.array(outboxOpSchema).min(1).max(MAX_PUSH_OPS),
  /**
   * The till's clock when it sent this request. Against the server's receive time it measures the
   * till's clock error; an operation's own `wallTime` cannot, since it may have waited offline.
   * Optional: tills that predate it still push, and their clock counts as unknown.
   */
  sentAt: z.iso.datetime({ offset: true }).optional(),
});
export type PushInput = z.infer<typeof pushInputSchema>;

/** What the server recorded for an operation the first time; a duplicate returns it unchanged. */
export const opOutcomeSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('applied'), entityId: z.string() }),
  z.object({
    outcome: z.literal('rejected'),
    reason: z.string(),
    detail: z.string().optional(),
    /** Kept on the server for review with its payload (e.g. `failed_repeatedly`, `hash_mismatch`). */
    quarantined: z.boolean().optional(),
  }),
]);
export type OpOutcome = z.infer<typeof opOutcomeSchema>;

export const opResultSchema = z.discriminatedUnion('status', [
  z.object({ opId: z.string(), seq: z.number(), status: z.literal('applied'), outcome: opOutcomeSchema }),
  z.object({ opId: z.string(), seq: z.number(), status: z.literal('duplicate'), outcome: opOutcomeSchema }),
  z.object({
    opId: z.string(),
    seq: z.number(),
    status: z.literal('rejected'),
    reason: z.string(),
    detail: z.string().optional(),
    quarantined: z.boolean(),
  }),
  z.object({ opId: z.string(), seq: z.number(), status: z.literal('retry'), reason: z.string() }),
  z.object({ opId: z.string(), seq: z.number(), status: z.literal('gap'), expectedSeq: z.number() }),
]);
export type OpResult = z.infer<typeof opResultSchema>;

export const pushOutputSchema = z.object({
  results: z.array(opResultSchema),
  /** Every operation of this install up to here is recorded on the server. */
  ackedThroughSeq: z.number().int().nonnegative(),
  serverTime: z.string(),
});
export type PushOutput = z.infer<typeof pushOutputSchema>;

export const pullTopicSchema = z.enum([
  'store',
  'product',
  'card',
  'loyalty_config',
  'customer_summary',
  'cashier',
  'scan_config',
  'pickup_order',
]);
export type PullTopic = z.infer<typeof pullTopicSchema>;

/** The till's view of its own queue, reported after each sync cycle for HQ's sync health page. */
export const deviceStatusSchema = z.object({
  pendingOps: z.number().int().nonnegative(),
  oldestPendingAt: z.iso.datetime({ offset: true }).nullable(),
  rejectedOps: z.number().int().nonnegative(),
  storagePersisted: z.boolean().nullable(),
});
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

export const pullInputSchema = z.object({
  /** Opaque; null starts from the beginning. */
  cursor: z.string().max(64).nullable(),
  limit: z.number().int().positive().max(MAX_PULL_PAGE).default(500),
  /** When given, must be the device's own store. */
  storeId: uuid.optional(),
  /**
   * Sent by tills that predate `sync.reportStatus`; still accepted (synced shapes only grow) but
   * ignored, because a pull is a read that may be repeated freely.
   */
  status: deviceStatusSchema.optional(),
});
export type PullInput = z.input<typeof pullInputSchema>;

/** `sync.reportStatus`: the queue figures, and whether this cycle's pull reached the end. */
export const reportStatusInputSchema = deviceStatusSchema.extend({
  pulled: z.boolean().optional(),
  /**
   * The server answered `gap` expecting this seq, before anything the till still holds: operations
   * the server had recorded were lost (a restore) and the till cannot send them again. null: no
   * such trouble now. Absent (older tills): the server keeps what it had.
   */
  cannotResendFromSeq: z.number().int().positive().nullable().optional(),
});
export type ReportStatusInput = z.infer<typeof reportStatusInputSchema>;

export const reportStatusOutputSchema = z.object({ recordedAt: z.string() });

export const pullChangeSchema = z.object({
  topic: z.string(),
  id: z.string(),
  /** null when the row was deleted. */
  data: z.unknown(),
});
export type PullChange = z.infer<typeof pullChangeSchema>;

export const pullOutputSchema = z.object({
  changes: z.array(pullChangeSchema),
  cursor: z.string().nullable(),
  hasMore: z.boolean(),
});
export type PullOutput = z.infer<typeof pullOutputSchema>;

/** Row shapes of the pull topics this app version can store. */
export const storeRowSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  currency: z.string(),
  /** Printed on receipts; optional, so stores pulled before it still validate. */
  address: z.string().optional(),
});
export const productRowSchema = z.object({
  id: z.string(),
  gtin: z.string(),
  name: z.string(),
  priceMinor: z.number().int(),
  /** The code a scale prints in a weighed label (docs/scanners.md); absent for goods never weighed. */
  itemCode: z.string().optional(),
  /** VAT rate in basis points (2000 = 20 %); optional: without it the chain's default applies. */
  vatRateBp: z.number().int().min(0).max(10_000).optional(),
  /**
   * True for goods under mandatory marking: sold only by the marking code on each unit, never by
   * the plain barcode (docs/scanners.md §6.5). Absent: an ordinary product.
   */
  marked: z.boolean().optional(),
});
export const cardRowSchema = z.object({
  number: z.string(),
  customerId: z.string(),
  maskedName: z.string(),
  status: z.enum(['active', 'blocked']),
});
/** `loyalty_config`, id `current`: the chain's loyalty rules, replaced whole on every change. */
export const loyaltyConfigRowSchema = loyaltyConfigSchema;
/**
 * `scan_config`, id `current`: the chain's card schemes and scale-label rules, replaced whole on
 * every change. `config` stays `unknown` here: the till checks it with `parseScanConfig`, so a
 * config a newer server writes is parked rather than half-read.
 */
export const scanConfigRowSchema = z.object({
  version: z.number().int().positive(),
  config: z.unknown(),
});
/** `pickup_order`, id = order id, only to the order's store (docs/sync-protocol.md §13). */
export { pickupOrderRowSchema } from '../domain/pickup';
/** `customer_summary`, id = customer id: what the customer panel shows, offline. */
export const customerSummaryRowSchema = z.object({
  customerId: z.string(),
  maskedName: z.string(),
  tierCode: z.string(),
  /** The server's balance when the row was written; the till subtracts its own unsynced burns. */
  pointsBalance: z.number().int(),
  /** Personal offers to show the cashier; none are issued yet, the list keeps the shape ready. */
  offers: z.array(z.object({ id: z.string(), title: z.string() })),
  /**
   * `phoneLookupKey` of the customer's phone, so a till finds the customer by the number they
   * say without holding every customer's phone. Optional: absent when the customer gave none.
   */
  phoneKey: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /**
   * What the customer has going on in the web shop, for the cashier (docs/web-sdk.md §6): the
   * open cart the shop last reported and the latest online orders. Optional: absent for a
   * customer with neither, and in rows from servers before it.
   */
  online: z
    .object({
      openCart: z
        .object({
          itemCount: z.number().int().nonnegative(),
          totalMinor: z.number().int().nonnegative(),
          currency: z.string(),
          updatedAt: z.string(),
        })
        .optional(),
      recentOrders: z
        .array(
          z.object({
            orderNumber: z.string(),
            status: z.string(),
            totalMinor: z.number().int().nonnegative(),
            currency: z.string(),
            placedAt: z.string(),
          }),
        )
        .max(5),
    })
    .optional(),
});
/**
 * `cashier`, id = cashier id, only to the cashier's store: enough to sign in offline. The PIN
 * travels only as its salted scrypt hash (shared/domain/pinHash.ts); `active: false` locks it out.
 */
export const cashierRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(['cashier', 'manager']),
  pinHash: pinHashSchema,
  active: z.boolean(),
});
export type CashierRow = z.infer<typeof cashierRowSchema>;

/**
 * The key a customer is found by from a phone number in E.164 form, on the server and at the till.
 *
 * @example phoneLookupKey('+79120000001') === phoneLookupKey('+79120000001') // true
 */
export function phoneLookupKey(e164: string): string {
  return sha256Hex(`phone:${e164}`);
}
export type StoreRow = z.infer<typeof storeRowSchema>;
export type CustomerSummaryRow = z.infer<typeof customerSummaryRowSchema>;
export type ProductRow = z.infer<typeof productRowSchema>;
export type CardRow = z.infer<typeof cardRowSchema>;

/**
 * The hash that binds an operation id to its content.
 *
 * @example payloadHash({ a: 1 }) === payloadHash({ a: 1 }) // true, whatever the key order
 */
export function payloadHash(payload: unknown): string {
  return sha256Hex(canonicalJson(payload));
}
