import { z } from 'zod';
import { webOrderEventSchema } from '../../../shared/domain/webOrder';
import { parseUnknown } from '../../../shared/validation';
import { anySecretMatches, checkTimestamp, genericSignature } from '../signatures';
import { header, type Adapter } from './types';

/**
 * Our own signed JSON format for any shop, ERP or middleware (docs/webshop-ingestion.md §2.1):
 * `X-OmniTill-Event-Id` (a UUID, one per delivery, kept across its retries),
 * `X-OmniTill-Timestamp` (unix seconds) and
 * `X-OmniTill-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>`.
 */
export const GENERIC_SCHEMA = 'omnitill.order.v1';

export const genericOrderSchema = webOrderEventSchema
  .omit({ cancelled: true, readyForPickup: true })
  .extend({ cancelled: z.boolean().optional() });

export const genericBodySchema = z.object({
  schema: z.literal(GENERIC_SCHEMA),
  type: z.enum(['created', 'updated', 'paid', 'cancelled', 'ready_for_pickup']),
  order: genericOrderSchema,
});
export type GenericBody = z.input<typeof genericBodySchema>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const genericAdapter: Adapter = {
  verify(headers, body, secrets, nowMs) {
    const timestamp = header(headers, 'x-omnitill-timestamp');
    const fresh = checkTimestamp(timestamp, nowMs);
    if (!fresh.ok) return { ok: false, message: fresh.reason };
    const received = header(headers, 'x-omnitill-signature') ?? '';
    const ok = anySecretMatches(secrets, received, (secret) =>
      genericSignature(secret, timestamp ?? '', body),
    );
    return ok ? { ok: true } : { ok: false, message: 'X-OmniTill-Signature does not match the body' };
  },

  envelope(headers, json, bodyHash) {
    const eventId = header(headers, 'x-omnitill-event-id') ?? '';
    if (!UUID.test(eventId))
      return { ok: false, status: 400, message: 'X-OmniTill-Event-Id: a UUID is required' };
    const type =
      typeof json === 'object' && json !== null && 'type' in json && typeof json.type === 'string'
        ? json.type.slice(0, 40)
        : 'unknown';
    // The event id names the delivery; the body's hash keeps a reused id with other content apart.
    return {
      ok: true,
      envelope: {
        topic: type,
        dedupeKey: `generic|${eventId.toLowerCase()}|${bodyHash}`,
        deliveryId: eventId,
        triggeredAt: null,
      },
    };
  },

  map(_topic, json) {
    const parsed = parseUnknown(genericBodySchema, json);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
    const { type, order } = parsed.value;
    return {
      kind: 'order',
      event: {
        ...order,
        cancelled: type === 'cancelled' || order.cancelled === true,
        ...(type === 'ready_for_pickup' && { readyForPickup: true }),
      },
    };
  },
};
