import { z } from 'zod';
import type { FulfilmentGroup, WebOrderEvent, WebOrderLine } from '../../../shared/domain/webOrder';
import { webOrderEventSchema } from '../../../shared/domain/webOrder';
import { parseUnknown } from '../../../shared/validation';
import { decimalToMinor } from '../decimalMoney';
import { anySecretMatches, bodySignature } from '../signatures';
import { cleanText, idText, isoTime, UTM_KEYS } from './mapping';
import { header, type Adapter } from './types';

/**
 * WooCommerce (docs/webshop-ingestion.md §2.3): `X-WC-Webhook-Signature`, the same base64
 * HMAC-SHA256 of the raw body as Shopify's, keyed with the webhook's secret; the topic in
 * `X-WC-Webhook-Topic`; the body is the REST API v3 order. Pickup is a shipping line with
 * `method_id` `local_pickup` (classic, no location: its title is what the mapping can match) or
 * `pickup_location` (checkout blocks: the location's name in the line's `pickup_location` meta).
 */

const id = z.union([z.number(), z.string()]).transform(String);
const money = z.union([z.string(), z.number()]);
const meta = z.array(z.looseObject({ key: z.string(), value: z.unknown() })).nullish();

const wooOrderSchema = z.looseObject({
  id,
  number: z.union([z.string(), z.number()]).nullish(),
  status: z.string(),
  currency: z.string(),
  date_created_gmt: z.string().nullish(),
  date_modified_gmt: z.string(),
  date_paid_gmt: z.string().nullish(),
  total: money,
  customer_id: z.union([z.number(), z.string()]).nullish(),
  billing: z
    .looseObject({
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
      email: z.string().nullish(),
      phone: z.string().nullish(),
    })
    .nullish(),
  line_items: z.array(
    z.looseObject({
      id,
      name: z.string().nullish(),
      sku: z.string().nullish(),
      quantity: z.number().int(),
      price: money,
      total: money,
      total_tax: money.nullish(),
    }),
  ),
  shipping_lines: z
    .array(
      z.looseObject({
        id,
        method_id: z.string().nullish(),
        method_title: z.string().nullish(),
        meta_data: meta,
      }),
    )
    .nullish(),
  meta_data: meta,
});

const PICKUP_METHODS = ['local_pickup', 'pickup_location'];
/** Order meta our WordPress snippet writes from the first-party visitor cookie. */
const VISITOR_META = '_omnitill_vid';

export const wooCommerceAdapter: Adapter = {
  verify(headers, body, secrets) {
    const received = header(headers, 'x-wc-webhook-signature') ?? '';
    const ok = anySecretMatches(secrets, received, (secret) => bodySignature(secret, body));
    return ok ? { ok: true } : { ok: false, message: 'X-WC-Webhook-Signature does not match the body' };
  },

  envelope(headers, json) {
    const topic = header(headers, 'x-wc-webhook-topic');
    if (!topic) return { ok: false, status: 400, message: 'X-WC-Webhook-Topic is required' };
    const body = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
    const resource = typeof body.id === 'number' || typeof body.id === 'string' ? String(body.id) : '-';
    const modified = typeof body.date_modified_gmt === 'string' ? body.date_modified_gmt : '-';
    // X-WC-Webhook-Delivery-ID is the webhook id and the current second, shared by two orders sent
    // in one second; the order and its own modification time name a delivery's content instead.
    return {
      ok: true,
      envelope: {
        topic: topic.slice(0, 80),
        dedupeKey: `woocommerce|${topic}|${resource}|${modified}`,
        deliveryId: header(headers, 'x-wc-webhook-delivery-id') ?? null,
        triggeredAt: null,
      },
    };
  },

  map(topic, json) {
    if (!topic.startsWith('order.'))
      return { kind: 'ignored', reason: `topic ${topic} is not an order topic` };
    const parsed = parseUnknown(wooOrderSchema, json);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
    const event = mapOrder(parsed.value, topic);
    return event.ok ? { kind: 'order', event: event.value } : { kind: 'invalid', error: event.error };
  },
};

