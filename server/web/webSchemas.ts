import { z } from 'zod';
import { MAX_WEB_EVENTS_PER_REQUEST } from '../../shared/domain/limits';
import { plainText } from '../../shared/domain/text';

/**
 * What a shop's page may send to the web endpoints (docs/web-sdk.md §3). Every text is plain and
 * bounded; money is integer minor units; unknown keys are dropped, never stored.
 */

/** The first-party visitor id the script keeps: a UUIDv7 of its own making, lower-case. */
export const visitorIdSchema = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'not a visitor id');

/** What the shop signs to vouch for an identify: `v1=<hex HMAC>` over the fields and the time. */
export const identifySignatureSchema = z.object({
  ts: z.number().int().min(0).max(1e13),
  sig: z.string().regex(/^v1=[0-9a-f]{64}$/, 'v1=<64 hex digits>'),
});

export const identifyBodySchema = z.object({
  visitorId: visitorIdSchema,
  shopAccountId: plainText(128).optional(),
  email: plainText(254).optional(),
  phone: plainText(40).optional(),
  signature: identifySignatureSchema.optional(),
  consent: z.object({ personalData: z.boolean().optional(), marketing: z.boolean().optional() }).optional(),
});
export type IdentifyBody = z.infer<typeof identifyBodySchema>;

const url = plainText(2000);

export const pageEventSchema = z.object({
  type: z.literal('page'),
  url,
  title: plainText(300, 0).optional(),
  referrer: plainText(2000, 0).optional(),
});

const minor = z.number().int().min(0).max(1e12);

export const cartEventSchema = z.object({
  type: z.literal('cart'),
  cartId: plainText(128).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code'),
  totalMinor: minor,
  lines: z
    .array(
      z.object({
        sku: plainText(64),
        name: plainText(200, 0).optional(),
        quantity: z.number().int().min(0).max(100_000),
        priceMinor: minor,
      }),
    )
    .max(200),
});

export const webEventSchema = z.discriminatedUnion('type', [pageEventSchema, cartEventSchema]);
export type WebEvent = z.infer<typeof webEventSchema>;

export const eventsBodySchema = z.object({
  visitorId: visitorIdSchema,
  events: z.array(webEventSchema).min(1).max(MAX_WEB_EVENTS_PER_REQUEST),
});
export type EventsBody = z.infer<typeof eventsBodySchema>;

export const linkBodySchema = z.object({
  visitorId: visitorIdSchema,
  /** As typed or read from the receipt QR's `/l/<code>` URL; the script sends the code part. */
  code: plainText(40),
});
export type LinkBody = z.infer<typeof linkBodySchema>;
