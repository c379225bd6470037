import { z } from 'zod';
import type {
  FulfilmentGroup,
  FulfillmentOrderInfo,
  WebOrderEvent,
  WebOrderLine,
} from '../../../shared/domain/webOrder';
import { fulfillmentOrderInfoSchema, webOrderEventSchema } from '../../../shared/domain/webOrder';
import { parseUnknown } from '../../../shared/validation';
import type { Connection } from '../../webshop/connections';
import { decimalToMinor } from '../decimalMoney';
import { anySecretMatches, bodySignature } from '../signatures';
import { attributionFromUrl, cleanText, idText, isoTime, pickupTitleMatches } from './mapping';
import { header, type Adapter } from './types';

/**
 * Shopify (docs/webshop-ingestion.md §2.2): `X-Shopify-Hmac-Sha256` over the raw body, the topic in
 * `X-Shopify-Topic`, the delivery in `X-Shopify-Webhook-Id`. Order topics carry the REST order;
 * `fulfillment_orders/*` topics carry a fulfilment order, which says exactly which lines are picked
 * up at which location. Unknown fields are kept in the stored body and ignored here.
 */

const id = z.union([z.number(), z.string()]).transform(String);
const money = z.union([z.string(), z.number()]);

const shopifyLineSchema = z.looseObject({
  id,
  title: z.string().nullish(),
  name: z.string().nullish(),
  sku: z.string().nullish(),
  quantity: z.number().int(),
  price: money,
  total_discount: money.nullish(),
});

const shopifyOrderSchema = z.looseObject({
  id,
  name: z.string().nullish(),
  order_number: z.union([z.number(), z.string()]).nullish(),
  created_at: z.string().nullish(),
  updated_at: z.string(),
  cancelled_at: z.string().nullish(),
  financial_status: z.string().nullish(),
  currency: z.string(),
  total_price: money,
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  phone: z.string().nullish(),
  customer: z
    .looseObject({
      id: id.nullish(),
      email: z.string().nullish(),
      phone: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
    })
    .nullish(),
  billing_address: z.looseObject({ name: z.string().nullish(), phone: z.string().nullish() }).nullish(),
  line_items: z.array(shopifyLineSchema),
  shipping_lines: z
    .array(z.looseObject({ id: id.nullish(), title: z.string().nullish(), code: z.string().nullish() }))
    .nullish(),
  note_attributes: z.array(z.looseObject({ name: z.string(), value: z.unknown() })).nullish(),
  landing_site: z.string().nullish(),
  referring_site: z.string().nullish(),
  fulfillment_orders: z.array(z.unknown()).nullish(),
});

const shopifyFulfillmentOrderSchema = z.looseObject({
  id,
  order_id: id,
  status: z.string().nullish(),
  updated_at: z.string().nullish(),
  assigned_location_id: id.nullish(),
  assigned_location: z.looseObject({ location_id: id.nullish(), name: z.string().nullish() }).nullish(),
  delivery_method: z.looseObject({ method_type: z.string().nullish() }).nullish(),
  line_items: z.array(z.looseObject({ line_item_id: id, quantity: z.number().int() })).nullish(),
  fulfillment_order_line_items: z
    .array(z.looseObject({ line_item_id: id, quantity: z.number().int() }))
    .nullish(),
});

/** Cart attributes our storefront script writes before checkout (docs/webshop-ingestion.md §2.2). */
const VISITOR_ATTRIBUTE = 'omnitill_vid';