function mapOrder(
  order: z.infer<typeof wooOrderSchema>,
  topic: string,
): { ok: true; value: WebOrderEvent } | { ok: false; error: string } {
  const currency = order.currency;
  const lines: WebOrderLine[] = [];
  for (const line of order.line_items) {
    const unit = decimalToMinor(line.price, currency);
    const total = decimalToMinor(line.total, currency);
    const tax = decimalToMinor(line.total_tax ?? '0', currency);
    if (unit === null || total === null || tax === null)
      return { ok: false, error: `line_items: amounts of line ${line.id}` };
    if (line.quantity <= 0) continue;
    lines.push({
      lineId: idText(line.id),
      name: cleanText(line.name ?? '', 200) || `Line ${line.id}`,
      ...(line.sku ? { sku: cleanText(line.sku, 64) } : {}),
      quantity: line.quantity,
      unitPriceMinor: unit,
      totalMinor: total + tax,
    });
  }
  const groups: FulfilmentGroup[] = (order.shipping_lines ?? []).map((sl) => {
    const method = sl.method_id ?? '';
    const pickup = PICKUP_METHODS.includes(method);
    const location = metaValue(sl.meta_data, 'pickup_location');
    const title = cleanText(location ?? sl.method_title ?? '', 200);
    return {
      id: idText(sl.id),
      method: pickup ? 'pickup' : 'delivery',
      ...(title ? { locationTitle: title } : {}),
    };
  });
  const total = decimalToMinor(order.total, currency);
  if (total === null) return { ok: false, error: 'total: not an amount' };
  const utm = Object.fromEntries(
    UTM_KEYS.flatMap((k) => {
      const value = metaValue(order.meta_data, `_wc_order_attribution_utm_${k}`);
      return value ? [[k, cleanText(value, 200)]] : [];
    }),
  );
  const visitor = metaValue(order.meta_data, VISITOR_META);
  const landing = metaValue(order.meta_data, '_wc_order_attribution_session_entry');
  const referrer = metaValue(order.meta_data, '_wc_order_attribution_referrer');
  const name = [order.billing?.first_name, order.billing?.last_name].filter(Boolean).join(' ');
  const customerId =
    order.customer_id !== undefined && order.customer_id !== null ? String(order.customer_id) : '0';
  const event = {
    externalId: idText(order.id),
    orderNumber: cleanText(String(order.number ?? order.id), 40),
    sourceUpdatedAt: isoTime(order.date_modified_gmt) ?? order.date_modified_gmt,
    ...(isoTime(order.date_created_gmt) ? { placedAt: isoTime(order.date_created_gmt) } : {}),
    platformStatus: cleanText(order.status, 40),
    cancelled:
      topic === 'order.deleted' || ['cancelled', 'refunded', 'failed', 'trash'].includes(order.status),
    paid: order.date_paid_gmt != null || ['processing', 'completed'].includes(order.status),
    currency,
    totalMinor: total,
    customer: {
      ...(order.billing?.email ? { email: cleanText(order.billing.email, 254) } : {}),
      ...(order.billing?.phone ? { phone: cleanText(order.billing.phone, 40) } : {}),
      ...(name ? { name: cleanText(name, 200) } : {}),
      ...(customerId !== '0' ? { shopAccountId: idText(customerId) } : {}),
    },
    lines,
    groups,
    ...(visitor ? { visitorId: cleanText(visitor, 128) } : {}),
    ...(Object.keys(utm).length > 0 ? { utm } : {}),
    ...(landing ? { landingUrl: cleanText(landing, 2000) } : {}),
    ...(referrer ? { referrer: cleanText(referrer, 2000) } : {}),
  };
  const checked = parseUnknown(webOrderEventSchema, event);
  return checked.ok ? { ok: true, value: checked.value } : { ok: false, error: checked.error };
}

/** The last value of a meta key: attribution meta repeats on checkout retries, the last one counts. */
function metaValue(entries: z.infer<typeof meta>, key: string): string | undefined {
  const found = (entries ?? []).filter((m) => m.key === key).at(-1);
  return found && (typeof found.value === 'string' || typeof found.value === 'number')
    ? String(found.value)
    : undefined;
}
