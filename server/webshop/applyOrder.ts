import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { PickupLineRow } from '../../shared/domain/pickup';
import { uuidv7 } from '../../shared/domain/uuidv7';
import {
  fulfillmentOrderInfoSchema,
  webOrderEventSchema,
  type FulfillmentOrderInfo,
  type MappedDelivery,
  type WebOrderEvent,
} from '../../shared/domain/webOrder';
import { parseJsonText } from '../../shared/validation';
import type { Database, Dialect } from '../db/schema';
import { isoTime } from '../ingest/adapters/mapping';
import { settleOrderPoints } from '../loyalty/orderPoints';
import { hashPickupCode, newPickupCode, newQrToken } from '../pickup/pickupCode';
import { partLines, publishPart, type OrderRow, type PartRow } from '../pickup/parts';
import type { Connection } from './connections';
import { publishClusterSummaries } from '../web/clusterSummaries';
import { observeOrder, orderPhone, withoutPerson } from './orderIdentity';
import { routeByOverride, routeOrder, routingOverrideSchema, type RoutedPart } from './routing';

export type ApplyResult = { outcome: 'applied' | 'ignored'; orderId: string | null; reason?: string };

const OPEN: readonly PartRow['status'][] = ['awaiting', 'ready'];

/**
 * Applies one mapped delivery inside its transaction (docs/webshop-ingestion.md §4). The order row
 * is locked first, so two deliveries of one order, in this process or another, apply one after
 * the other; an update whose platform time is not newer than the stored one changes nothing.
 */
export async function applyMappedDelivery(
  trx: Kysely<Database>,
  dialect: Dialect,
  connection: Connection,
  mapped: MappedDelivery,
  now: string,
): Promise<ApplyResult> {
  switch (mapped.kind) {
    case 'ignored':
      return { outcome: 'ignored', orderId: null, reason: mapped.reason };
    case 'fulfillment_order': {
      const order = await lockOrder(trx, dialect, connection.id, mapped.orderExternalId, now);
      const fos = storedFulfillmentOrders(order);
      const known = fos.get(mapped.fulfillmentOrder.id);
      if (known && known.updatedAt >= mapped.fulfillmentOrder.updatedAt) {
        return {
          outcome: 'ignored',
          orderId: order.id,
          reason: 'not newer than the stored fulfilment order',
        };
      }
      fos.set(mapped.fulfillmentOrder.id, mapped.fulfillmentOrder);
      const updated = await saveOrder(
        trx,
        order.id,
        { fulfillment_orders: JSON.stringify([...fos.values()]) },
        now,
      );
      await syncParts(trx, connection, updated, now);
      // Lines moved between delivery and a store pickup move what the order earns.
      await settleOrderPoints(trx, order.id, now);
      return { outcome: 'applied', orderId: order.id };
    }
    case 'order': {
      const order = await lockOrder(trx, dialect, connection.id, mapped.event.externalId, now);
      const updatedAt = isoTime(mapped.event.sourceUpdatedAt) ?? mapped.event.sourceUpdatedAt;
      if (order.source_updated_at !== null && updatedAt <= order.source_updated_at) {
        return { outcome: 'ignored', orderId: order.id, reason: 'not newer than the stored order' };
      }
      // The graph learns who placed it in this transaction; an erased person's order is kept
      // for the accounts and the desk without them (docs/identity.md §7).
      const identity = await observeOrder(trx, connection, order.id, mapped.event);
      const event = identity.outcome === 'suppressed' ? withoutPerson(mapped.event) : mapped.event;
      const fos = storedFulfillmentOrders(order);
      for (const fo of mapped.fulfillmentOrders ?? []) {
        const known = fos.get(fo.id);
        if (!known || known.updatedAt < fo.updatedAt) fos.set(fo.id, fo);
      }
      const updated = await saveOrder(
        trx,
        order.id,
        {
          order_number: event.orderNumber,
          platform_status: event.platformStatus,
          cancelled: event.cancelled ? 1 : 0,
          source_updated_at: updatedAt,
          currency: event.currency,
          total_minor: event.totalMinor,
          paid: event.paid ? 1 : 0,
          customer_email: event.customer.email ?? null,
          customer_phone: orderPhone(connection, event.customer.phone),
          customer_name: event.customer.name ?? null,
          shop_customer_id: event.customer.shopAccountId ?? null,
          visitor_id: identity.outcome === 'suppressed' ? null : (event.visitorId ?? order.visitor_id),
          attribution: JSON.stringify({
            ...(event.utm && { utm: event.utm }),
            ...(event.landingUrl && { landingUrl: event.landingUrl }),
            ...(event.referrer && { referrer: event.referrer }),
          }),
          // A code the shop chose is kept only as the part's hash, never in the stored order.
          event: JSON.stringify({ ...event, pickupCode: undefined }),
          fulfillment_orders: JSON.stringify([...fos.values()]),
          ...(event.placedAt && order.event === null && { placed_at: isoTime(event.placedAt) ?? now }),
        },
        now,
      );
      await syncParts(trx, connection, updated, now, event);
      await settleOrderPoints(trx, order.id, now);
      if (identity.customerId !== null) await publishClusterSummaries(trx, identity.customerId, now);
      return { outcome: 'applied', orderId: order.id };
    }
    default:
      return mapped satisfies never;
  }
}