export const shopifyAdapter: Adapter = {
  verify(headers, body, secrets) {
    const received = header(headers, 'x-shopify-hmac-sha256') ?? '';
    const ok = anySecretMatches(secrets, received, (secret) => bodySignature(secret, body));
    return ok ? { ok: true } : { ok: false, message: 'X-Shopify-Hmac-Sha256 does not match the body' };
  },

  envelope(headers, _json, bodyHash) {
    const topic = header(headers, 'x-shopify-topic');
    if (!topic) return { ok: false, status: 400, message: 'X-Shopify-Topic is required' };
    const webhookId = header(headers, 'x-shopify-webhook-id') ?? null;
    // One delivery and its retries share the webhook id and the original body; X-Shopify-Event-Id
    // is shared by every webhook one merchant action produces, so it is never the key.
    return {
      ok: true,
      envelope: {
        topic: topic.slice(0, 80),
        dedupeKey: `shopify|${topic}|${webhookId ?? '-'}|${bodyHash}`,
        deliveryId: webhookId,
        triggeredAt: isoTime(header(headers, 'x-shopify-triggered-at')) ?? null,
      },
    };
  },

  map(topic, json, connection) {
    if (topic.startsWith('fulfillment_orders/')) {
      const raw =
        typeof json === 'object' && json !== null && 'fulfillment_order' in json
          ? json.fulfillment_order
          : json;
      const fo = mapFulfillmentOrder(raw);
      if (!fo.ok) return { kind: 'ignored', reason: fo.reason };
      return { kind: 'fulfillment_order', orderExternalId: fo.orderId, fulfillmentOrder: fo.value };
    }
    if (!topic.startsWith('orders/'))
      return { kind: 'ignored', reason: `topic ${topic} is not an order topic` };
    const parsed = parseUnknown(shopifyOrderSchema, json);
    if (!parsed.ok) return { kind: 'invalid', error: parsed.error };
    const order = parsed.value;
    const event = mapOrder(order, connection);
    if (!event.ok) return { kind: 'invalid', error: event.error };
    const fulfillmentOrders = (order.fulfillment_orders ?? []).flatMap((raw) => {
      const fo = mapFulfillmentOrder(raw);
      return fo.ok ? [fo.value] : [];
    });
    return { kind: 'order', event: event.value, ...(fulfillmentOrders.length > 0 && { fulfillmentOrders }) };
  },
};

type Mapped<T> = { ok: true; value: T } | { ok: false; error: string };

function mapOrder(order: z.infer<typeof shopifyOrderSchema>, connection: Connection): Mapped<WebOrderEvent> {
  const currency = order.currency;
  const lines: WebOrderLine[] = [];
  for (const line of order.line_items) {
    const unit = decimalToMinor(line.price, currency);
    const discount = decimalToMinor(line.total_discount ?? '0', currency);
    if (unit === null || discount === null)
      return { ok: false, error: `line_items: price of line ${line.id}` };
    if (line.quantity <= 0) continue; // removed by an order edit
    lines.push({
      lineId: idText(line.id),
      name: cleanText(line.name ?? line.title ?? '', 200) || `Line ${line.id}`,
      ...(line.sku ? { sku: cleanText(line.sku, 64) } : {}),
      quantity: line.quantity,
      unitPriceMinor: unit,
      totalMinor: Math.max(0, unit * line.quantity - discount),
    });
  }
  const total = decimalToMinor(order.total_price, currency);
  if (total === null) return { ok: false, error: 'total_price: not an amount' };
  // The order names a pickup location only as its shipping line's title: a line whose title is a
  // mapped location is pickup there; any other is delivery.
  const groups: FulfilmentGroup[] = (order.shipping_lines ?? []).map((sl, n) => {
    const title = cleanText(sl.title ?? sl.code ?? '', 200);
    const pickup = pickupTitleMatches(connection, title) || pickupTitleMatches(connection, sl.code ?? '');
    return {
      id: idText(sl.id ?? `shipping-${n + 1}`),
      method: pickup ? 'pickup' : 'delivery',
      ...(title ? { locationTitle: title } : {}),
    };
  });
  const attributes = new Map(
    (order.note_attributes ?? []).flatMap((a) =>
      typeof a.value === 'string' || typeof a.value === 'number' ? [[a.name, String(a.value)] as const] : [],
    ),
  );
  const fromUrl = attributionFromUrl(order.landing_site ?? undefined);
  const utm = Object.fromEntries(
    (['source', 'medium', 'campaign', 'term', 'content'] as const).flatMap((k) => {
      const value = attributes.get(`utm_${k}`) ?? fromUrl[k];
      return value ? [[k, cleanText(value, 200)]] : [];
    }),
  );
  const customerName = [order.customer?.first_name, order.customer?.last_name].filter(Boolean).join(' ');
  const event = {
    externalId: idText(order.id),
    orderNumber: cleanText(order.name ?? `#${order.order_number ?? order.id}`, 40),
    sourceUpdatedAt: isoTime(order.updated_at) ?? order.updated_at,
    ...(isoTime(order.created_at ?? undefined) ? { placedAt: isoTime(order.created_at ?? undefined) } : {}),
    platformStatus: cleanText(order.financial_status ?? 'unknown', 40),
    cancelled: order.cancelled_at != null,
    paid: ['paid', 'partially_refunded', 'refunded'].includes(order.financial_status ?? ''),
    currency,
    totalMinor: total,
    customer: compact({
      email: order.email ?? order.contact_email ?? order.customer?.email ?? undefined,
      phone: order.phone ?? order.customer?.phone ?? order.billing_address?.phone ?? undefined,
      name: customerName || order.billing_address?.name || undefined,
      shopAccountId: order.customer?.id ?? undefined,
    }),
    lines,
    groups,
    ...(attributes.get(VISITOR_ATTRIBUTE)
      ? { visitorId: cleanText(attributes.get(VISITOR_ATTRIBUTE) ?? '', 128) }
      : {}),
    ...(Object.keys(utm).length > 0 ? { utm } : {}),
    ...(order.landing_site ? { landingUrl: cleanText(order.landing_site, 2000) } : {}),
    ...(order.referring_site ? { referrer: cleanText(order.referring_site, 2000) } : {}),
  };
  const checked = parseUnknown(webOrderEventSchema, event);
  return checked.ok ? { ok: true, value: checked.value } : { ok: false, error: checked.error };
}

