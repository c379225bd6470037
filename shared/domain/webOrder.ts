import { z } from 'zod';
import { currencyCode, nonNegativeMinor } from './money';
import { plainText } from './text';

/**
 * A web-shop order as the server understands it, whichever platform sent it: every adapter
 * (generic, Shopify, WooCommerce) maps its payload to this one shape, and only this shape is
 * applied (docs/webshop-ingestion.md §4). Money is in integer minor units; the platform's own
 * modification time orders updates, never the time a delivery arrived.
 */

const text = (max: number) => plainText(max);

export const webOrderLineSchema = z.object({
  /** Stable within the order: the shop's line id. */
  lineId: text(64),
  name: text(200),
  sku: text(64).optional(),
  gtin: z
    .string()
    .regex(/^\d{8,14}$/)
    .optional(),
  quantity: z.number().int().positive().max(100_000),
  unitPriceMinor: nonNegativeMinor,
  totalMinor: nonNegativeMinor,
  /** The fulfilment group the line belongs to, when the shop says so. */
  groupId: text(64).optional(),
});
export type WebOrderLine = z.infer<typeof webOrderLineSchema>;

/**
 * One way part of an order reaches the customer. A pickup group names its location by id, by
 * title, or both; the connection's mapping turns that into one of our stores.
 */
export const fulfilmentGroupSchema = z.object({
  id: text(64),
  method: z.enum(['pickup', 'delivery', 'digital', 'other']),
  locationId: text(64).optional(),
  locationTitle: text(200).optional(),
});
export type FulfilmentGroup = z.infer<typeof fulfilmentGroupSchema>;

export const utmSchema = z
  .object({
    source: text(200),
    medium: text(200),
    campaign: text(200),
    term: text(200),
    content: text(200),
  })
  .partial();

export const webOrderEventSchema = z.object({
  externalId: text(64),
  /** What the customer sees: `#1001`, `WEB-10042`. */
  orderNumber: text(40),
  /** The platform's modification time; an update older than the stored one changes nothing. */
  sourceUpdatedAt: z.iso.datetime({ offset: true }),
  placedAt: z.iso.datetime({ offset: true }).optional(),
  /** The platform's status, kept verbatim. */
  platformStatus: text(40),
  cancelled: z.boolean(),
  paid: z.boolean(),
  currency: currencyCode,
  totalMinor: nonNegativeMinor,
  customer: z.object({
    email: text(254).optional(),
    phone: text(40).optional(),
    name: text(200).optional(),
    shopAccountId: text(64).optional(),
  }),
  lines: z.array(webOrderLineSchema).min(1).max(500),
  groups: z.array(fulfilmentGroupSchema).max(50),
  visitorId: text(128).optional(),
  utm: utmSchema.optional(),
  landingUrl: text(2000).optional(),
  referrer: text(2000).optional(),
  /** A 6-digit pickup code the shop chose and already told the customer (generic format only). */
  pickupCode: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  /** The shop says the pickup parts are ready (generic `ready_for_pickup`). */
  readyForPickup: z.boolean().optional(),
});
export type WebOrderEvent = z.infer<typeof webOrderEventSchema>;

/**
 * A Shopify fulfilment order: which lines go by which method from which location. It is what
 * routes a mixed order's lines exactly; the order webhook names a pickup location only by title.
 */
export const fulfillmentOrderInfoSchema = z.object({
  id: text(64),
  method: z.enum(['pickup', 'delivery', 'digital', 'other']),
  locationId: text(64).optional(),
  locationTitle: text(200).optional(),
  lines: z.array(z.object({ lineId: text(64), quantity: z.number().int().nonnegative() })).max(500),
  updatedAt: z.iso.datetime({ offset: true }),
  /** Cancelled or replaced (Shopify moves lines to a new fulfilment order): it assigns nothing now. */
  closed: z.boolean(),
});
export type FulfillmentOrderInfo = z.infer<typeof fulfillmentOrderInfoSchema>;

/** What an adapter makes of one delivery. */
export type MappedDelivery =
  | { kind: 'order'; event: WebOrderEvent; fulfillmentOrders?: FulfillmentOrderInfo[] }
  | { kind: 'fulfillment_order'; orderExternalId: string; fulfillmentOrder: FulfillmentOrderInfo }
  | { kind: 'ignored'; reason: string };