/** The order's row, created as a stub when this is its first delivery, and locked on PostgreSQL. */
async function lockOrder(
  trx: Kysely<Database>,
  dialect: Dialect,
  connectionId: string,
  externalId: string,
  now: string,
): Promise<OrderRow> {
  await trx
    .insertInto('web_orders')
    .values({
      id: uuidv7(),
      connection_id: connectionId,
      external_id: externalId,
      order_number: null,
      platform_status: null,
      source_updated_at: null,
      currency: null,
      total_minor: null,
      customer_email: null,
      customer_phone: null,
      customer_name: null,
      shop_customer_id: null,
      visitor_id: null,
      attribution: null,
      event: null,
      fulfillment_orders: '[]',
      review_reason: null,
      card_number: null,
      customer_id: null,
      placed_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['connection_id', 'external_id']).doNothing())
    .execute();
  return trx
    .selectFrom('web_orders')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('external_id', '=', externalId)
    .$if(dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirstOrThrow();
}

async function saveOrder(
  trx: Kysely<Database>,
  id: string,
  values: Partial<OrderRow>,
  now: string,
): Promise<OrderRow> {
  await trx
    .updateTable('web_orders')
    .set({ ...values, updated_at: now })
    .where('id', '=', id)
    .execute();
  return trx.selectFrom('web_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

function storedFulfillmentOrders(order: OrderRow): Map<string, FulfillmentOrderInfo> {
  const parsed = parseJsonText(z.array(fulfillmentOrderInfoSchema), order.fulfillment_orders);
  return new Map(parsed.ok ? parsed.value.map((fo) => [fo.id, fo]) : []);
}

export function storedEvent(order: OrderRow): WebOrderEvent | null {
  if (order.event === null) return null;
  const parsed = parseJsonText(webOrderEventSchema, order.event);
  return parsed.ok ? parsed.value : null;
}

/**
 * Brings the order's store parts in line with its latest state: new parts for newly routed stores,
 * lines updated while a part is open, open parts cancelled when the shop cancels the order or
 * moves the part elsewhere. A part already collected, refused or expired is never reopened. When
 * routing needs a person, the order is flagged and its parts are left as they are; once a person
 * decided (`routing_override`), the order is routed by that decision.
 */
export async function syncParts(
  trx: Kysely<Database>,
  connection: Connection,
  order: OrderRow,
  now: string,
  live: WebOrderEvent | null = null,
): Promise<void> {
  const event = live ?? storedEvent(order);
  if (event === null) return; // only fulfilment orders so far: the order itself is still to come
  const override = order.routing_override
    ? parseJsonText(routingOverrideSchema, order.routing_override)
    : null;
  const routing = override?.ok
    ? routeByOverride(event, override.value)
    : routeOrder(event, [...storedFulfillmentOrders(order).values()], connection);
  if (routing.review !== order.review_reason) {
    await trx
      .updateTable('web_orders')
      .set({ review_reason: routing.review })
      .where('id', '=', order.id)
      .execute();
    order = { ...order, review_reason: routing.review };
  }
  if (routing.review !== null) return;

  const existing = await trx
    .selectFrom('pickup_parts')
    .selectAll()
    .where('order_id', '=', order.id)
    .execute();
  const wanted = new Map(routing.parts.map((p) => [p.storeId, p]));
  for (const part of existing) {
    if (!OPEN.includes(part.status)) continue;
    const routed = wanted.get(part.store_id);
    if (event.cancelled || !routed) {
      await changePart(
        trx,
        connection,
        order,
        part,
        {
          status: 'cancelled',
          settled_at: now,
          note: event.cancelled ? null : 'moved to another store by the shop',
        },
        now,
      );
      continue;
    }
    const lines = mergeLines(routed, partLines(part));
    const ready = event.readyForPickup === true && part.status === 'awaiting';
    if (JSON.stringify(lines) !== part.lines || ready) {
      const readiness = ready ? await readyFields(connection, event, now) : null;
      await changePart(
        trx,
        connection,
        order,
        part,
        { lines: JSON.stringify(lines), total_minor: sum(lines), ...readiness?.fields },
        now,
        readiness?.code,
      );
    }
  }
  if (event.cancelled) return;
  for (const routed of routing.parts) {
    if (existing.some((p) => p.store_id === routed.storeId)) continue;
    const lines = mergeLines(routed, []);
    const readiness = event.readyForPickup ? await readyFields(connection, event, now) : null;
    const part: PartRow = {
      order_id: order.id,
      store_id: routed.storeId,
      status: 'awaiting',
      revision: 1,
      lines: JSON.stringify(lines),
      total_minor: sum(lines),
      pickup_code_hash: null,
      qr_token: newQrToken(),
      ready_at: null,
      hold_until: null,
      settled_at: null,
      note: null,
      created_at: now,
      updated_at: now,
      shelved_at: null,
      shelved_by: null,
      ...readiness?.fields,
    };
    await trx.insertInto('pickup_parts').values(part).execute();
    await publishPart(
      trx,
      connection,
      order,
      part,
      { previousStatus: null, ...(readiness && { pickupCode: readiness.code }) },
      now,
    );
  }
}

/**
 * Makes a part ready: the hold period starts now, and a pickup code is drawn (or the shop's own,
 * when its generic payload gave one). The code leaves this function only towards the webhook.
 */
export async function readyFields(
  connection: Connection,
  event: Pick<WebOrderEvent, 'pickupCode'> | null,
  now: string,
): Promise<{ fields: Partial<PartRow>; code: string }> {
  const code = event?.pickupCode ?? newPickupCode();
  const holdUntil = new Date(Date.parse(now) + connection.holdDays * 24 * 60 * 60 * 1000).toISOString();
  return {
    code,
    fields: {
      status: 'ready',
      ready_at: now,
      hold_until: holdUntil,
      pickup_code_hash: JSON.stringify(await hashPickupCode(code)),
    },
  };
}

/** Updates a part, raises its revision, and publishes it (and its webhook when the state moved). */
export async function changePart(
  trx: Kysely<Database>,
  connection: Connection,
  order: OrderRow,
  part: PartRow,
  values: Partial<PartRow>,
  now: string,
  pickupCode?: string,
): Promise<PartRow> {
  const next: PartRow = { ...part, ...values, revision: Number(part.revision) + 1, updated_at: now };
  await trx
    .updateTable('pickup_parts')
    .set({ ...values, revision: next.revision, updated_at: now })
    .where('order_id', '=', part.order_id)
    .where('store_id', '=', part.store_id)
    .execute();
  await publishPart(
    trx,
    connection,
    order,
    next,
    { previousStatus: part.status, ...(pickupCode && { pickupCode }) },
    now,
  );
  return next;
}

/** The routed lines as the desk sees them, keeping what was already handed out. */
function mergeLines(routed: RoutedPart, before: PickupLineRow[]): PickupLineRow[] {
  return routed.lines.map(({ line, quantity }) => {
    const unit = line.unitPriceMinor;
    const share =
      line.quantity === quantity ? line.totalMinor : Math.round((line.totalMinor * quantity) / line.quantity);
    return {
      lineId: line.lineId,
      name: line.name,
      ...(line.gtin ? { gtin: line.gtin } : {}),
      ...(line.sku ? { sku: line.sku } : {}),
      quantity,
      collectedQuantity: before.find((b) => b.lineId === line.lineId)?.collectedQuantity ?? 0,
      unitPriceMinor: unit,
      totalMinor: share,
    };
  });
}

const sum = (lines: PickupLineRow[]) => lines.reduce((s, l) => s + l.totalMinor, 0);