function mapFulfillmentOrder(
  raw: unknown,
): { ok: true; value: FulfillmentOrderInfo; orderId: string } | { ok: false; reason: string } {
  const parsed = parseUnknown(shopifyFulfillmentOrderSchema, raw);
  if (!parsed.ok) return { ok: false, reason: `fulfillment order not readable: ${parsed.error}` };
  const fo = parsed.value;
  const lines = fo.line_items ?? fo.fulfillment_order_line_items;
  const updatedAt = isoTime(fo.updated_at ?? undefined);
  // Some fulfilment-order topics carry only the id and status; those need the Admin API to read.
  if (!lines || !updatedAt) return { ok: false, reason: 'fulfillment order without its lines or updated_at' };
  const methodType = fo.delivery_method?.method_type ?? '';
  const method =
    methodType === 'pick_up'
      ? 'pickup'
      : methodType === 'shipping' || methodType === 'local'
        ? 'delivery'
        : methodType === 'none'
          ? 'digital'
          : 'other';
  const locationId = fo.assigned_location_id ?? fo.assigned_location?.location_id ?? undefined;
  const title = fo.assigned_location?.name ?? undefined;
  const info = {
    id: idText(fo.id),
    method,
    ...(locationId ? { locationId: idText(locationId) } : {}),
    ...(title ? { locationTitle: cleanText(title, 200) } : {}),
    lines: lines.map((l) => ({ lineId: idText(l.line_item_id), quantity: Math.max(0, l.quantity) })),
    updatedAt,
    // `closed` means fulfilled, which still says where its lines went; `cancelled` assigns nothing.
    closed: fo.status === 'cancelled',
  };
  const checked = parseUnknown(fulfillmentOrderInfoSchema, info);
  if (!checked.ok) return { ok: false, reason: checked.error };
  return { ok: true, value: checked.value, orderId: idText(fo.order_id) };
}

function compact<T extends Record<string, string | undefined>>(value: T): { [K in keyof T]?: string } {
  return Object.fromEntries(
    Object.entries(value).flatMap(([k, v]) => (v ? [[k, cleanText(v, k === 'email' ? 254 : 200)]] : [])),
  ) as { [K in keyof T]?: string };
}
