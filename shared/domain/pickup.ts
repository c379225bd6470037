import { z } from 'zod';
import { cardNumberSchema } from './cardIssue';
import { pinHashSchema } from './pinHash';
import { plainText } from './text';
import { UUID_V7 } from './uuidv7';

/**
 * Click-and-collect as the store sees it: the `pickup_order` pull topic (what the server sends a
 * store about its web-shop orders) and the `pickup.confirm` operation (what a pickup desk records,
 * offline too). The server owns the order's state; the desk only reports what it handed out, and
 * the server applies that conditionally (docs/sync-protocol.md).
 */

/**
 * States of a store's part of a web-shop order.
 * - `awaiting`: the shop has the order, the store has not yet picked it.
 * - `ready`: picked and waiting at the desk until `holdUntil`.
 * - `collected` / `partly_collected`: a desk handed out every line, or some and refused others.
 * - `refused`: the customer refused everything at the desk.
 * - `expired`: not collected within the hold period; the goods go back to the shelf.
 * - `cancelled`: the shop cancelled it.
 */
export const pickupStatusSchema = z.enum([
  'awaiting',
  'ready',
  'collected',
  'partly_collected',
  'refused',
  'expired',
  'cancelled',
]);
export type PickupStatus = z.infer<typeof pickupStatusSchema>;

/** States from which a desk may still hand the order out. */
export const HANDOUT_OPEN_STATES: readonly PickupStatus[] = ['awaiting', 'ready'];

export const pickupLineRowSchema = z.object({
  /** Stable within the order: the shop's line id, or its position when the shop has none. */
  lineId: z.string().min(1).max(64),
  name: z.string(),
  /** GTIN or SKU when the shop sends one, so the desk can scan the goods it hands out. */
  gtin: z.string().optional(),
  sku: z.string().optional(),
  quantity: z.number().int().positive(),
  /** Handed out so far (a confirmed pickup on the server). */
  collectedQuantity: z.number().int().nonnegative(),
  unitPriceMinor: z.number().int().nonnegative(),
  totalMinor: z.number().int().nonnegative(),
});
export type PickupLineRow = z.infer<typeof pickupLineRowSchema>;

/**
 * `pickup_order`, id = order id, sent only to the order's store. Only this store's part of a mixed
 * order (pickup here, delivery or another store elsewhere) is in `lines`.
 */
export const pickupOrderRowSchema = z.object({
  id: z.string(),
  /** What the customer says and the shop prints: `WEB-10042`, `#1001`. Also in the order QR. */
  orderNumber: z.string(),
  storeId: z.string(),
  status: pickupStatusSchema,
  /** Raised by the server on every change, so a desk never keeps an older copy over a newer one. */
  revision: z.number().int().nonnegative(),
  currency: z.string().length(3),
  totalMinor: z.number().int().nonnegative(),
  /** `paid`: nothing to take at the desk; `pay_at_pickup`: the till takes payment. */
  payment: z.enum(['paid', 'pay_at_pickup']),
  customer: z.object({
    /** As the customer panel shows names: `Anna S.`. */
    maskedName: z.string(),
    /** `phoneLookupKey` of the order's phone, to find the order by the number the customer says. */
    phoneKey: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
    /** Last digits only, to read back to the customer. */
    phoneTail: z.string().max(4).optional(),
    /** A loyalty card already linked to the order's customer, to find it by scanning the card. */
    cardNumbers: z.array(z.string()).max(20),
  }),
  /**
   * The pickup code as a salted scrypt hash, checked at the desk offline in constant time. null:
   * the order has no code, and the desk records an ID check instead.
   */
  pickupCodeHash: pinHashSchema.nullable(),
  /** Token of the order QR (`OMNI-O:<orderNumber>:<token>`); a QR without it still finds the order. */
  qrToken: z.string().max(64).nullable(),
  lines: z.array(pickupLineRowSchema).max(500),
  /** Server times. `holdUntil` null while awaiting. */
  placedAt: z.string(),
  readyAt: z.string().nullable(),
  holdUntil: z.string().nullable(),
  /** Set when the server refused a desk's confirmation (`rejected`), so every desk can see why. */
  note: z.string().optional(),
});
export type PickupOrderRow = z.infer<typeof pickupOrderRowSchema>;

/** How the desk made sure the goods went to their owner. */
export const pickupVerificationSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('code'),
    /** Wrong codes typed before the right one, counted and reported to HQ. */
    failedAttempts: z.number().int().nonnegative().max(1000),
  }),
  z.object({
    method: z.literal('id_check'),
    /** What the clerk saw, e.g. `passport, last 4: 1234`; never a full document number. */
    note: z.string().trim().min(1).max(200),
    failedAttempts: z.number().int().nonnegative().max(1000),
  }),
]);

export const pickupHandoutLineSchema = z.object({
  lineId: z.string().min(1).max(64),
  handedQuantity: z.number().int().nonnegative(),
  refusedQuantity: z.number().int().nonnegative(),
  /** Required when something on the line was refused. */
  refusalReason: z.string().trim().max(200).nullable(),
});

/**
 * `pickup.confirm`, schema version 1: one hand-out at a desk. The server applies it only while the
 * order is open, at the order's own store, and before it expired; otherwise it answers `rejected`
 * with `already_collected`, `wrong_store`, `expired`, `cancelled` or `unknown_order`, and HQ lists
 * it. Two desks confirming the same order: the first to reach the server wins.
 */
export const pickupConfirmSchema = z
  .object({
    /** Made by the desk: the id of this hand-out. */
    pickupId: z.string().regex(UUID_V7, 'a UUIDv7'),
    orderId: z.string().min(1).max(64),
    /** The revision the desk saw, kept as evidence of what it showed the clerk. */
    seenRevision: z.number().int().nonnegative(),
    verification: pickupVerificationSchema,
    lines: z.array(pickupHandoutLineSchema).min(1).max(500),
    /** A loyalty card scanned at the desk: the server links the order's customer to it. */
    cardNumber: cardNumberSchema.nullable(),
    /** The signed-in cashier, when the store uses sign-in. */
    cashierId: z.string().regex(UUID_V7).nullable(),
    /** The desk's clock: shown to people, never used for order. */
    wallTime: z.iso.datetime({ offset: true }),
  })
  .refine((p) => p.lines.every((l) => l.refusedQuantity === 0 || (l.refusalReason ?? '') !== ''), {
    message: 'a refused line needs its reason',
    path: ['lines'],
  })
  .refine((p) => new Set(p.lines.map((l) => l.lineId)).size === p.lines.length, {
    message: 'each line once',
    path: ['lines'],
  });
export type PickupConfirm = z.output<typeof pickupConfirmSchema>;

/** Reasons the server refuses a `pickup.confirm`, shown at the desk and listed at HQ. */
export const pickupRejectReasonSchema = z.enum([
  'already_collected',
  'wrong_store',
  'expired',
  'cancelled',
  'unknown_order',
  'line_mismatch',
]);
export type PickupRejectReason = z.infer<typeof pickupRejectReasonSchema>;

/** Free text of a hand-out as the server stores it (see `saleStoredTextSchema` for why apart). */
export const pickupStoredTextSchema = z.object({
  verificationNote: plainText(200).nullable(),
  refusalReasons: z.array(plainText(200).nullable()),
});
